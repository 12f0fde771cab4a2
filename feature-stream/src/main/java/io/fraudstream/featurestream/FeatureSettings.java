package io.fraudstream.featurestream;

import io.fraudstream.features.CardWindow;
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
 */
public record FeatureSettings(CurrencyTable currencies, long outlierCapMinor, Instant earliestEventTime,
                              Duration maxFutureSkew, Duration grace, Duration dedupeWindow, int cardMaxEvents,
                              int merchantMaxTransactions, int merchantMaxLabels, int merchantPartitions,
                              Duration purgeInterval, boolean inMemoryStores, Clock clock) {

    public FeatureSettings {
        Objects.requireNonNull(currencies, "currencies");
        Objects.requireNonNull(earliestEventTime, "earliestEventTime");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(clock, "clock");
        if (dedupeWindow.toMillis() > CardWindow.LONGEST.millis()) {
            throw new IllegalArgumentException("the dedupe window (" + dedupeWindow + ") cannot exceed the card history ("
                    + Duration.ofMillis(CardWindow.LONGEST.millis()) + ")");
        }
        if (grace.isNegative() || outlierCapMinor < 1 || cardMaxEvents < 1 || merchantMaxTransactions < 1
                || merchantMaxLabels < 1 || merchantPartitions < 1) {
            throw new IllegalArgumentException("grace must be >= 0 and caps, outlier cap and partitions >= 1");
        }
    }

    /** The defaults of {@link FeatureStreamConfig}, with the given clock and merchant partitions (tests, tools). */
    public static FeatureSettings defaults(Clock clock, int merchantPartitions) {
        return new FeatureSettings(
                CurrencyTable.of("EUR", Map.of("USD", new BigDecimal("0.92"), "GBP", new BigDecimal("1.17"), "JPY", new BigDecimal("0.0061"))),
                10_000_000L, Instant.parse("2000-01-01T00:00:00Z"), Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofDays(7), 10_000, 200_000, 20_000, merchantPartitions, Duration.ofMinutes(10), false, clock);
    }

    /**
     * The settings as configured, before the clock and the merchant partition count are known.
     */
    public record Parsed(CurrencyTable currencies, long outlierCapMinor, Instant earliestEventTime, Duration maxFutureSkew,
                         Duration grace, Duration dedupeWindow, int cardMaxEvents, int merchantMaxTransactions,
                         int merchantMaxLabels, int merchantPartitions, Duration purgeInterval, boolean inMemoryStores) {

        /** The settings with {@code clock} and {@code partitions} merchant partitions. */
        public FeatureSettings toSettings(Clock clock, int partitions) {
            return new FeatureSettings(currencies, outlierCapMinor, earliestEventTime, maxFutureSkew, grace, dedupeWindow,
                    cardMaxEvents, merchantMaxTransactions, merchantMaxLabels, partitions, purgeInterval, inMemoryStores, clock);
        }
    }

    /** Card history retention: the longest card window plus the grace. */
    public long cardRetentionMs() {
        return CardWindow.LONGEST.millis() + grace.toMillis();
    }

    /** Merchant history retention: the longest merchant window plus the grace. */
    public long merchantRetentionMs() {
        return MerchantWindow.LONGEST.millis() + grace.toMillis();
    }

    /** A copy with another value of {@link #grace}. */
    public FeatureSettings withGrace(Duration g) {
        return new FeatureSettings(currencies, outlierCapMinor, earliestEventTime, maxFutureSkew, g, dedupeWindow, cardMaxEvents,
                merchantMaxTransactions, merchantMaxLabels, merchantPartitions, purgeInterval, inMemoryStores, clock);
    }

    /** A copy with in-memory stores (or RocksDB). */
    public FeatureSettings withInMemoryStores(boolean inMemory) {
        return new FeatureSettings(currencies, outlierCapMinor, earliestEventTime, maxFutureSkew, grace, dedupeWindow, cardMaxEvents,
                merchantMaxTransactions, merchantMaxLabels, merchantPartitions, purgeInterval, inMemory, clock);
    }
}
