package io.fraudstream.features.state;

import io.fraudstream.features.MerchantWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(s.fraudShareDelayed(MerchantWindow.D1)).as("nothing in (t - 8 d, t - 7 d]").isNull();
    }

    @Test
    void shouldTakeTheFraudShareOverTheWindowShiftedByTheLabelDelayWithLabelsKnownBeforeT() {
        // given 4 transactions in (T - 8 d, T - 7 d]; FRAUD labels on three of them: known at T + 1 (the future), at T
        // (the same millisecond: it may reach the merchant stage before or after the transaction), and at T - 1
        MerchantHistory h = MerchantHistory.empty();
        for (int i = 3; i >= 0; i--) {
            h.addTransaction(T - D - i * 1000);
        }
        h.addTransaction(T - DAY); // in (T - 1 d, T), but not in the shifted window
        h.addTransaction(T);
        h.addLabel(T - D - 3000, T + 1, Hash64.of("future"), true);
        h.addLabel(T - D - 2000, T, Hash64.of("now"), true);
        h.addLabel(T - D - 1000, T - 1, Hash64.of("known"), true);
        MerchantSnapshot s = h.snapshot(T, D);
        // when / then: only the label known before T counts: 1 fraud among the shifted window's 4 transactions
        assertThat(s.fraudShareDelayed(MerchantWindow.D1)).isEqualTo(0.25);
        assertThat(s.fraudShareDelayed(MerchantWindow.D30)).isEqualTo(0.25);
        // and the labels received before T in the last day: one (the others are at or after T)
        assertThat(s.fraudLabels(MerchantWindow.D1)).isEqualTo(1);
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
    void shouldNotDependOnTheOrderOfTransactionsOfTheSameMillisecond() {
        // given two transactions at T from different cards, applied in either order
        MerchantHistory first = MerchantHistory.empty();
        first.addTransaction(T - DAY / 2);
        first.addTransaction(T);
        MerchantSnapshot seenFirst = first.snapshot(T, D);
        first.addTransaction(T);
        MerchantSnapshot seenSecond = first.snapshot(T, D);
        // then each counts the earlier one and itself, not its twin
        assertThat(seenFirst.count(MerchantWindow.D1)).isEqualTo(2);
        assertThat(seenSecond.count(MerchantWindow.D1)).isEqualTo(2);
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
        assertThat(s.fraudShareDelayed(MerchantWindow.D30)).as("the verdict known at T is LEGITIMATE").isEqualTo(0.0);
        assertThat(s.fraudShareDelayed(MerchantWindow.D1)).as("nothing in (T - 8 d, T - 7 d]").isNull();
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
