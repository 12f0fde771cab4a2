package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {
    static final long T0 = 1_709_294_400_000L;
    static final long SECOND_NANOS = 1_000_000_000L;

    @Test
    void shouldNeverWaitAtMaxSpeed() {
        Pacer p = Pacer.parse("max");
        assertThat(p.unpaced()).isTrue();
        assertThat(p.waitNanos(T0, 0)).isZero();
        assertThat(p.waitNanos(T0 + 3_600_000, 0)).isZero();
    }

    @Test
    void shouldScheduleEventsAtNTimesRealTime() {
        // Given 60x: one minute of event time per second
        Pacer p = Pacer.parse("60");
        assertThat(p.waitNanos(T0, 5 * SECOND_NANOS)).isZero(); // anchors

        // Then an event 2 minutes later is due 2 s after the anchor
        assertThat(p.waitNanos(T0 + 120_000, 5 * SECOND_NANOS)).isEqualTo(2 * SECOND_NANOS);
        assertThat(p.waitNanos(T0 + 120_000, 6 * SECOND_NANOS)).isEqualTo(SECOND_NANOS);
        assertThat(p.waitNanos(T0 + 120_000, 9 * SECOND_NANOS)).isZero();
    }

    @Test
    void shouldRejectNonPositiveSpeeds() {
        assertThatThrownBy(() -> Pacer.parse("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacer.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'");
        assertThat(Pacer.parse("10x").unpaced()).isFalse();
    }
}
