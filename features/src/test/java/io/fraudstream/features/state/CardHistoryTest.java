package io.fraudstream.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.features.CardWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CardHistoryTest {

    private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long RETENTION = 30 * DAY + 5 * 60_000;

    private static CardEvent tx(String id, long offsetMs, long amount, String merchant) {
        return CardEvent.of(NOON.toEpochMilli() + offsetMs, amount, merchant, id, null, null);
    }

    private static CardEvent located(String id, long offsetMs, double lat, double lon) {
        return CardEvent.of(NOON.toEpochMilli() + offsetMs, 1_000, "m1", id, lat, lon);
    }

    @Test
    void shouldExcludeAnEventExactlyOneWindowOldAndIncludeOneJustInside() {
        // given events exactly 1 h and 1 h - 1 ms before noon
        CardHistory h = CardHistory.empty();
        h.add(tx("a", -HOUR, 100, "m1"));
        h.add(tx("b", -HOUR + 1, 200, "m2"));
        // when a transaction happens at noon
        CardSnapshot s = h.snapshot(tx("c", 0, 400, "m3"));
        // then the 1 h window is (noon - 1 h, noon]: b and c, not a
        assertThat(s.count(CardWindow.H1)).isEqualTo(2);
        assertThat(s.sum(CardWindow.H1)).isEqualTo(600);
        assertThat(s.max(CardWindow.H1)).isEqualTo(400);
        assertThat(s.mean(CardWindow.H1)).isEqualTo(300.0);
        assertThat(s.count(CardWindow.H24)).isEqualTo(3);
        assertThat(s.sum(CardWindow.H24)).isEqualTo(700);
        assertThat(s.distinctMerchants24h()).isEqualTo(3);
    }

    @Test
    void shouldComputeZScoreInputsFromPreviousEventsWithinThirtyDaysOnly() {
        // given amounts 100, 300 within 30 days and 10,000 exactly 30 days earlier
        CardHistory h = CardHistory.empty();
        h.add(tx("old", -30 * DAY, 10_000, "m1"));
        h.add(tx("a", -2 * DAY, 100, "m1"));
        h.add(tx("b", -DAY, 300, "m2"));
        // when
        CardSnapshot s = h.snapshot(tx("c", 0, 500, "m1"));
        // then mean 200, population std dev 100, 24 h ago is the previous one
        assertThat(s.previousCount()).isEqualTo(2);
        assertThat(s.previousMean()).isEqualTo(200.0);
        assertThat(s.previousStdDev()).isCloseTo(100.0, within(1e-9));
        assertThat(s.secondsSinceLast()).isEqualTo(86_400.0);
        assertThat(s.firstTimeAtMerchant()).isFalse();
        assertThat(s.count(CardWindow.D30)).isEqualTo(3);
        assertThat(s.sum(CardWindow.D30)).isEqualTo(900);
    }

    @Test
    void shouldSeeOnlyEarlierEventsForALateEvent() {
        // given events at noon - 10 min and noon (arrived in order)
        CardHistory h = CardHistory.empty();
        h.add(tx("a", -10 * 60_000, 100, "m1"));
        h.add(tx("b", 0, 200, "m2"));
        // when an event from noon - 5 min arrives late
        CardSnapshot s = h.snapshot(tx("late", -5 * 60_000, 50, "m3"));
        // then it sees a (5 minutes earlier) but not b (later)
        assertThat(s.count(CardWindow.H1)).isEqualTo(2);
        assertThat(s.sum(CardWindow.H1)).isEqualTo(150);
        assertThat(s.secondsSinceLast()).isEqualTo(300.0);
        // and inserting it keeps the history sorted
        h.add(tx("late", -5 * 60_000, 50, "m3"));
        assertThat(h.event(1).amount()).isEqualTo(50);
        assertThat(h.maxTime()).isEqualTo(NOON.toEpochMilli());
    }

    @Test
    void shouldMeasureDistanceFromThePreviousLocatedEvent() {
        // given a located event in London, then an unlocated one
        CardHistory h = CardHistory.empty();
        h.add(located("a", -HOUR, 51.5074, -0.1278));
        h.add(tx("b", -30 * 60_000, 100, "m1"));
        // when the card pays in Paris at noon
        CardSnapshot s = h.snapshot(located("c", 0, 48.8566, 2.3522));
        // then the distance is London-Paris (about 343.6 km) and the time one hour
        assertThat(s.distanceFromPrevKm()).isCloseTo(343.6, within(0.5));
        assertThat(s.secondsSincePrevLocated()).isEqualTo(3600.0);
        assertThat(s.secondsSinceLast()).isEqualTo(1800.0);
    }

    @Test
    void shouldDetectADuplicateIdWithinTheWindowOnly() {
        CardHistory h = CardHistory.empty();
        h.add(tx("a", 0, 100, "m1"));
        long sevenDays = 7 * DAY;
        assertThat(h.isDuplicate(Hash64.of("a"), NOON.toEpochMilli() + sevenDays, sevenDays))
                .isTrue();
        assertThat(h.isDuplicate(Hash64.of("a"), NOON.toEpochMilli() + sevenDays + 1, sevenDays))
                .isFalse();
        assertThat(h.isDuplicate(Hash64.of("b"), NOON.toEpochMilli(), sevenDays))
                .isFalse();
    }

    @Test
    void shouldEvictByRetentionAndByCap() {
        CardHistory h = CardHistory.empty();
        h.add(tx("old", -RETENTION, 1, "m1"));
        h.add(tx("a", -3, 2, "m1"));
        h.add(tx("b", -2, 3, "m1"));
        h.add(tx("c", 0, 4, "m1"));
        int capped = h.evict(RETENTION, 2);
        assertThat(capped).isEqualTo(1);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.event(0).amount()).isEqualTo(3);
    }

    @Test
    void shouldRoundTripThroughItsEncoding() {
        CardHistory h = CardHistory.empty();
        h.add(located("a", -HOUR, -33.8688, 151.2093));
        h.add(tx("b", 0, 123_456_789L, "m2"));
        CardHistory back = CardHistory.decode(h.encode());
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.event(0)).isEqualTo(h.event(0));
        assertThat(back.event(1)).isEqualTo(h.event(1));
        assertThat(h.encode().length).as("2 events, one located").isLessThanOrEqualTo(64);
    }

    @Test
    void shouldRejectBytesOfAnUnknownFormat() {
        assertThatThrownBy(() -> CardHistory.decode(new byte[] {9, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> CardHistory.decode(new byte[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }
}
