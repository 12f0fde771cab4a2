package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedTest {

    private static final long T0 = 1_764_900_000_000L;

    @Test
    void shouldMeasureFromTheTraceHeaderAndFallBackToTheProducersAppendTime() {
        // Given one record carrying its raw append time and one without (a relay's output)
        Observed o = new Observed();
        o.add("a", T0 + 30, T0 + 120, T0, false);
        o.add("b", T0 + 50, T0 + 200, -1, false);
        Map<String, Long> acknowledged = Map.of("a", T0 - 1_000, "b", T0 + 10);

        // When
        Latencies append = o.latencies(acknowledged, false);
        Latencies visible = o.latencies(acknowledged, true);

        // Then the header wins over the acknowledgement, and the acknowledgement is used without a header
        assertThat(append.count()).isEqualTo(2);
        assertThat(append.percentile(50)).isEqualTo(30);
        assertThat(append.percentile(100)).isEqualTo(40);
        assertThat(visible.percentile(50)).isEqualTo(120);
        assertThat(visible.percentile(100)).isEqualTo(190);
    }

    @Test
    void shouldCountAnIdOnceAndDeadLettersApart() {
        // Given
        Observed o = new Observed();

        // When
        boolean first = o.add("a", T0, T0, -1, false);
        boolean again = o.add("a", T0 + 5, T0 + 5, -1, false);
        o.add("d", T0, T0, -1, true);

        // Then
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(o.size()).isEqualTo(2);
        assertThat(o.scored()).isEqualTo(1);
        assertThat(o.deadLettered()).isEqualTo(1);
        assertThat(o.latencies(Map.of(), false).count()).isZero();
    }

    @Test
    void shouldTakeTheRateOverTheAppendTimesAfterTheWarmUp() {
        // Given 1 warm-up record long before, then 11 records appended 100 ms apart (in any order)
        Observed o = new Observed();
        o.add("warm", T0 - 60_000, T0, -1, false);
        for (int i = 10; i >= 0; i--) {
            o.add("r" + i, T0 + 100L * i, T0, -1, false);
        }

        // Then 10 intervals over 1 s, the warm-up left out; NaN with too few records
        assertThat(o.rateAfter(1)).isEqualTo(10.0);
        assertThat(o.rateAfter(11)).isNaN();
    }
}
