package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.label;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Per-terminal features through the whole topology: a terminal is a (merchant, terminal id) pair; its counts and
 * delay-shifted fraud shares are the merchant's, restricted to its transactions and to the labels that carry its id.
 */
class TerminalFeaturesTopologyTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void shouldCountEachTerminalsTransactionsWithinItsMerchant() {
        try (FeatureDriver d = new FeatureDriver()) {
            // Given transactions at terminals T1 and T2 of one merchant, and at a T1 of another merchant
            d.send(tx("a", MONDAY_NOON.minus(Duration.ofHours(3)))
                    .setCardToken("card-a")
                    .setTerminalId("T1"));
            d.send(tx("b", MONDAY_NOON.minus(Duration.ofHours(2)))
                    .setCardToken("card-b")
                    .setTerminalId("T1"));
            d.send(tx("c", MONDAY_NOON.minus(Duration.ofHours(1)))
                    .setCardToken("card-c")
                    .setTerminalId("T2"));
            d.send(tx("other", MONDAY_NOON.minus(Duration.ofMinutes(30)))
                    .setCardToken("card-o")
                    .setMerchantId("merchant-2")
                    .setTerminalId("T1"));
            d.features.readValuesToList();

            // When a transaction at T1 of the first merchant
            d.send(tx("d", MONDAY_NOON).setCardToken("card-d").setTerminalId(" T1 "));
            TransactionFeatures f = d.one();
            // Then it counts T1's earlier transactions of its merchant only (its id trimmed, as the cleaner trims ids)
            assertThat(f.getTerminalTxnCount1d()).isEqualTo(2);
            assertThat(f.getTerminalTxnCount30d()).isEqualTo(2);
            assertThat(f.getMerchantTxnCount1d()).isEqualTo(3);
            assertThat(f.getTerminalFraudShareDelayed30d())
                    .as("no transaction in the shifted window")
                    .isNull();
            assertThat(f.getTerminalFraudLabels7d()).isZero();

            // When a transaction without a terminal id
            d.send(tx("e", MONDAY_NOON.plusSeconds(1)).setCardToken("card-e"));
            TransactionFeatures none = d.one();
            // Then its terminal features are missing, its merchant features are not (d is within the merchant lag)
            assertThat(none.getMerchantTxnCount1d()).isEqualTo(3);
            assertThat(none.getTerminalTxnCount1d()).isNull();
            assertThat(none.getTerminalTxnCount30d()).isNull();
            assertThat(none.getTerminalFraudShareDelayed7d()).isNull();
            assertThat(none.getTerminalFraudLabels1d()).isNull();

            // and the terminal store is changelogged, like the merchant store
            assertThat(d.driver.producedTopicNames())
                    .contains("feature-stream-test-" + FeatureNames.TERMINAL_STORE + "-changelog");
        }
    }

    @Test
    void shouldCountLabelsCarryingTheTerminalIdOnceKnownAndOnceTheirTransactionsAreInTheShiftedWindow() {
        try (FeatureDriver d = new FeatureDriver()) {
            Instant t1 = MONDAY_NOON.minus(Duration.ofDays(10));
            Instant t2 = MONDAY_NOON.minus(Duration.ofDays(9));
            Instant t3 = t2.plus(Duration.ofHours(1));
            d.send(tx("t1", t1).setCardToken("card-1").setTerminalId("T1"));
            d.send(tx("t2", t2).setCardToken("card-2").setTerminalId("T1"));
            d.send(tx("t3", t3).setCardToken("card-3").setTerminalId("T2"));
            d.features.readValuesToList();
            // Given FRAUD labels known 2 days after their transactions: t1's carries T1, t3's carries no terminal id
            d.send(label(
                    "t1", t1, t1.plus(Duration.ofDays(2)), Verdict.FRAUD, " T1 ")); // trimmed, as transactions' ids are
            d.send(label("t3", t3, t3.plus(Duration.ofDays(2)), Verdict.FRAUD, null));

            // When a T1 transaction after t1's label is known but before t1 is d old
            d.send(tx("early", t1.plus(Duration.ofDays(2)).plus(Duration.ofHours(12)))
                    .setCardToken("card-4")
                    .setTerminalId("T1"));
            TransactionFeatures early = d.one();
            // Then the label counts as received, not yet in a share (nothing of T1 in (t - d - 30 d, t - d])
            assertThat(early.getTerminalFraudLabels1d()).isEqualTo(1);
            assertThat(early.getTerminalFraudShareDelayed30d()).isNull();

            // Given t2's FRAUD label, carrying T1, known only tomorrow noon
            d.send(label("t2", t2, MONDAY_NOON.plus(DAY), Verdict.FRAUD, "T1"));
            // When a T1 transaction at noon: its shifted window (noon - 14 d, noon - 7 d] holds t1, t2 (and early)
            d.send(tx("noon", MONDAY_NOON).setCardToken("card-5").setTerminalId("T1"));
            TransactionFeatures noon = d.one();
            // Then only t1's label is known: 1 fraud of 3 at T1; the merchant's share also counts t3 (t1, t3 of 4)
            assertThat(noon.getTerminalFraudShareDelayed7d()).isEqualTo(1.0 / 3);
            assertThat(noon.getMerchantFraudShareDelayed7d()).isEqualTo(0.5);
            assertThat(noon.getTerminalFraudLabels7d())
                    .as("t1's label was received 8 days ago")
                    .isZero();

            // When a T1 transaction after t2's label is known
            d.send(tx("next", MONDAY_NOON.plus(DAY).plusSeconds(10))
                    .setCardToken("card-6")
                    .setTerminalId("T1"));
            TransactionFeatures next = d.one();
            assertThat(next.getTerminalFraudShareDelayed7d()).isEqualTo(2.0 / 3);
            assertThat(next.getTerminalFraudLabels1d()).isEqualTo(1);

            // When a T2 transaction: t3 is in its shifted window, but its label does not name T2
            d.send(tx("t2-next", MONDAY_NOON.plus(DAY).plusSeconds(11))
                    .setCardToken("card-7")
                    .setTerminalId("T2"));
            TransactionFeatures other = d.one();
            assertThat(other.getTerminalFraudShareDelayed7d()).isEqualTo(0.0);
            assertThat(other.getTerminalTxnCount30d()).as("t3").isEqualTo(1);
            assertThat(other.getMerchantFraudShareDelayed7d())
                    .as("t1, t2, t3 FRAUD; early")
                    .isEqualTo(0.75);
        }
    }
}
