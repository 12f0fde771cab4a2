package io.fraudstream.featurestream;

import io.fraudstream.runtime.streams.DeadLetterCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feature stream's own counters (Kafka Streams' metrics are bound separately by the runtime). Every record that
 * does not become a feature record is counted here: dead letters by stage and kind, duplicates dropped. Thread-safe.
 *
 * <ul>
 *     <li>{@value #DEAD_LETTERS}{stage, kind}: records sent to the dead-letter topic</li>
 *     <li>{@value #DUPLICATES}: transactions dropped as duplicates of one already featured</li>
 *     <li>{@value #EMITTED}: feature records emitted</li>
 *     <li>{@value #OUT_OF_ORDER}{stage}: transactions later than the grace (flagged {@code outOfOrder})</li>
 *     <li>{@value #REFERENCE_MISSING}{reference}: transactions without merchant or card reference data</li>
 *     <li>{@value #STATE_CAPPED}{stage}: history entries dropped because a card, merchant or terminal hit its cap</li>
 *     <li>{@value #STATE_PURGED}{stage}: idle cards, merchants or terminals removed from the state</li>
 *     <li>{@value #LABELS}{outcome}: labels applied to merchant state, or ignored as repeats</li>
 *     <li>{@value #TRACE_HEADERS_INVALID}{header}: trace headers ignored as unparseable or implausible</li>
 *     <li>{@value #LATE}{kind}: transactions and labels that reached the merchant stage after its watermark had passed
 *     their time (transactions are flagged {@code outOfOrder})</li>
 *     <li>{@value #HELD} (gauge): transactions the merchant stage holds until every upstream task has passed their time</li>
 *     <li>{@value #WATERMARK_LAG} (gauge, ms): wall clock minus the merchant stage's watermark, the largest over the
 *     tasks that have one; NaN while none has (before every upstream task has sent its first watermark, or while this
 *     instance runs no merchant task): not a number rather than 0, which would read "not behind at all"</li>
 *     <li>{@value #HOLD} (timer, with p50 and p99 over the last {@code HOLD_WINDOW}): how long each transaction waited at the
 *     merchant stage for the watermarks, 0 for those applied at once: the latency the ordering adds</li>
 * </ul>
 * A merchant task closed here (moved to another instance, or the stream stopping) leaves both gauges.
 */
public final class FeatureStreamMetrics implements DeadLetterCounter {

    public static final String DEAD_LETTERS = "fraudstream.features.dead.letters";
    public static final String DUPLICATES = "fraudstream.features.duplicates";
    public static final String EMITTED = "fraudstream.features.emitted";
    public static final String OUT_OF_ORDER = "fraudstream.features.out.of.order";
    public static final String REFERENCE_MISSING = "fraudstream.features.reference.missing";
    public static final String STATE_CAPPED = "fraudstream.features.state.capped";
    public static final String STATE_PURGED = "fraudstream.features.state.purged";
    public static final String LABELS = "fraudstream.features.labels";
    public static final String TRACE_HEADERS_INVALID = "fraudstream.features.trace.headers.invalid";
    public static final String LATE = "fraudstream.features.late";
    public static final String HELD = "fraudstream.features.ordering.held";
    public static final String WATERMARK_LAG = "fraudstream.features.ordering.watermark.lag";
    public static final String HOLD = "fraudstream.features.ordering.hold";
    public static final String MERCHANT_WAIT = "fraudstream.features.merchant.wait";
    public static final String MERCHANT_WAITING = "fraudstream.features.merchant.waiting";
    /** The window the hold time's percentiles are taken over. */
    public static final java.time.Duration HOLD_WINDOW = java.time.Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    // counters touched for (nearly) every transaction, resolved once
    private final Counter emitted;
    private final Counter merchantMissing;
    private final Counter cardMissing;
    private final io.micrometer.core.instrument.Timer hold;
    private final io.micrometer.core.instrument.Timer merchantWait;
    /** Per card task: transactions waiting for merchant state. */
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();

    /** Per merchant task: {held, watermark}. */
    private final Map<String, long[]> ordering = new ConcurrentHashMap<>();

    private FeatureStreamMetrics(MeterRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        Gauge.builder(
                        HELD,
                        ordering,
                        o -> o.values().stream().mapToLong(v -> v[0]).sum())
                .description("Transactions held by the merchant stage until every upstream task has passed their time")
                .register(registry);
        Gauge.builder(WATERMARK_LAG, this, FeatureStreamMetrics::watermarkLagMs)
                .description("Wall clock minus the merchant stage's watermark (ms), the largest over tasks; "
                        + "NaN before the first watermark")
                .baseUnit("milliseconds")
                .register(registry);
        this.hold = io.micrometer.core.instrument.Timer.builder(HOLD)
                .description(
                        "How long transactions waited at the merchant stage for every upstream watermark (0 if not held); "
                                + "p50 and p99 over the last " + HOLD_WINDOW.toSeconds() + " s")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(HOLD_WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);
        this.merchantWait = io.micrometer.core.instrument.Timer.builder(MERCHANT_WAIT)
                .description(
                        "How long transactions waited for the published merchant state to reach their time minus the "
                                + "merchant lag (0 if not held); p50 and p99 over the last " + HOLD_WINDOW.toSeconds()
                                + " s")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(HOLD_WINDOW)
                .distributionStatisticBufferLength(3)
                .register(registry);
        Gauge.builder(
                        MERCHANT_WAITING,
                        waiting,
                        w -> w.values().stream().mapToLong(Long::longValue).sum())
                .description(
                        "Transactions waiting for the published merchant state (replay, catch-up; none in live traffic)")
                .register(registry);
        this.emitted = counter(EMITTED, "Feature records emitted");
        this.merchantMissing = referenceMissingCounter("merchant");
        this.cardMissing = referenceMissingCounter("card");
    }

    /** Counters registered in {@code registry}. */
    public static FeatureStreamMetrics create(MeterRegistry registry) {
        return create(registry, Clock.systemUTC());
    }

    /** Counters registered in {@code registry}; the watermark lag is measured against {@code clock}. */
    public static FeatureStreamMetrics create(MeterRegistry registry, Clock clock) {
        return new FeatureStreamMetrics(registry, clock);
    }

    /** Counters in a private registry (for tools and tests that read them with {@link #count}). */
    public static FeatureStreamMetrics noop() {
        return new FeatureStreamMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** The registry the counters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void deadLetter(String stage, String kind) {
        counter(DEAD_LETTERS, "Records sent to the dead-letter topic", "stage", stage, "kind", kind)
                .increment();
    }

    public void duplicate() {
        counter(DUPLICATES, "Duplicate transactions dropped").increment();
    }

    public void emitted() {
        emitted.increment();
    }

    public void outOfOrder(String stage) {
        counter(OUT_OF_ORDER, "Transactions later than the grace", "stage", stage)
                .increment();
    }

    public void referenceMissing(String reference) {
        switch (reference) {
            case "merchant" -> merchantMissing.increment();
            case "card" -> cardMissing.increment();
            default -> referenceMissingCounter(reference).increment();
        }
    }

    private Counter referenceMissingCounter(String reference) {
        return counter(REFERENCE_MISSING, "Transactions without reference data", "reference", reference);
    }

    public void capped(String stage, int n) {
        if (n > 0) {
            counter(STATE_CAPPED, "History entries dropped by a cap", "stage", stage)
                    .increment(n);
        }
    }

    public void purged(String stage, int n) {
        if (n > 0) {
            counter(STATE_PURGED, "Idle keys removed from state", "stage", stage)
                    .increment(n);
        }
    }

    public void invalidTraceHeader(String header) {
        counter(TRACE_HEADERS_INVALID, "Trace headers ignored as unparseable or implausible", "header", header)
                .increment();
    }

    /** A transaction or label ({@code kind}) that reached the merchant stage behind its watermark. */
    public void late(String kind) {
        counter(LATE, "Events that reached the merchant stage behind its watermark", "kind", kind)
                .increment();
    }

    /** The merchant task {@code task} holds {@code held} transactions and has applied events up to {@code watermark}. */
    public void ordering(String task, long held, long watermark) {
        ordering.put(task, new long[] {held, watermark});
    }

    /** The merchant task {@code task} is closed here: it no longer counts in the gauges. */
    public void orderingClosed(String task) {
        ordering.remove(task);
    }

    /**
     * Wall clock minus the watermark of the merchant task furthest behind, among those that have a watermark;
     * NaN when none has ({@code Long.MIN_VALUE}: not every upstream task has sent one yet).
     */
    public double watermarkLagMs() {
        OptionalLong furthestBehind = ordering.values().stream()
                .mapToLong(v -> v[1])
                .filter(w -> w != Long.MIN_VALUE)
                .min();
        return furthestBehind.isPresent() ? clock.millis() - furthestBehind.getAsLong() : Double.NaN;
    }

    /** A transaction was applied by the merchant stage after waiting {@code millis} for the watermarks (0: not held). */
    public void hold(long millis) {
        hold.record(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A transaction's merchant features were computed after it waited {@code millis} for merchant state (0: at once). */
    public void merchantWait(long millis) {
        merchantWait.record(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Card task {@code task} has {@code n} transactions waiting for merchant state; a closed task reports 0. */
    public void waiting(String task, long n) {
        if (n == 0) {
            waiting.remove(task);
        } else {
            waiting.put(task, n);
        }
    }

    /** Transactions held by all merchant tasks of this instance. */
    public long held() {
        return ordering.values().stream().mapToLong(v -> v[0]).sum();
    }

    public void label(String outcome) {
        counter(LABELS, "Labels by outcome", "outcome", outcome).increment();
    }

    /** Sum of the counters called {@code name} (all tags), 0 if none. */
    public double count(String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private Counter counter(String name, String description, String... tags) {
        String id = tags.length == 0 ? name : name + String.join("|", tags);
        return counters.computeIfAbsent(
                id,
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
