package io.fraudstream.trainer.eval;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrecisionAtKTest {

    @Test
    void shouldAverageTheDailyPrecisionOfTheTopCards() {
        // day 1: card A max 0.9 and has a fraud (its 0.1 one), B 0.8 legitimate, C 0.3 fraud -> top 2 = A, B -> 1/2
        // day 2: only card A, 0.2 legitimate -> top 1 = A -> 0
        String[] cards = {"A", "A", "B", "C", "A"};
        long[] times = {
            day(1.1).toEpochMilli(),
            day(1.2).toEpochMilli(),
            day(1.3).toEpochMilli(),
            day(1.4).toEpochMilli(),
            day(2.5).toEpochMilli()
        };
        double[] scores = {0.9, 0.1, 0.8, 0.3, 0.2};
        boolean[] fraud = {false, true, false, true, false};

        assertThat(PrecisionAtK.compute(cards, times, scores, fraud, 2)).isCloseTo(0.25, within(1e-12));
        // k = 3 on day 1 takes C too: 2/3; day 2 still 0
        assertThat(PrecisionAtK.compute(cards, times, scores, fraud, 3)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void shouldComputeCardPrecisionTopKAsLeBorgneEtAlDefineIt() {
        // k = 2, four days (hand-computed):
        // day 1: A max 0.9 and fraud (its 0.1 transaction), B 0.8 legitimate, C 0.3 fraud
        //        -> top 2 = A, B: 1 compromised / 2 = 1/2; A is detected (C, fraud but not in the top 2, is not)
        // day 2: A 0.95 fraud (detected: left out), C 0.6 fraud, B 0.5 legitimate
        //        -> top 2 = C, B: 1/2; C is detected (B, checked but legitimate, stays in)
        // day 3: C 0.9 fraud (detected: left out), G 0.3 legitimate -> top 2 = G alone: 0 / 2 = 0
        // day 4: H 0.5 fraud, the only card -> 1 / 2 (divided by k, not by the one card there is)
        // mean (1/2 + 1/2 + 0 + 1/2) / 4 = 0.375
        String[] cards = {"A", "A", "B", "C", "A", "C", "B", "C", "G", "H"};
        long[] times = {at(1.1), at(1.2), at(1.3), at(1.4), at(2.1), at(2.2), at(2.3), at(3.1), at(3.2), at(4.1)};
        double[] scores = {0.9, 0.1, 0.8, 0.3, 0.95, 0.6, 0.5, 0.9, 0.3, 0.5};
        boolean[] fraud = {false, true, false, true, true, true, false, true, false, true};

        assertThat(PrecisionAtK.cardPrecisionTopK(cards, times, scores, fraud, 2))
                .isCloseTo(0.375, within(1e-12));
        // each day on its own (A, B | A, C | C, G | H): (1/2 + 1 + 1/2 + 1) / 4
        assertThat(PrecisionAtK.compute(cards, times, scores, fraud, 2)).isCloseTo(0.75, within(1e-12));
    }

    private static long at(double days) {
        return day(days).toEpochMilli();
    }
}
