package io.fraudstream.benchmarks;

import io.fraudstream.trainer.report.Svg;
import io.fraudstream.trainer.report.SvgPanels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The results of one {@code bench pipeline} run: printed (a table per rate, the ratios with their targets, the lag
 * while each rate was offered, the changelog bytes per transaction), written as CSV files and plotted as SVG.
 *
 * @param profile   the settings profile of the run
 * @param streams   the Kafka Streams settings of the pipeline and the ceiling
 * @param prefix    the run's prefix, left out of internal topic names when printed
 * @param changelog what each phase wrote to each internal topic
 */
record PipelineReport(
        StreamsProfile profile,
        Map<String, String> streams,
        int partitions,
        String prefix,
        List<PhaseResult> rows,
        PipelineTargets.Maxima max,
        List<PipelineTargets.Verdict> verdicts,
        List<ChangelogBytes.Entry> changelog) {

    /** The files {@link #write} wrote. */
    record Written(Path csv, Path targets, Path lag, Path changelog, Path svg) {}

    String settingsLine() {
        return String.format(
                Locale.ROOT,
                "%s, profile %s, %s, %d partitions",
                guarantee(streams),
                profile.label(),
                streams,
                partitions);
    }

    /** Prints the results. */
    void print(PrintWriter out) {
        out.println();
        out.println("RESULTS: pipeline " + settingsLine()
                + "; relay: 1 consumer + 1 producer, at least once; one-hop ceiling: "
                + "card store + output, no business work, the pipeline's settings");
        out.println(
                "append = raw append -> scored append (broker LogAppendTime on both): excludes waiting for the transaction commit;");
        out.println(
                "visible = raw append -> received by a read_committed consumer (wall clock): includes the commit interval. All in ms.");
        out.println("dlq = dead-lettered (e.g. a currency without a configured rate), not in the latencies.");
        out.println(
                "status: ok = everything came out, at >= 90% of the offered rate; saturated = everything came out, slower; "
                        + "incomplete = not everything within the drain time; not run = above a rate that was not ok.");
        out.printf(
                Locale.ROOT,
                "%9s %9s %6s %6s %6s %6s | %7s %7s | %5s %-18s | %9s %9s | %8s %8s%n",
                "offered",
                "achieved",
                "p50",
                "p99",
                "p99.9",
                "max",
                "vis p50",
                "vis p99",
                "dlq",
                "status",
                "relay p50",
                "relay p99",
                "ceil p99",
                "ceil vis");
        for (PhaseResult r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%,9d %9s %6s %6s %6s %6s | %7s %7s | %5s %-18s | %9s %9s | %8s %8s%n",
                    r.offered(),
                    r.ran() ? String.format(Locale.ROOT, "%,.0f", r.achieved()) : "-",
                    ms(r.latency().percentile(50)),
                    ms(r.latency().percentile(99)),
                    ms(r.latency().percentile(99.9)),
                    ms(r.latency().percentile(100)),
                    ms(r.visible().percentile(50)),
                    ms(r.visible().percentile(99)),
                    r.ran() ? String.format(Locale.ROOT, "%,d", r.deadLettered()) : "-",
                    r.status(),
                    ms(r.relay(), 50),
                    ms(r.relay(), 99),
                    ms(r.ceiling(), 99),
                    ms(r.ceilingVisible(), 99));
        }
        out.println(
                "consumer lag of the pipeline's applications while each rate was offered (records, sampled every few seconds):");
        for (PhaseResult r : rows) {
            if (r.ran()) {
                out.printf(
                        Locale.ROOT,
                        "  %,d ev/s for %d s: %s%n",
                        r.offered(),
                        r.seconds(),
                        r.lag().describe(r.offered()));
            }
        }
        printChangelog(out);
        out.printf(
                Locale.ROOT,
                "HEADLINE pipeline / relay = %s, pipeline / one-hop ceiling = %s (pipeline %,.0f, relay %,.0f, ceiling %s ev/s)%n",
                PipelineTargets.ratio(max.relayRatio()),
                Double.isFinite(max.ceilingRatio()) ? PipelineTargets.ratio(max.ceilingRatio()) : "-",
                max.pipeline(),
                max.relay(),
                Double.isFinite(max.ceiling()) ? String.format(Locale.ROOT, "%,.0f", max.ceiling()) : "-");
        out.println("targets:");
        for (PipelineTargets.Verdict v : verdicts) {
            out.printf(Locale.ROOT, "  %-14s %-58s %s%n", v.status().label(), v.target(), v.measured());
        }
        out.flush();
    }

    /** Bytes per transaction sent, per internal topic (rows) and phase (columns). */
    private void printChangelog(PrintWriter out) {
        if (changelog.isEmpty()) {
            return;
        }
        List<String> phases =
                changelog.stream().map(ChangelogBytes.Entry::phase).distinct().toList();
        Map<String, Map<String, ChangelogBytes.Entry>> byTopic = new LinkedHashMap<>();
        changelog.forEach(e ->
                byTopic.computeIfAbsent(e.topic(), t -> new LinkedHashMap<>()).put(e.phase(), e));
        int width = Math.max(
                20,
                byTopic.keySet().stream()
                        .mapToInt(t -> shortName(t).length())
                        .max()
                        .orElse(0));
        out.println(
                "bytes written to the internal topics per transaction sent (growth of their log directories: record batches "
                        + "as compressed, with headers and transaction markers):");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s %-11s", "topic", "kind"));
        phases.forEach(p -> head.append(String.format(Locale.ROOT, " %12s", p)));
        out.println(head);
        for (Map.Entry<String, Map<String, ChangelogBytes.Entry>> t : byTopic.entrySet()) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "  %-" + width + "s %-11s",
                    shortName(t.getKey()),
                    t.getValue().values().iterator().next().kind().name().toLowerCase(Locale.ROOT)));
            for (String p : phases) {
                ChangelogBytes.Entry e = t.getValue().get(p);
                line.append(String.format(
                        Locale.ROOT,
                        " %12s",
                        e == null || !Double.isFinite(e.perEvent())
                                ? "-"
                                : String.format(Locale.ROOT, "%,.1f", e.perEvent())));
            }
            out.println(line);
        }
        for (ChangelogBytes.Kind kind : ChangelogBytes.Kind.values()) {
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT, "  %-" + width + "s %-11s", "all", kind.name().toLowerCase(Locale.ROOT)));
            for (String p : phases) {
                List<ChangelogBytes.Entry> es = changelog.stream()
                        .filter(e -> e.phase().equals(p) && e.kind() == kind)
                        .toList();
                long bytes = es.stream().mapToLong(ChangelogBytes.Entry::bytes).sum();
                int events = es.isEmpty() ? 0 : es.getFirst().events();
                line.append(String.format(
                        Locale.ROOT,
                        " %12s",
                        events == 0 ? "-" : String.format(Locale.ROOT, "%,.1f", (double) bytes / events)));
            }
            out.println(line);
        }
    }

    private String shortName(String topic) {
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    }

    /** One line per offered rate. */
    String csv() {
        StringBuilder s = new StringBuilder(
                "offered_eps,status,achieved_eps,seconds,sent,scored,dead_lettered,p50_ms,p99_ms,p999_ms,max_ms,"
                        + "visible_p50_ms,visible_p99_ms,lag_first,lag_last,lag_max,lag_slope_per_s,lag_trend,relay_p50_ms,relay_p99_ms,"
                        + "relay_p999_ms,ceiling_p50_ms,ceiling_p99_ms,ceiling_visible_p99_ms,pipeline_max_eps,relay_max_eps,ceiling_max_eps,"
                        + "pipeline_relay_ratio,pipeline_ceiling_ratio,profile,commit_interval_ms,threads,merchant_wait_p50_ms,merchant_wait_p99_ms\n");
        for (PhaseResult r : rows) {
            Latencies l = r.latency();
            LagSeries lag = r.lag();
            s.append(String.join(
                            ",",
                            Integer.toString(r.offered()),
                            r.status(),
                            r.ran() ? number(r.achieved(), 0) : "",
                            Integer.toString(r.seconds()),
                            Integer.toString(r.sent()),
                            Integer.toString(r.scored()),
                            Integer.toString(r.deadLettered()),
                            csvMs(l.percentile(50)),
                            csvMs(l.percentile(99)),
                            csvMs(l.percentile(99.9)),
                            csvMs(l.percentile(100)),
                            csvMs(r.visible().percentile(50)),
                            csvMs(r.visible().percentile(99)),
                            csvMs(lag.first()),
                            csvMs(lag.last()),
                            csvMs(lag.max()),
                            number(lag.slope(), 1),
                            r.ran() ? lag.trend(r.offered()).name().toLowerCase(Locale.ROOT) : "",
                            csvMs(r.relay(), 50),
                            csvMs(r.relay(), 99),
                            csvMs(r.relay(), 99.9),
                            csvMs(r.ceiling(), 50),
                            csvMs(r.ceiling(), 99),
                            csvMs(r.ceilingVisible(), 99),
                            number(max.pipeline(), 0),
                            number(max.relay(), 0),
                            number(max.ceiling(), 0),
                            number(max.relayRatio(), 3),
                            number(max.ceilingRatio(), 3),
                            profile.label(),
                            streams.getOrDefault("commit.interval.ms", ""),
                            streams.getOrDefault("num.stream.threads", ""),
                            number(r.hold()[0], 0),
                            number(r.hold()[1], 0)))
                    .append('\n');
        }
        return s.toString();
    }

    /** One line per target. */
    String targetsCsv() {
        StringBuilder s = new StringBuilder("target,measured,status\n");
        verdicts.forEach(v -> s.append(String.join(
                        ",", quote(v.target()), quote(v.measured()), v.status().label()))
                .append('\n'));
        return s.toString();
    }

    /** One line per lag sample. */
    String lagCsv() {
        StringBuilder s = new StringBuilder("offered_eps,seconds,lag\n");
        for (PhaseResult r : rows) {
            r.lag()
                    .samples()
                    .forEach(x -> s.append(r.offered())
                            .append(',')
                            .append(number(x.seconds(), 1))
                            .append(',')
                            .append(x.lag())
                            .append('\n'));
        }
        return s.toString();
    }

    /** One line per phase and internal topic. */
    String changelogCsv() {
        StringBuilder s = new StringBuilder("phase,topic,kind,bytes,events,bytes_per_event\n");
        changelog.forEach(e -> s.append(String.join(
                        ",",
                        e.phase(),
                        e.topic(),
                        e.kind().name().toLowerCase(Locale.ROOT),
                        Long.toString(e.bytes()),
                        Integer.toString(e.events()),
                        number(e.perEvent(), 1)))
                .append('\n'));
        return s.toString();
    }

    /** Writes the CSV files and the plot into {@code dir} as {@code pipeline-<stamp>*}. */
    Written write(Path dir, String stamp) throws IOException {
        Files.createDirectories(dir);
        Written f = new Written(
                dir.resolve("pipeline-" + stamp + ".csv"),
                dir.resolve("pipeline-" + stamp + "-targets.csv"),
                dir.resolve("pipeline-" + stamp + "-lag.csv"),
                dir.resolve("pipeline-" + stamp + "-changelog.csv"),
                dir.resolve("pipeline-" + stamp + ".svg"));
        Files.writeString(f.csv(), csv());
        Files.writeString(f.targets(), targetsCsv());
        Files.writeString(f.lag(), lagCsv());
        Files.writeString(f.changelog(), changelogCsv());
        Files.writeString(f.svg(), svg());
        return f;
    }

    /** Two panels: throughput (achieved vs offered, with the maxima as lines) and p99 latency vs offered rate. */
    String svg() {
        double[] x = rows.stream().mapToDouble(PhaseResult::offered).toArray();
        double xMax = SvgPanels.niceCeiling(Arrays.stream(x).max().orElse(1) * 1.05);
        double[] achieved = rows.stream().mapToDouble(PhaseResult::achieved).toArray();
        // the relay's max may be far above everything else: keep the scale for the pipeline, mark the relay off scale
        double rest = Stream.of(
                        xMax,
                        max.pipeline(),
                        max.ceiling(),
                        Arrays.stream(achieved).filter(Double::isFinite).max().orElse(0))
                .filter(Double::isFinite)
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(1);
        double yThroughput =
                SvgPanels.niceCeiling((max.relay() <= 2.5 * rest ? Math.max(rest, max.relay()) : rest) * 1.1);
        double[] p99 = rows.stream()
                .mapToDouble(r -> r.ran() ? r.latency().percentile(99) : Double.NaN)
                .toArray();
        double[] visible99 = rows.stream()
                .mapToDouble(r -> r.ran() ? r.visible().percentile(99) : Double.NaN)
                .toArray();
        double[] relay99 = rows.stream()
                .mapToDouble(r -> r.relay() == null ? Double.NaN : r.relay().percentile(99))
                .toArray();
        double[] ceiling99 = rows.stream()
                .mapToDouble(r -> r.ceiling() == null ? Double.NaN : r.ceiling().percentile(99))
                .toArray();
        double yLatency = Math.max(
                profile.visibleP99TargetMs(),
                Stream.of(p99, visible99, relay99, ceiling99)
                        .flatMapToDouble(Arrays::stream)
                        .filter(Double::isFinite)
                        .max()
                        .orElse(0));
        SvgPanels chart = new SvgPanels(1000, 2);
        chart.panel(
                0,
                "Throughput - pipeline/relay = " + PipelineTargets.ratio(max.relayRatio())
                        + ", pipeline/one-hop ceiling = "
                        + (Double.isFinite(max.ceilingRatio()) ? PipelineTargets.ratio(max.ceilingRatio()) : "-"),
                "events/s",
                xMax,
                yThroughput,
                false);
        chart.line(new double[] {0, xMax}, new double[] {0, xMax}, "#bbbbbb", true, "offered = achieved");
        chart.line(x, achieved, Svg.colour(0), false, "pipeline achieved");
        chart.level(
                max.pipeline(), Svg.colour(0), String.format(Locale.ROOT, "pipeline max %,.0f ev/s", max.pipeline()));
        chart.level(max.relay(), Svg.colour(1), String.format(Locale.ROOT, "relay max %,.0f ev/s", max.relay()));
        chart.level(
                max.ceiling(),
                Svg.colour(3),
                String.format(Locale.ROOT, "one-hop ceiling max %,.0f ev/s", max.ceiling()));
        chart.panel(
                1,
                "p99 latency (ms, log scale) - append to append; visible includes the commit interval",
                "ms",
                xMax,
                yLatency,
                true);
        chart.line(x, p99, Svg.colour(0), false, "pipeline p99");
        chart.line(x, visible99, Svg.colour(2), false, "pipeline visible p99");
        chart.line(x, relay99, Svg.colour(1), false, "relay p99");
        chart.line(x, ceiling99, Svg.colour(3), false, "one-hop ceiling p99");
        chart.level(
                PipelineTargets.APPEND_P99_MS, "#888888", "target append p99 " + PipelineTargets.APPEND_P99_MS + " ms");
        chart.level(
                profile.visibleP99TargetMs(), "#bbbbbb", "target visible p99 " + profile.visibleP99TargetMs() + " ms");
        return chart.finish("offered events/s");
    }

    /** The processing guarantee of Kafka Streams settings: exactly once unless they say otherwise. */
    static String guarantee(Map<String, String> streams) {
        return streams.getOrDefault("processing.guarantee", "exactly_once_v2");
    }

    static String ms(long millis) {
        return millis < 0 ? "-" : Long.toString(millis);
    }

    private static String ms(Latencies l, double p) {
        return l == null ? "-" : ms(l.percentile(p));
    }

    private static String csvMs(long millis) {
        return millis < 0 ? "" : Long.toString(millis);
    }

    private static String csvMs(Latencies l, double p) {
        return l == null ? "" : csvMs(l.percentile(p));
    }

    /** {@code v} with {@code decimals} decimals, empty if not finite. */
    private static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "";
    }

    /** A CSV field, quoted (its quotes doubled) when it holds a comma or a quote. */
    static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
