package io.fraudstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.time.Instant;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

    private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

    /** A record with every field at its schema default (nullable features null) and a few values set. */
    private static TransactionFeatures record(String version) {
        TransactionFeatures f = new TransactionFeatures();
        for (Schema.Field field : TransactionFeatures.getClassSchema().getFields()) {
            if (field.hasDefaultValue()) {
                f.put(field.pos(), org.apache.avro.specific.SpecificData.get().getDefaultValue(field));
            }
        }
        f.setTransaction(Transaction.newBuilder()
                .setTransactionId("t1")
                .setCardToken("c1")
                .setMerchantId("m1")
                .setAmountMinor(100)
                .setCurrency("EUR")
                .setEventTime(T)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP)
                .build());
        f.setFeatureSetVersion(version);
        f.setEventTime(T);
        f.setCardTxnCount1h(3);
        f.setCardAmountSum1h(700L);
        f.setCardAmountMean24h(233.5);
        f.setHourOfDay(12);
        f.setIsNight(false);
        f.setIsWeekend(true);
        f.setMerchantTxnCount1d(9);
        f.setAmountZScore(1.5);
        return f;
    }

    @Test
    void shouldListEveryFeatureFollowedByTheIndicatorOfEachNullableOne() {
        assertThat(FeatureVector.featureNames()).startsWith("amountBaseMinor", "amountOutlier");
        assertThat(FeatureVector.featureNames())
                .containsSubsequence("amountZScore", "amountZScore.missing", "amountToMeanRatio");
        long nullable =
                FeatureSet.all().stream().filter(FeatureDefinition::nullable).count();
        assertThat(FeatureVector.featureNames()).hasSize(FeatureSet.all().size() + (int) nullable);
    }

    @Test
    void shouldConvertValuesAndImputeMissingOnesWithAnIndicator() {
        FeatureVector v = FeatureVector.of(record(FeatureSet.VERSION));
        assertThat(v.get("cardTxnCount1h")).isEqualTo(3.0);
        assertThat(v.get("isWeekend")).isEqualTo(1.0);
        assertThat(v.get("amountZScore")).isEqualTo(1.5);
        assertThat(v.get("amountZScore.missing")).isEqualTo(0.0);
        // secondsSinceLastTxn is null: imputed 30 days, indicator 1
        assertThat(v.get("secondsSinceLastTxn")).isEqualTo(30 * 86_400.0);
        assertThat(v.get("secondsSinceLastTxn.missing")).isEqualTo(1.0);
        assertThat(java.util.Arrays.stream(v.values()).allMatch(Double::isFinite))
                .isTrue();
    }

    @Test
    void shouldRefuseFeaturesOfAnotherVersion() {
        assertThatThrownBy(() -> FeatureVector.of(record("features-v0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features-v0");
    }
}
