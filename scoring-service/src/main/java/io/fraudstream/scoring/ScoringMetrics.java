package io.fraudstream.scoring;

import io.fraudstream.models.ServingModel;
import io.fraudstream.runtime.streams.DeadLetterCounter;
import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.scoring.model.ModelRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The scoring service's meters (Prometheus names in brackets):
 * <ul>
 *     <li>{@value #EVENTS} {@code {result=scored|dead_letter}}: events in;</li>
 *     <li>{@value #DECISIONS} {@code {decision, decided_by}};</li>
 *     <li>{@value #SCORES}: champion score histogram (buckets 0.1 .. 1.0);</li>
 *     <li>{@value #MODEL_VERSION} {@code {slot}}: version in service, -1 when none;</li>
 *     <li>{@value #SWAPS} {@code {slot}} and {@value #REJECTED} {@code {slot, reason}};</li>
 *     <li>{@value #LATENCY}: end-to-end latency, raw record appended to {@code transactions.raw} → scored (histogram;
 *     only events whose raw append time is known, see {@link io.fraudstream.schemas.topics.TraceHeaders});</li>
 *     <li>{@value #PSI}: score drift (PSI) of the champion against its training distribution, per window;</li>
 *     <li>{@value #CHALLENGER_DIFF} (|champion − challenger| score) and {@value #CHALLENGER_DISAGREE}
 *     (events where the challenger's decision would have differed);</li>
 *     <li>{@value #TRACE_HEADERS_INVALID} {@code {header}}: trace headers ignored as unparseable or implausible.</li>
 * </ul>
 */
public final class ScoringMetrics implements DeadLetterCounter {

    public static final String EVENTS = "fraudstream.scoring.events";
    public static final String DECISIONS = "fraudstream.scoring.decisions";
    public static final String SCORES = "fraudstream.scoring.score";
    public static final String MODEL_VERSION = "fraudstream.scoring.model.version";
    public static final String SWAPS = "fraudstream.scoring.model.swaps";
    public static final String REJECTED = "fraudstream.scoring.model.rejected";
    public static final String LATENCY = "fraudstream.scoring.latency";
    public static final String CHALLENGER_DIFF = "fraudstream.scoring.challenger.score.diff";
    public static final String CHALLENGER_DISAGREE = "fraudstream.scoring.challenger.disagreements";
    public static final String PSI = "fraudstream.scoring.score.psi";
    public static final String TRACE_HEADERS_INVALID = "fraudstream.scoring.trace.headers.invalid";
    /** Scored events per drift window (see {@link ScoreDrift}). */
    public static final int DRIFT_WINDOW_EVENTS = 10_000;

    private static final double[] SCORE_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final MeterRegistry registry;
    private final Counter scored;
    private final ScoreDrift drift = new ScoreDrift(DRIFT_WINDOW_EVENTS);
    private final Counter deadLetters;
    private final DistributionSummary scores;
    private final Timer latency;
    private final DistributionSummary challengerDiff;
    private final Counter challengerDisagree;
    /** Decision counters by decision and decider, registered on first use (a registry lookup per event is not free). */
    private final java.util.Map<Decision, java.util.Map<DecidedBy, Counter>> decisions =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(PSI, drift, ScoreDrift::lastPsi)
                .description(
                        "Population stability index of champion scores vs the model's training distribution, last window of "
                                + DRIFT_WINDOW_EVENTS + " events (NaN before the first)")
                .register(registry);
        scored = Counter.builder(EVENTS)
                .tag("result", "scored")
                .description("Events scored")
                .register(registry);
        deadLetters = Counter.builder(EVENTS)
                .tag("result", "dead_letter")
                .description("Events sent to the DLQ")
                .register(registry);
        scores = DistributionSummary.builder(SCORES)
                .description("Champion (or rules-only) scores")
                .serviceLevelObjectives(SCORE_BUCKETS)
                .register(registry);
        latency = Timer.builder(LATENCY)
                .description("Raw record appended to scored, per event (events with a known raw append time)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        challengerDiff = DistributionSummary.builder(CHALLENGER_DIFF)
                .description("|champion - challenger| score")
                .serviceLevelObjectives(SCORE_BUCKETS)
                .register(registry);
        challengerDisagree = Counter.builder(CHALLENGER_DISAGREE)
                .description("Events where the challenger would have decided differently")
                .register(registry);
    }

    /** Meters in {@code registry}. */
    public static ScoringMetrics create(MeterRegistry registry) {
        return new ScoringMetrics(registry);
    }

    /** Meters in a throw-away registry (tests, benchmarks). */
    public static ScoringMetrics noop() {
        return new ScoringMetrics(new SimpleMeterRegistry());
    }

    /** The registry. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Registers the model-version gauges over {@code models}. */
    public void bindModels(ModelRegistry models) {
        for (ModelSlot slot : new ModelSlot[] {ModelSlot.CHAMPION, ModelSlot.CHALLENGER}) {
            Gauge.builder(
                            MODEL_VERSION,
                            models,
                            m -> m.inSlot(slot).map(ServingModel::version).orElse(-1L))
                    .tag("slot", tag(slot))
                    .description("Version of the model in service, -1 when none")
                    .register(registry);
        }
    }

    void scored(Decision decision, DecidedBy by, double score) {
        scored.increment();
        decisions
                .computeIfAbsent(decision, d -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(
                        by,
                        b -> Counter.builder(DECISIONS)
                                .tag("decision", tag(decision))
                                .tag("decided_by", tag(b))
                                .register(registry))
                .increment();
        scores.record(score);
    }

    void endToEndLatency(long latencyMs) {
        latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }

    /** Counts a champion score towards the drift window of {@code model}. */
    void championScored(io.fraudstream.models.ServingModel model, double score) {
        drift.record(model.version(), model.scoreDistribution(), score);
    }

    /** PSI of the last complete drift window (NaN before the first). */
    public double lastPsi() {
        return drift.lastPsi();
    }

    /** One event sent to the DLQ (by the scoring processor or by the exception handler). */
    @Override
    public void deadLetter(String stage, String kind) {
        deadLetters.increment();
    }

    /** A trace header ignored as unparseable or implausible. */
    void invalidTraceHeader(String header) {
        Counter.builder(TRACE_HEADERS_INVALID)
                .tag("header", header)
                .description("Trace headers ignored as unparseable or implausible")
                .register(registry)
                .increment();
    }

    void challenger(double diff, boolean disagree) {
        challengerDiff.record(diff);
        if (disagree) {
            challengerDisagree.increment();
        }
    }

    void swapped(ModelSlot slot) {
        Counter.builder(SWAPS)
                .tag("slot", tag(slot))
                .description("Models swapped into service")
                .register(registry)
                .increment();
    }

    void rejected(ModelSlot slot, String reason) {
        Counter.builder(REJECTED)
                .tag("slot", tag(slot))
                .tag("reason", reason)
                .description("Model records rejected")
                .register(registry)
                .increment();
    }

    /** Count of {@value #REJECTED} over all tags. */
    public double rejectedCount() {
        return registry.find(REJECTED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Count of {@value #SWAPS} over all tags. */
    public double swapCount() {
        return registry.find(SWAPS).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
