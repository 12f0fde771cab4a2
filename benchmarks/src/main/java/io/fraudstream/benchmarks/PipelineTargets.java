package io.fraudstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Issue 13's targets for the pipeline (2-core machine, exactly once), evaluated on one run's figures: its max
 * throughput against the relay's and the one-hop ceiling's in the same run, its latency at 5,000 events/s (the
 * visible-latency target depends on the {@link StreamsProfile}), and 10,000 events/s for 60 s with a lag that does
 * not grow ({@link LagSeries#trend}). A target whose figure the run did not measure says so and how to measure it.
 */
final class PipelineTargets {

    static final double RELAY_SHARE = 0.35;
    static final double CEILING_SHARE = 0.6;
    static final int LATENCY_RATE = 5_000;
    static final long APPEND_P99_MS = 40;
    static final int SUSTAINED_RATE = 10_000;
    static final int SUSTAINED_SECONDS = 60;
    /** The throughput ratios are judged over at least this many events (shorter runs are dominated by their start). */
    static final int RATIO_EVENTS = 200_000;

    /** A target's outcome. */
    enum Status {
        MET("met"),
        NOT_MET("NOT met"),
        NOT_MEASURED("not measured");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** One target: what it asks, what the run measured, and whether that meets it. */
    record Verdict(String target, String measured, Status status) {}

    /** Max throughputs of one run (events/s; NaN when not measured), each over {@code events} after the warm-up. */
    record Maxima(double pipeline, double relay, double ceiling, int events) {
        double relayRatio() {
            return pipeline / relay;
        }

        double ceilingRatio() {
            return pipeline / ceiling;
        }
    }

    private PipelineTargets() {}

    /** Every target, in the order. */
    static List<Verdict> evaluate(StreamsProfile profile, Maxima max, List<PhaseResult> rows) {
        List<Verdict> v = new ArrayList<>();
        v.add(ratio(
                String.format(Locale.ROOT, "pipeline / relay >= %.2f", RELAY_SHARE),
                max.relayRatio(),
                RELAY_SHARE,
                max.events(),
                String.format(Locale.ROOT, " (pipeline %,.0f, relay %,.0f ev/s)", max.pipeline(), max.relay()),
                "relay not measured"));
        v.add(ratio(
                String.format(Locale.ROOT, "pipeline / one-hop ceiling >= %.2f", CEILING_SHARE),
                max.ceilingRatio(),
                CEILING_SHARE,
                max.events(),
                String.format(Locale.ROOT, " (pipeline %,.0f, ceiling %,.0f ev/s)", max.pipeline(), max.ceiling()),
                "ceiling not run (--no-shape-ceiling)"));
        Optional<PhaseResult> at5k =
                rows.stream().filter(r -> r.offered() == LATENCY_RATE).findFirst();
        v.add(latency(
                String.format(Locale.ROOT, "append p99 <= %d ms at %,d ev/s", APPEND_P99_MS, LATENCY_RATE),
                at5k,
                APPEND_P99_MS,
                false));
        v.add(latency(
                String.format(
                        Locale.ROOT,
                        "visible p99 <= %d ms at %,d ev/s (%s profile)",
                        profile.visibleP99TargetMs(),
                        LATENCY_RATE,
                        profile.label()),
                at5k,
                profile.visibleP99TargetMs(),
                true));
        v.add(sustained(rows.stream().filter(r -> r.offered() == SUSTAINED_RATE).findFirst()));
        return v;
    }

    private static Verdict ratio(String target, double ratio, double share, int events, String detail, String missing) {
        if (!Double.isFinite(ratio)) {
            return new Verdict(target, "-: " + missing, Status.NOT_MEASURED);
        }
        if (events < RATIO_EVENTS) {
            return new Verdict(
                    target,
                    ratio(ratio)
                            + detail
                            + String.format(
                                    Locale.ROOT,
                                    " over %,d events (judged over %,d: --events %d)",
                                    events,
                                    RATIO_EVENTS,
                                    RATIO_EVENTS),
                    Status.NOT_MEASURED);
        }
        return new Verdict(target, ratio(ratio) + detail, ratio >= share ? Status.MET : Status.NOT_MET);
    }

    private static Verdict latency(String target, Optional<PhaseResult> row, long limitMs, boolean visible) {
        if (row.isEmpty()) {
            return new Verdict(
                    target, String.format(Locale.ROOT, "-: %,d not in --rates", LATENCY_RATE), Status.NOT_MEASURED);
        }
        PhaseResult r = row.get();
        if (!r.ran()) {
            return new Verdict(target, "-: not run, a lower rate was not sustained", Status.NOT_MET);
        }
        long p99 = (visible ? r.visible() : r.latency()).percentile(99);
        String measured = "p99 " + p99 + " ms (" + r.status() + ")";
        return new Verdict(target, measured, r.sustained() && p99 >= 0 && p99 <= limitMs ? Status.MET : Status.NOT_MET);
    }

    private static Verdict sustained(Optional<PhaseResult> row) {
        String target = String.format(
                Locale.ROOT, "%,d ev/s sustained for %d s, lag not growing", SUSTAINED_RATE, SUSTAINED_SECONDS);
        if (row.isEmpty()) {
            return new Verdict(
                    target,
                    String.format(Locale.ROOT, "-: needs --rates %d --seconds %d", SUSTAINED_RATE, SUSTAINED_SECONDS),
                    Status.NOT_MEASURED);
        }
        PhaseResult r = row.get();
        if (!r.ran()) {
            return new Verdict(target, "-: not run, a lower rate was not sustained", Status.NOT_MET);
        }
        LagSeries.Trend trend = r.lag().trend(r.offered());
        String measured = String.format(
                Locale.ROOT,
                "%s for %d s, achieved %,.0f ev/s; lag %s",
                r.status(),
                r.seconds(),
                r.achieved(),
                r.lag().describe(r.offered()));
        if (!r.sustained() || trend == LagSeries.Trend.GROWING) {
            return new Verdict(target, measured, Status.NOT_MET);
        }
        if (r.seconds() < SUSTAINED_SECONDS || trend == LagSeries.Trend.UNKNOWN) {
            return new Verdict(
                    target,
                    measured + String.format(Locale.ROOT, " (needs --seconds %d)", SUSTAINED_SECONDS),
                    Status.NOT_MEASURED);
        }
        return new Verdict(target, measured, Status.MET);
    }

    /** Two decimals, three below 0.1 (so a small ratio does not print as 0.00). */
    static String ratio(double r) {
        return String.format(Locale.ROOT, r < 0.1 ? "%.3f" : "%.2f", r);
    }
}
