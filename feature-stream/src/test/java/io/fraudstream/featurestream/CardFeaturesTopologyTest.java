package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.CARD;
import static io.fraudstream.featurestream.Txns.MERCHANT;
import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.RiskTier;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CardFeaturesTopologyTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void shouldCountTheWindowsEndingAtAndIncludingTheTransaction() {
        try (FeatureDriver d = new FeatureDriver()) {
            // given 10.00 exactly 1 h before noon, 20.00 1 h - 1 ms before, 5.00 25 h before
            d.send(tx("t0", MONDAY_NOON.minus(Duration.ofHours(25))).setAmountMinor(500));
            d.send(tx("t1", MONDAY_NOON.minus(HOUR)).setAmountMinor(1_000));
            d.send(tx("t2", MONDAY_NOON.minus(HOUR).plusMillis(1))
                    .setAmountMinor(2_000)
                    .setMerchantId("merchant-2"));
            d.features.readValuesToList();
            // when 40.00 at noon
            d.send(tx("t3", MONDAY_NOON).setAmountMinor(4_000));
            TransactionFeatures f = d.one();
            // then 1 h = (11:00, 12:00]: t2, t3; 24 h: t1, t2, t3; 30 d: all four
            assertThat(f.getCardTxnCount1h()).isEqualTo(2);
            assertThat(f.getCardAmountSum1h()).isEqualTo(6_000L);
            assertThat(f.getCardAmountMean1h()).isEqualTo(3_000.0);
            assertThat(f.getCardAmountMax1h()).isEqualTo(4_000L);
            assertThat(f.getCardTxnCount24h()).isEqualTo(3);
            assertThat(f.getCardAmountSum24h()).isEqualTo(7_000L);
            assertThat(f.getCardAmountMean24h()).isCloseTo(7_000 / 3.0, within(1e-9));
            assertThat(f.getCardTxnCount7d()).isEqualTo(4);
            assertThat(f.getCardTxnCount30d()).isEqualTo(4);
            assertThat(f.getCardAmountSum30d()).isEqualTo(7_500L);
            assertThat(f.getCardAmountMax30d()).isEqualTo(4_000L);
            assertThat(f.getCardDistinctMerchants24h()).isEqualTo(2);
            assertThat(f.getFirstTimeAtMerchant()).isFalse();
            assertThat(f.getSecondsSinceLastTxn()).isEqualTo(3_599.999);
            // previous amounts 500, 1000, 2000: mean 1166.67, population std dev 623.61
            double mean = 3_500 / 3.0;
            double std = Math.sqrt(
                    ((500 - mean) * (500 - mean) + (1000 - mean) * (1000 - mean) + (2000 - mean) * (2000 - mean)) / 3);
            assertThat(f.getAmountZScore()).isCloseTo((4_000 - mean) / std, within(1e-9));
            assertThat(f.getAmountToMeanRatio()).isCloseTo(4_000 / mean, within(1e-9));
            assertThat(f.getFeatureSetVersion()).isEqualTo(FeatureSet.VERSION);
            assertThat(f.getOutOfOrder()).isFalse();
        }
    }

    @Test
    void shouldDescribeAFirstTransactionWithMissingHistory() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("t1", MONDAY_NOON));
            TransactionFeatures f = d.one();
            assertThat(f.getCardTxnCount30d()).isEqualTo(1);
            assertThat(f.getSecondsSinceLastTxn()).isNull();
            assertThat(f.getAmountZScore()).isNull();
            assertThat(f.getAmountToMeanRatio()).isNull();
            assertThat(f.getFirstTimeAtMerchant()).isTrue();
            assertThat(f.getDistanceFromPrevKm()).isNull();
        }
    }

    @Test
    void shouldComputeALateEventWithinTheGraceExactlyAndFlagOneBeyondIt() {
        try (FeatureDriver d = new FeatureDriver()) {
            // given noon - 10 min and noon (grace 5 min)
            d.send(tx("a", MONDAY_NOON.minus(Duration.ofMinutes(10))).setAmountMinor(100));
            d.send(tx("b", MONDAY_NOON).setAmountMinor(200));
            d.features.readValuesToList();
            // when noon - 4 min arrives late (within grace): it sees a, not b (at another merchant, which has nothing
            // later: at the same merchant it would also be late for the merchant stage)
            d.send(tx("late", MONDAY_NOON.minus(Duration.ofMinutes(4)))
                    .setAmountMinor(50)
                    .setMerchantId("merchant-2"));
            TransactionFeatures late = d.one();
            assertThat(late.getOutOfOrder()).isFalse();
            assertThat(late.getCardTxnCount1h()).isEqualTo(2);
            assertThat(late.getCardAmountSum1h()).isEqualTo(150L);
            assertThat(late.getSecondsSinceLastTxn()).isEqualTo(360.0);
            // and noon - 6 min (beyond grace) is featured, flagged
            d.send(tx("later", MONDAY_NOON.minus(Duration.ofMinutes(6)))
                    .setAmountMinor(70)
                    .setMerchantId("merchant-3"));
            TransactionFeatures flagged = d.one();
            assertThat(flagged.getOutOfOrder()).isTrue();
            assertThat(flagged.getCardTxnCount1h()).isEqualTo(2);
            // and the next in-order transaction counts all four
            d.send(tx("c", MONDAY_NOON.plusSeconds(1)).setAmountMinor(1));
            assertThat(d.one().getCardAmountSum1h()).isEqualTo(100 + 200 + 50 + 70 + 1L);
        }
    }

    @Test
    void shouldDropADuplicateWithinTheDedupeWindowAndFeatureItAfterwards() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("dup", MONDAY_NOON));
            d.send(tx("dup", MONDAY_NOON));
            d.send(tx("dup", MONDAY_NOON.plus(Duration.ofDays(7))));
            assertThat(d.features.readValuesToList()).hasSize(1);
            assertThat(d.metrics.count(FeatureStreamMetrics.DUPLICATES)).isEqualTo(2.0);
            // 7 days + 1 ms later the id is no longer a duplicate
            d.send(tx("dup", MONDAY_NOON.plus(Duration.ofDays(7)).plusMillis(1)));
            assertThat(d.one().getCardTxnCount30d()).isEqualTo(2);
        }
    }

    @Test
    void shouldConvertCurrenciesNormaliseCodesAndFlagOutliers() {
        try (FeatureDriver d = new FeatureDriver()) {
            // 100.00 USD at 0.92 = 92.00 EUR; codes with spaces and lower case
            d.send(tx("usd", MONDAY_NOON)
                    .setAmountMinor(10_000)
                    .setCurrency(" usd ")
                    .setMerchantCountry(" fr "));
            TransactionFeatures f = d.one();
            assertThat(f.getAmountBaseMinor()).isEqualTo(9_200L);
            assertThat(f.getBaseCurrency()).isEqualTo("EUR");
            assertThat(f.getTransaction().getCurrency()).isEqualTo("USD");
            assertThat(f.getTransaction().getMerchantCountry()).isEqualTo("FR");
            assertThat(f.getTransaction().getAmountMinor()).isEqualTo(10_000L);
            // 1,000 JPY (no minor unit) at 0.0061 = 6.10 EUR
            d.send(tx("jpy", MONDAY_NOON.plusSeconds(1)).setAmountMinor(1_000).setCurrency("JPY"));
            assertThat(d.one().getAmountBaseMinor()).isEqualTo(610L);
            // 200,000.00 EUR is above the 100,000.00 cap: flagged, clipped in the card statistics
            d.send(tx("big", MONDAY_NOON.plusSeconds(2)).setAmountMinor(20_000_000));
            TransactionFeatures big = d.one();
            assertThat(big.getAmountOutlier()).isTrue();
            assertThat(big.getAmountBaseMinor()).isEqualTo(20_000_000L);
            assertThat(big.getCardAmountMax1h()).isEqualTo(10_000_000L);
            assertThat(big.getCardAmountSum1h()).isEqualTo(9_200 + 610 + 10_000_000L);
        }
    }

    @Test
    void shouldEnrichFromReferenceDataAndFallBackWithIndicators() {
        try (FeatureDriver d = new FeatureDriver()) {
            // given no reference data, a transaction without category, country or location
            d.send(tx("t1", MONDAY_NOON)
                    .setMerchantCategoryCode(null)
                    .setMerchantCountry("  ")
                    .setLatitude(91.0)
                    .setLongitude(0.0));
            TransactionFeatures bare = d.one();
            assertThat(bare.getTransaction().getMerchantCategoryCode()).isEqualTo("UNKNOWN");
            assertThat(bare.getTransaction().getMerchantCountry()).isEqualTo("ZZ");
            assertThat(bare.getMerchantCategoryMissing()).isTrue();
            assertThat(bare.getMerchantCountryMissing()).isTrue();
            assertThat(bare.getLocationMissing()).isTrue();
            assertThat(bare.getMerchantReferenceMissing()).isTrue();
            assertThat(bare.getCardReferenceMissing()).isTrue();
            assertThat(bare.getMerchantCountryDiffersFromHome()).isNull();
            assertThat(bare.getDistanceFromHomeKm()).isNull();
            // when reference data arrives: a HIGH-risk merchant in FR with MCC 5999; a card at home in London, GB
            d.merchants.pipeInput(MERCHANT, Txns.merchant(MERCHANT, "5999", "FR", RiskTier.HIGH), MONDAY_NOON);
            d.cards.pipeInput(CARD, Txns.card(CARD, "gb", 51.5074, -0.1278), MONDAY_NOON);
            d.send(tx("t2", MONDAY_NOON.plusSeconds(60))
                    .setMerchantCategoryCode(null)
                    .setMerchantCountry(null)
                    .setLatitude(48.8566)
                    .setLongitude(2.3522)
                    .setChannel(Channel.ECOMMERCE));
            TransactionFeatures f = d.one();
            // then
            assertThat(f.getTransaction().getMerchantCategoryCode()).isEqualTo("5999");
            assertThat(f.getTransaction().getMerchantCountry()).isEqualTo("FR");
            assertThat(f.getMerchantCategoryMissing()).isFalse();
            assertThat(f.getMerchantReferenceMissing()).isFalse();
            assertThat(f.getCardReferenceMissing()).isFalse();
            assertThat(f.getMerchantHighRisk()).isTrue();
            assertThat(f.getCardHomeCountry()).isEqualTo("GB");
            assertThat(f.getMerchantCountryDiffersFromHome()).isTrue();
            assertThat(f.getDistanceFromHomeKm()).isCloseTo(343.6, within(0.5));
            assertThat(f.getIsCardNotPresent()).isTrue();
            assertThat(d.metrics.count(FeatureStreamMetrics.REFERENCE_MISSING)).isEqualTo(2.0);
        }
    }

    @Test
    void shouldMeasureDistanceAndSpeedFromThePreviousLocatedTransaction() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("london", MONDAY_NOON).setLatitude(51.5074).setLongitude(-0.1278));
            d.send(tx("unlocated", MONDAY_NOON.plus(Duration.ofMinutes(10))));
            d.features.readValuesToList();
            d.send(tx("paris", MONDAY_NOON.plus(Duration.ofMinutes(30)))
                    .setLatitude(48.8566)
                    .setLongitude(2.3522));
            TransactionFeatures f = d.one();
            assertThat(f.getDistanceFromPrevKm()).isCloseTo(343.6, within(0.5));
            // 343.6 km in 30 minutes
            assertThat(f.getSpeedFromPrevKmh()).isCloseTo(f.getDistanceFromPrevKm() * 2, within(1e-9));
            assertThat(f.getSecondsSinceLastTxn()).isEqualTo(1_200.0);
        }
    }

    @Test
    void shouldDeriveHourNightAndWeekendInUtc() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant saturdayNight = Instant.parse("2026-03-07T05:59:59Z");
            d.send(tx("sat", saturdayNight));
            TransactionFeatures f = d.one();
            assertThat(f.getHourOfDay()).isEqualTo(5);
            assertThat(f.getIsNight()).isTrue();
            assertThat(f.getIsWeekend()).isTrue();
            d.send(tx("mon", MONDAY_NOON.plus(Duration.ofDays(7)).minus(Duration.ofHours(6))));
            TransactionFeatures m = d.one();
            assertThat(m.getHourOfDay()).isEqualTo(6);
            assertThat(m.getIsNight()).isFalse();
            assertThat(m.getIsWeekend()).isFalse();
        }
    }

    @Test
    void shouldKeyOutputByCardTokenWithEventTimeAsTimestamp() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("t1", MONDAY_NOON));
            var record = d.features.readRecord();
            assertThat(record.key()).isEqualTo(CARD);
            assertThat(record.timestamp()).isEqualTo(MONDAY_NOON.toEpochMilli());
        }
    }
}
