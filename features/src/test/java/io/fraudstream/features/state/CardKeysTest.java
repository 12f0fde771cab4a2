package io.fraudstream.features.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardKeysTest {

    private static final CardKeys CARD = CardKeys.of("tok_card");

    @Test
    void shouldOrderACardsEventKeysByTimeThenTieAsUnsignedBytes() {
        // given keys in (time, tie) order, negative times included
        List<byte[]> ordered = List.of(
                CARD.event(Long.MIN_VALUE, 0),
                CARD.event(-1, 0),
                CARD.event(-1, 1),
                CARD.event(0, 0),
                CARD.event(0, 1),
                CARD.event(0, 2),
                CARD.event(0, 256),
                CARD.event(1, 0),
                CARD.event(1_772_452_800_000L, 0),
                CARD.event(Long.MAX_VALUE, 0),
                CARD.event(Long.MAX_VALUE, Integer.MAX_VALUE));
        // then the store's byte order is the same
        List<byte[]> sorted = new ArrayList<>(ordered);
        sorted.sort(Arrays::compareUnsigned);
        assertThat(sorted).containsExactlyElementsOf(ordered);
    }

    @Test
    void shouldBoundEveryEventAtATimeBetweenFromAndTo() {
        long t = 1_772_452_800_000L;
        for (byte[] k : List.of(CARD.event(t, 0), CARD.event(t, 1), CARD.event(t, Integer.MAX_VALUE))) {
            assertThat(Arrays.compareUnsigned(CARD.from(t), k)).isLessThanOrEqualTo(0);
            assertThat(Arrays.compareUnsigned(k, CARD.to(t))).isLessThanOrEqualTo(0);
        }
        assertThat(Arrays.compareUnsigned(CARD.to(t - 1), CARD.from(t))).isLessThan(0);
        assertThat(Arrays.compareUnsigned(CARD.to(t), CARD.from(t + 1))).isLessThan(0);
    }

    @Test
    void shouldKeepEveryOtherCardsKeysOutOfACardsRange() {
        // given cards whose tokens are prefixes of each other
        CardKeys shorter = CardKeys.of("tok_car");
        CardKeys longer = CardKeys.of("tok_card1");
        byte[] from = CARD.from(Long.MIN_VALUE);
        byte[] to = CARD.to(Long.MAX_VALUE);
        for (CardKeys other : List.of(shorter, longer)) {
            for (byte[] k : List.of(other.event(0, 0), other.event(Long.MAX_VALUE, 5), other.summary())) {
                boolean inside = Arrays.compareUnsigned(from, k) <= 0 && Arrays.compareUnsigned(k, to) <= 0;
                assertThat(inside).as("a key of %s", other.card()).isFalse();
            }
        }
        // and summaries are apart from events
        assertThat(CARD.summary()[0]).isEqualTo(CardKeys.SUMMARY);
        assertThat(CardKeys.cardOfSummary(CARD.summary())).isEqualTo("tok_card");
    }

    @Test
    void shouldReadTimeAndTieBackFromAKey() {
        byte[] k = CARD.event(-123_456, 7);
        assertThat(CARD.time(k)).isEqualTo(-123_456);
        assertThat(CARD.tie(k)).isEqualTo(7);
        assertThat(CARD.tie(CARD.event(5, 0))).isZero();
        assertThat(CARD.event(5, 0)).hasSize(1 + 1 + 8 + 8);
        assertThatThrownBy(() -> CardKeys.of("tok_other").time(k)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTellAPreviousFormatKeyApartOnlyWhenItCannotCollide() {
        assertThat(CARD.hasLegacyKey()).isTrue();
        assertThat(CARD.legacy()).isEqualTo("tok_card".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Arrays.compareUnsigned(CardKeys.legacyFrom(), CARD.legacy())).isLessThan(0);
        assertThat(Arrays.compareUnsigned(CARD.legacy(), CardKeys.legacyTo())).isLessThan(0);
        assertThat(CardKeys.of("\u0001x").hasLegacyKey()).isFalse();
        assertThat(CardKeys.of("").hasLegacyKey()).isFalse();
    }

    @Test
    void shouldRoundTripEventValuesAndSummaries() {
        CardEvent located = CardEvent.of(1_000, 123_456_789L, "m1", "t1", -33.8688, 151.2093);
        CardEvent bare = CardEvent.of(-5, 0, "m2", "t2", null, null);
        assertThat(CardEvent.decodeValue(1_000, located.encodeValue())).isEqualTo(located);
        assertThat(CardEvent.decodeValue(-5, bare.encodeValue())).isEqualTo(bare);
        assertThat(bare.encodeValue()).hasSize(1 + 1 + 8 + 8);
        CardSummary s = new CardSummary(42, 1_772_452_800_000L, 1_772_452_800_000L - 2_592_000_000L);
        assertThat(CardSummary.decode(s.encode())).isEqualTo(s);
        assertThat(s.encode().length).isLessThanOrEqualTo(16);
        assertThatThrownBy(() -> CardSummary.decode(new byte[] {9})).hasMessageContaining("format 9");
        assertThatThrownBy(() -> CardEvent.decodeValue(0, new byte[] {4}))
                .hasMessageContaining("unknown card event format");
    }
}
