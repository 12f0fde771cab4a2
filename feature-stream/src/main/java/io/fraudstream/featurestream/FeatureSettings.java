package io.fraudstream.featurestream;

import io.fraudstream.features.CardWindow;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.MerchantWindow;
import io.fraudstream.featurestream.cleaning.CurrencyTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the feature topology needs besides the topic catalogue, parsed once from {@link FeatureStreamConfig}.
 *
 * @param currencies          base currency and rate table
 * @param outlierCapMinor     amounts above this (base currency minor units) are flagged and clipped
 * @param earliestEventTime   transactions before this are rejected
 * @param maxFutureSkew       transactions more than this after the wall clock are rejected
 * @param grace               how late (behind the latest event of the same card or merchant) a transaction may arrive
 *                            and still be computed exactly; later ones are flagged {@code outOfOrder}
 * @param dedupeWindow        a transaction id seen again within this much event time is a duplicate (at most the
 *                            longest card window)
 * @param cardMaxEvents       cap on a card's retained transactions
 * @param merchantMaxTransactions cap on a merchant's retained transactions
 * @param merchantMaxLabels   cap on a merchant's retained labels
 * @param merchantPartitions  partitions of the merchant repartition topics
 * @param purgeInterval       how often (wall clock) idle cards and merchants are removed from the state
 * @param inMemoryStores      whether the stores are in memory (changelogged) instead of RocksDB
 * @param clock               the wall clock (event-time validation, dead-letter timestamps)
 * @param ordering            how the merchant stage orders events across upstream tasks
 */
public record FeatureSettings(
        CurrencyTable currencies,
        long outlierCapMinor,
        Instant earliestEventTime,
        Duration maxFutureSkew,
        Duration grace,
        Duration dedupeWindow,
        int cardMaxEvents,
        int merchantMaxTransactions,
        int merchantMaxLabels,
        int merchantPartitions,
        Duration purgeInterval,
        boolean inMemoryStores,
        Clock clock,
        Ordering ordering) {

    /**
     * The merchant stage's event-time order ({@code stages.Watermarks}).
     *
     * @param interval        how often (wall clock) each upstream task sends its watermark
     * @param lateness        how far behind its partition's latest event time an event may arrive and still be applied in
     *                        order (the watermark is that latest time minus this)
     * @param idleAfter       wall-clock time without input after which an upstream task is idle (not waited for)
     * @param merchantLag     the merchant lag: merchant features of a transaction at t are taken as of t minus this
     *                        ({@link io.fraudstream.features.MerchantFeatures})
     * @param publishInterval how often (wall clock) the merchant stage publishes changed merchant state and its watermark
     * @param rawPartitions   partitions of transactions.raw: the card-stage tasks
     * @param labelPartitions partitions of transactions.labels: the label tasks
     */
    public record Ordering(
            Duration interval,
            Duration lateness,
            Duration idleAfter,
            Duration merchantLag,
            Duration publishInterval,
            int rawPartitions,
            int labelPartitions) {
        public Ordering {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(lateness, "lateness");
            Objects.requireNonNull(idleAfter, "idleAfter");
            Objects.requireNonNull(merchantLag, "merchantLag");
            Objects.requireNonNull(publishInterval, "publishInterval");
            if (interval.toMillis() < 1
                    || lateness.isNegative()
                    || idleAfter.toMillis() < 1
                    || merchantLag.isNegative()
                    || publishInterval.toMillis() < 1
                    || rawPartitions < 1
                    || labelPartitions < 1) {
                throw new IllegalArgumentException(
                        "the watermark and publish intervals and idle time must be >= 1 ms, the"
                                + " lateness and merchant lag >= 0 and the upstream partitions >= 1");
            }
        }

        /** The defaults of {@link FeatureStreamConfig} for one raw and one label partition. */
        public static Ordering defaults() {
            return new Ordering(
                    Duration.ofMillis(100),
                    Duration.ZERO,
                    Duration.ofSeconds(2),
                    io.fraudstream.features.FeatureSet.MERCHANT_LAG,
                    Duration.ofMillis(200),
                    1,
                    1);
        }

        /** The same with the upstream partition counts. */
        public Ordering withPartitions(int raw, int labels) {
            return new Ordering(interval, lateness, idleAfter, merchantLag, publishInterval, raw, labels);
        }

        /** The same with another merchant lag. */
        public Ordering withMerchantLag(Duration lag) {
            return new Ordering(interval, lateness, idleAfter, lag, publishInterval, rawPartitions, labelPartitions);
        }
    }

    public FeatureSettings {
        Objects.requireNonNull(currencies, "currencies");
        Objects.requireNonNull(earliestEventTime, "earliestEventTime");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ordering, "ordering");
        if (dedupeWindow.toMillis() > CardWindow.LONGEST.millis()) {
            throw new IllegalArgumentException("the dedupe window (" + dedupeWindow
                    + ") cannot exceed the card history (" + Duration.ofMillis(CardWindow.LONGEST.millis()) + ")");
        }
        if (grace.isNegative()
                || outlierCapMinor < 1
                || cardMaxEvents < 1
                || merchantMaxTransactions < 1
                || merchantMaxLabels < 1
                || merchantPartitions < 1) {
            throw new IllegalArgumentException("grace must be >= 0 and caps, outlier cap and partitions >= 1");
        }
    }

    /** The defaults of {@link FeatureStreamConfig}, with the given clock and merchant partitions (tests, tools). */
    public static FeatureSettings defaults(Clock clock, int merchantPartitions) {
        return new FeatureSettings(
                CurrencyTable.of(
                        "EUR",
                        Map.of(
                                "USD",
                                new BigDecimal("0.92"),
                                "GBP",
                                new BigDecimal("1.17"),
                                "JPY",
                                new BigDecimal("0.0061"))),
                10_000_000L,
                Instant.parse("2000-01-01T00:00:00Z"),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                Duration.ofDays(7),
                10_000,
                200_000,
                20_000,
                merchantPartitions,
                Duration.ofMinutes(10),
                false,
                clock,
                Ordering.defaults());
    }

    /**
     * The settings as configured, before the clock and the merchant partition count are known.
     */
    public record Parsed(
            CurrencyTable currencies,
            long outlierCapMinor,
            Instant earliestEventTime,
            Duration maxFutureSkew,
            Duration grace,
            Duration dedupeWindow,
            int cardMaxEvents,
            int merchantMaxTransactions,
            int merchantMaxLabels,
            int merchantPartitions,
            Duration purgeInterval,
            boolean inMemoryStores,
            Ordering ordering) {

        /** The settings with {@code clock}, {@code partitions} merchant partitions and the upstream partition counts. */
        public FeatureSettings toSettings(Clock clock, int partitions, int rawPartitions, int labelPartitions) {
            return new FeatureSettings(
                    currencies,
                    outlierCapMinor,
                    earliestEventTime,
                    maxFutureSkew,
                    grace,
                    dedupeWindow,
                    cardMaxEvents,
                    merchantMaxTransactions,
                    merchantMaxLabels,
                    partitions,
                    purgeInterval,
                    inMemoryStores,
                    clock,
                    ordering.withPartitions(rawPartitions, labelPartitions));
        }
    }

    /**
     * How far (event time) the published merchant state may run ahead of a transaction waiting for it and still serve
     * it exactly: retention is relative to the newest event of a history, and in a replay the merchant stage can apply
     * days of event time between two completions of the waiting transactions (QualityBenchIT found 18,076 of 69,608
     * records different without it). A mitigation, not a bound: see the README.
     */
    public static final Duration PUBLISHED_AHEAD_MARGIN = Duration.ofDays(30);

    /** Card history retention: the longest card window plus the grace. */
    public long cardRetentionMs() {
        return CardWindow.LONGEST.millis() + grace.toMillis();
    }

    /**
     * Merchant history retention: the longest merchant window, shifted by the label delay and the merchant lag, plus the
     * grace.
     */
    public long merchantRetentionMs() {
        return MerchantWindow.LONGEST.millis()
                + FeatureSet.LABEL_DELAY.toMillis()
                + ordering.merchantLag().toMillis()
                + grace.toMillis()
                + PUBLISHED_AHEAD_MARGIN.toMillis();
    }

    /** A copy with other ordering settings. */
    public FeatureSettings withOrdering(Ordering o) {
        return new FeatureSettings(
                currencies,
                outlierCapMinor,
                earliestEventTime,
                maxFutureSkew,
                grace,
                dedupeWindow,
                cardMaxEvents,
                merchantMaxTransactions,
                merchantMaxLabels,
                merchantPartitions,
                purgeInterval,
                inMemoryStores,
                clock,
                o);
    }
}
