package io.fraudstream.featurestream;

import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.label;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

class MerchantFeaturesTopologyTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void shouldCountMerchantTransactionsAcrossCardsInHalfOpenWindows() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("a", MONDAY_NOON.minus(DAY)).setCardToken("card-a"));
            d.send(tx("b", MONDAY_NOON.minus(DAY).plusMillis(1)).setCardToken("card-b"));
            d.send(tx("c", MONDAY_NOON.minus(Duration.ofDays(7)).plusMillis(1)).setCardToken("card-c"));
            d.features.readValuesToList();
            d.send(tx("d", MONDAY_NOON).setCardToken("card-d"));
            TransactionFeatures f = d.one();
            assertThat(f.getMerchantTxnCount1d()).isEqualTo(2);
            assertThat(f.getMerchantTxnCount7d()).isEqualTo(4);
            assertThat(f.getMerchantTxnCount30d()).isEqualTo(4);
            assertThat(f.getMerchantFraudRate30d()).isNull();
        }
    }

    @Test
    void shouldUseOnlyLabelsKnownByTheTransactionTimeEvenWhenTheyArriveLate() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant t1 = MONDAY_NOON.minus(Duration.ofDays(3));
            d.send(tx("t1", t1).setCardToken("card-a"));
            d.send(tx("t2", MONDAY_NOON.minus(Duration.ofDays(2))).setCardToken("card-b"));
            // given a FRAUD label on t1 known 2 days after it, which arrives late (after later transactions were sent)
            d.send(tx("t3", MONDAY_NOON.minus(Duration.ofHours(1))).setCardToken("card-c"));
            d.features.readValuesToList();
            d.send(label("t1", t1, t1.plus(Duration.ofDays(2)), Verdict.FRAUD));
            // and a FRAUD label on t2 known only tomorrow (the future for noon)
            d.send(label("t2", MONDAY_NOON.minus(Duration.ofDays(2)), MONDAY_NOON.plus(DAY), Verdict.FRAUD));
            assertThat(d.features.readValuesToList()).as("labels emit nothing").isEmpty();
            // when a transaction at noon
            d.send(tx("t4", MONDAY_NOON).setCardToken("card-d"));
            TransactionFeatures f = d.one();
            // then only t1's label counts: 1 fraud among 4 transactions in 7 and 30 days; none labelled in 1 day
            assertThat(f.getMerchantFraudRate30d()).isEqualTo(0.25);
            assertThat(f.getMerchantFraudRate7d()).isEqualTo(0.25);
            assertThat(f.getMerchantFraudRate1d()).isNull();
            // and a transaction after t2's label became known sees both
            d.send(tx("t5", MONDAY_NOON.plus(DAY).plusSeconds(1)).setCardToken("card-e"));
            assertThat(d.one().getMerchantFraudRate7d()).isEqualTo(2 / 5.0);
        }
    }

    @Test
    void shouldTakeTheVerdictKnownAtTheTransactionTime() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant t1 = MONDAY_NOON.minus(Duration.ofDays(5));
            d.send(tx("t1", t1));
            d.send(label("t1", t1, t1.plus(DAY), Verdict.FRAUD));
            d.send(label("t1", t1, t1.plus(Duration.ofDays(3)), Verdict.LEGITIMATE));
            d.send(label("t1", t1, t1.plus(Duration.ofDays(3)), Verdict.LEGITIMATE));
            d.features.readValuesToList();
            d.send(tx("t2", t1.plus(Duration.ofDays(2))).setCardToken("card-2"));
            assertThat(d.one().getMerchantFraudRate7d()).isEqualTo(0.5);
            d.send(tx("t3", MONDAY_NOON).setCardToken("card-3"));
            assertThat(d.one().getMerchantFraudRate7d()).isEqualTo(0.0);
            assertThat(d.metrics.count(FeatureStreamMetrics.LABELS)).isEqualTo(3.0);
        }
    }
}
