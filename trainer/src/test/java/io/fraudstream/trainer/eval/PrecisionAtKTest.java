package io.fraudstream.trainer.eval;

import org.junit.jupiter.api.Test;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrecisionAtKTest {

    @Test
    void shouldAverageTheDailyPrecisionOfTheTopCards() {
        // day 1: card A max 0.9 and has a fraud (its 0.1 one), B 0.8 legitimate, C 0.3 fraud -> top 2 = A, B -> 1/2
        // day 2: only card A, 0.2 legitimate -> top 1 = A -> 0
        String[] cards = {"A", "A", "B", "C", "A"};
        long[] times = {day(1.1).toEpochMilli(), day(1.2).toEpochMilli(), day(1.3).toEpochMilli(), day(1.4).toEpochMilli(), day(2.5).toEpochMilli()};
        double[] scores = {0.9, 0.1, 0.8, 0.3, 0.2};
        boolean[] fraud = {false, true, false, true, false};

        assertThat(PrecisionAtK.compute(cards, times, scores, fraud, 2)).isCloseTo(0.25, within(1e-12));
        // k = 3 on day 1 takes C too: 2/3; day 2 still 0
        assertThat(PrecisionAtK.compute(cards, times, scores, fraud, 3)).isCloseTo(1.0 / 3, within(1e-12));
    }
}
