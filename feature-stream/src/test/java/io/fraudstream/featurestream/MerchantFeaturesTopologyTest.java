package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.label;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MerchantFeaturesTopologyTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void shouldCountMerchantTransactionsAcrossCardsInHalfOpenWindows() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("a", MONDAY_NOON.minus(DAY)).setCardToken("card-a"));
            d.send(tx("b", MONDAY_NOON.minus(DAY).plusMillis(1)).setCardToken("card-b"));
            d.send(tx("c", MONDAY_NOON.minus(Duration.ofDays(7)).plusMillis(1)).setCardToken("card-c"));
            d.send(tx("within-lag", MONDAY_NOON.minusSeconds(2)).setCardToken("card-e"));
            d.features.readValuesToList();
            d.send(tx("d", MONDAY_NOON).setCardToken("card-d"));
            TransactionFeatures f = d.one();
            // windows end at the anchor a = noon - 5 s (the merchant lag): (a - 1 d, a] holds a and b, not the
            // transaction 2 s before noon, nor d itself
            assertThat(f.getMerchantTxnCount1d()).isEqualTo(2);
            assertThat(f.getMerchantTxnCount7d()).isEqualTo(3);
            assertThat(f.getMerchantTxnCount30d()).isEqualTo(3);
            assertThat(f.getMerchantFraudShareDelayed30d())
                    .as("c is after a - 7 d: nothing in (a - 37 d, a - 7 d]")
                    .isNull();
        }
    }

    @Test
    void shouldTakeTheFraudShareOfTheWindowShiftedByTheLabelDelayWithLabelsKnownBeforeTheTransaction() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant t1 = MONDAY_NOON.minus(Duration.ofDays(10));
            d.send(tx("t1", t1).setCardToken("card-a"));
            d.send(tx("t2", MONDAY_NOON.minus(Duration.ofDays(9))).setCardToken("card-b"));
            d.send(tx("t3", MONDAY_NOON.minus(Duration.ofHours(1))).setCardToken("card-c"));
            d.features.readValuesToList();
            // given a FRAUD label on t1 known 2 days after it, sent after later transactions
            d.send(label("t1", t1, t1.plus(Duration.ofDays(2)), Verdict.FRAUD));
            // and a FRAUD label on t2 known only tomorrow (the future for noon)
            d.send(label("t2", MONDAY_NOON.minus(Duration.ofDays(9)), MONDAY_NOON.plus(DAY), Verdict.FRAUD));
            assertThat(d.features.readValuesToList()).as("labels emit nothing").isEmpty();
            // when a transaction at noon
            d.send(tx("t4", MONDAY_NOON).setCardToken("card-d"));
            TransactionFeatures f = d.one();
            // then over (noon - 14 d, noon - 7 d] (t1, t2) only t1's label is known: 1 fraud of 2; none in the 1-day
            // one
            assertThat(f.getMerchantFraudShareDelayed7d()).isEqualTo(0.5);
            assertThat(f.getMerchantFraudShareDelayed30d()).isEqualTo(0.5);
            assertThat(f.getMerchantFraudShareDelayed1d()).isNull();
            assertThat(f.getMerchantFraudLabels7d())
                    .as("t1's label was received 8 days ago")
                    .isZero();
            // and a transaction after t2's label became known sees both, and a fraud label received in the last day
            d.send(tx("t5", MONDAY_NOON.plus(DAY).plusSeconds(10)).setCardToken("card-e")); // anchor after the label
            TransactionFeatures g = d.one();
            assertThat(g.getMerchantFraudShareDelayed7d()).isEqualTo(1.0);
            assertThat(g.getMerchantFraudLabels1d()).isEqualTo(1);
        }
    }

    @Test
    void shouldTakeTheVerdictKnownAtTheTransactionTime() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant t1 = MONDAY_NOON.minus(Duration.ofDays(15));
            d.send(tx("t1", t1));
            d.send(label("t1", t1, t1.plus(DAY), Verdict.FRAUD));
            d.send(label("t1", t1, t1.plus(Duration.ofDays(10)), Verdict.LEGITIMATE));
            d.send(label("t1", t1, t1.plus(Duration.ofDays(10)), Verdict.LEGITIMATE));
            d.features.readValuesToList();
            // 8 days after t1 (its window is (t - 14 d, t - 7 d]), FRAUD is the verdict known
            d.send(tx("t2", t1.plus(Duration.ofDays(8))).setCardToken("card-2"));
            assertThat(d.one().getMerchantFraudShareDelayed7d()).isEqualTo(1.0);
            // 11 days after, LEGITIMATE is
            d.send(tx("t3", t1.plus(Duration.ofDays(11))).setCardToken("card-3"));
            assertThat(d.one().getMerchantFraudShareDelayed7d()).isEqualTo(0.0);
            assertThat(d.metrics.count(FeatureStreamMetrics.LABELS)).isEqualTo(3.0);
        }
    }

    @Test
    void shouldHoldATransactionUntilThePublishedMerchantStateReachesItsAnchorAndNotOnceItHas() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("a", MONDAY_NOON.minus(Duration.ofHours(1))).setCardToken("card-a"));
            d.features.readValuesToList(); // every task idle: the merchant state is published up to a
            // Given a transaction whose anchor (noon - 5 s) the published merchant state has not reached
            d.send(tx("b", MONDAY_NOON).setCardToken("card-b"));
            // Then it waits (in a replay or a catch-up, the card tasks read ahead of the merchant stage)
            assertThat(d.features.emittedSoFar()).isEmpty();
            assertThat(d.metrics
                            .registry()
                            .get(FeatureStreamMetrics.MERCHANT_WAITING)
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            // When the merchant stage has applied and published past it, it is completed, counting a
            TransactionFeatures b = d.one();
            assertThat(b.getMerchantTxnCount1d()).isEqualTo(1);
            assertThat(d.metrics
                            .registry()
                            .get(FeatureStreamMetrics.MERCHANT_WAITING)
                            .gauge()
                            .value())
                    .isZero();
            // and a transaction whose anchor the published state has passed (live traffic) is completed at once
            d.send(tx("c", MONDAY_NOON.plusSeconds(1)).setCardToken("card-c"));
            assertThat(d.features.emittedSoFar())
                    .singleElement()
                    .satisfies(c -> assertThat(c.getMerchantTxnCount1d())
                            .as("a; b is within the lag")
                            .isEqualTo(1));
            assertThat(d.metrics
                            .registry()
                            .get(FeatureStreamMetrics.MERCHANT_WAIT)
                            .timer()
                            .count())
                    .isEqualTo(3);
        }
    }

    @Test
    void shouldCompleteEveryWaitingTransactionEvenTwoOfTheSameIdAndTime() {
        try (FeatureDriver d = new FeatureDriver()) {
            // an id is unique per card only: two cards' transactions may share it, and the time
            d.send(tx("same", MONDAY_NOON).setCardToken("card-a"));
            d.send(tx("same", MONDAY_NOON).setCardToken("card-b"));
            assertThat(d.features.readValuesToList())
                    .extracting(f -> f.getTransaction().getCardToken())
                    .containsExactlyInAnyOrder("card-a", "card-b");
        }
    }
}
