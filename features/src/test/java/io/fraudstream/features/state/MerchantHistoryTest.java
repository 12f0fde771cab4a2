package io.fraudstream.features.state;

import io.fraudstream.features.MerchantWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MerchantHistoryTest {

    private static final long T = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void shouldCountTransactionsInHalfOpenWindows() {
        MerchantHistory h = MerchantHistory.empty();
        h.addTransaction(T - 30 * DAY);
        h.addTransaction(T - 7 * DAY + 1);
        h.addTransaction(T - DAY);
        h.addTransaction(T);
        MerchantSnapshot s = h.snapshot(T);
        assertThat(s.count(MerchantWindow.D1)).isEqualTo(1);
        assertThat(s.count(MerchantWindow.D7)).isEqualTo(3);
        assertThat(s.count(MerchantWindow.D30)).isEqualTo(3);
        assertThat(s.fraudRate(MerchantWindow.D30)).isNull();
    }

    @Test
    void shouldUseOnlyLabelsKnownBeforeTheTransactionTime() {
        // given 4 transactions in the last day; labelled FRAUD: one at T+1 (the future), one at T (the same millisecond:
        // it may reach the merchant stage before or after the transaction), one known at T-1
        MerchantHistory h = MerchantHistory.empty();
        for (int i = 3; i >= 0; i--) {
            h.addTransaction(T - i * 1000);
        }
        h.addLabel(T - 3000, T + 1, Hash64.of("future"), true);
        h.addLabel(T - 2000, T, Hash64.of("now"), true);
        h.addLabel(T - 1000, T - 1, Hash64.of("known"), true);
        // when / then: at T only the label known before T counts: 1 fraud / 4 transactions
        assertThat(h.snapshot(T).fraudRate(MerchantWindow.D1)).isEqualTo(0.25);
    }

    @Test
    void shouldNotDependOnTheOrderOfTransactionsOfTheSameMillisecond() {
        // given two transactions at T from different cards, applied in either order
        MerchantHistory first = MerchantHistory.empty();
        first.addTransaction(T - DAY / 2);
        first.addTransaction(T);
        MerchantSnapshot seenFirst = first.snapshot(T);
        first.addTransaction(T);
        MerchantSnapshot seenSecond = first.snapshot(T);
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
        MerchantSnapshot s = h.snapshot(T);
        assertThat(s.fraudRate(MerchantWindow.D30)).isEqualTo(0.0);
        assertThat(s.fraudRate(MerchantWindow.D7)).isNull();
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
        h.addLabel(T - 31 * DAY, T - 20 * DAY, 1L, true);
        h.addLabel(T, T + DAY, 2L, false);
        MerchantHistory back = MerchantHistory.decode(h.encode());
        assertThat(back.transactionCount()).isEqualTo(2);
        assertThat(back.labelCount()).isEqualTo(2);
        back.evict(30 * DAY, 100, 100);
        assertThat(back.transactionCount()).isEqualTo(1);
        assertThat(back.labelCount()).isEqualTo(1);
    }
}
