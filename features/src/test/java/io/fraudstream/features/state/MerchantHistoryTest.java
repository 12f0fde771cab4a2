package io.fraudstream.features.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.MerchantWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MerchantHistoryTest {

    private static final long T = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    /** The label delay. */
    private static final long D = 7 * DAY;

    @Test
    void shouldCountTransactionsInHalfOpenWindows() {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(T - 30 * DAY);
        h.addTransaction(T - 7 * DAY + 1);
        h.addTransaction(T - DAY);
        h.addTransaction(T);
        MerchantSnapshot s = h.snapshot(T, D);
        assertThat(s.count(MerchantWindow.D1)).isEqualTo(1);
        assertThat(s.count(MerchantWindow.D7)).isEqualTo(3);
        assertThat(s.count(MerchantWindow.D30)).isEqualTo(3);
        assertThat(s.fraudShareDelayed(MerchantWindow.D1))
                .as("nothing in (t - 8 d, t - 7 d]")
                .isNull();
    }

    @Test
    void shouldTakeTheFraudShareOverTheWindowShiftedByTheLabelDelayWithLabelsKnownAtTheAnchor() {
        // given 4 transactions in (T - 8 d, T - 7 d]; FRAUD labels on three of them: known at T + 1 (after the anchor
        // T),
        // at T (the anchor itself) and at T - 1
        MerchantHistory h = MerchantHistory.empty();
        for (int i = 3; i >= 0; i--) {
            h.addTransaction(T - D - i * 1000);
        }
        h.addTransaction(T - DAY); // in the last day, but not in the shifted window
        h.addTransaction(T);
        h.addLabel(T - D - 3000, T + 1, Hash64.of("future"), true);
        h.addLabel(T - D - 2000, T, Hash64.of("at-anchor"), true);
        h.addLabel(T - D - 1000, T - 1, Hash64.of("known"), true);
        MerchantSnapshot s = h.snapshot(T, D);
        // when / then: the labels known at the anchor count: 2 frauds among the shifted window's 4 transactions
        assertThat(s.fraudShareDelayed(MerchantWindow.D1)).isEqualTo(0.5);
        assertThat(s.fraudShareDelayed(MerchantWindow.D30)).isEqualTo(0.5);
        // and the labels received in (T - 1 d, T]: two (the other is after the anchor)
        assertThat(s.fraudLabels(MerchantWindow.D1)).isEqualTo(2);
    }

    @Test
    void shouldCountFraudLabelsByWhenTheyWereReceivedNotByTheirTransactionsTime() {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(T - 40 * DAY);
        h.addTransaction(T);
        h.addLabel(T - 40 * DAY, T - 2 * DAY, Hash64.of("old-tx-recent-label"), true);
        h.addLabel(T - 40 * DAY, T - 3 * HOUR, Hash64.of("legit"), false);
        h.evict(30 * DAY + D, 100, 100); // the transaction is gone, its recent label stays
        MerchantSnapshot s = h.snapshot(T, D);
        assertThat(s.fraudLabels(MerchantWindow.D1)).isZero();
        assertThat(s.fraudLabels(MerchantWindow.D7)).isEqualTo(1);
    }

    @Test
    void shouldNotDependOnEventsAfterTheAnchor() {
        // given a history complete up to the anchor T, and the same history with later transactions and labels
        MerchantHistory upToAnchor = MerchantHistory.empty();
        MerchantHistory withLater = MerchantHistory.empty();
        for (MerchantHistory h : new MerchantHistory[] {upToAnchor, withLater}) {
            h.addTransaction(T - D - 5000);
            h.addTransaction(T - DAY / 2);
            h.addTransaction(T);
            h.addLabel(T - D - 5000, T - HOUR, Hash64.of("fraud"), true);
        }
        withLater.addTransaction(T + 1);
        withLater.addTransaction(T + HOUR);
        withLater.addLabel(T - D - 5000, T + 1, Hash64.of("fraud"), false); // a later verdict on the same transaction
        withLater.addLabel(T - D - 4000, T + 2, Hash64.of("other"), true);
        // then the snapshots as of T are the same: what the merchant stage publishes later does not change them
        MerchantSnapshot expected = upToAnchor.snapshot(T, D);
        MerchantSnapshot actual = withLater.snapshot(T, D);
        for (MerchantWindow w : MerchantWindow.values()) {
            assertThat(actual.count(w)).isEqualTo(expected.count(w));
            assertThat(actual.fraudShareDelayed(w)).isEqualTo(expected.fraudShareDelayed(w));
        }
        assertThat(actual.fraudLabels(MerchantWindow.D1))
                .isEqualTo(expected.fraudLabels(MerchantWindow.D1))
                .isEqualTo(1);
        assertThat(actual.fraudShareDelayed(MerchantWindow.D1)).isEqualTo(1.0);
        assertThat(actual.count(MerchantWindow.D1)).as("(T - 1 d, T]").isEqualTo(2);
    }

    @Test
    void shouldTakeTheLatestVerdictKnownAtTheTransactionTime() {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(T - 10 * DAY);
        h.addTransaction(T);
        long tx = Hash64.of("tx1");
        h.addLabel(T - 10 * DAY, T - 5 * DAY, tx, true);
        h.addLabel(T - 10 * DAY, T - DAY, tx, false);
        MerchantSnapshot s = h.snapshot(T, D);
        assertThat(s.fraudShareDelayed(MerchantWindow.D30))
                .as("the verdict known at T is LEGITIMATE")
                .isEqualTo(0.0);
        assertThat(s.fraudShareDelayed(MerchantWindow.D1))
                .as("nothing in (T - 8 d, T - 7 d]")
                .isNull();
    }

    @Test
    void shouldIgnoreARepeatedLabel() {
        MerchantHistory h = MerchantHistory.empty();
        assertThat(h.addLabel(T, T + DAY, 7L, true)).isTrue();
        assertThat(h.addLabel(T, T + DAY, 7L, true)).isFalse();
        assertThat(h.labelCount()).isEqualTo(1);
    }

    @Test
    void shouldRoundTripThroughItsEncodingAndEvictOldEntries() {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(T - 31 * DAY);
        h.addTransaction(T);
        h.addLabel(T - 31 * DAY, T - 31 * DAY + HOUR, 1L, true); // received long ago on an old transaction: evicted
        h.addLabel(T - 31 * DAY, T - 20 * DAY, 3L, true); // received within 30 days: kept (a label received recently)
        h.addLabel(T, T + DAY, 2L, false);
        MerchantHistory back = MerchantHistory.decode(h.encode());
        assertThat(back.transactionCount()).isEqualTo(2);
        assertThat(back.labelCount()).isEqualTo(3);
        back.evict(30 * DAY, 100, 100);
        assertThat(back.transactionCount()).isEqualTo(1);
        assertThat(back.labelCount()).isEqualTo(2);
    }
}
