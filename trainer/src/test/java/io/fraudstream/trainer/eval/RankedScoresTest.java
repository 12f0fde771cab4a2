package io.fraudstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every figure below is worked out by hand in the comments. */
class RankedScoresTest {

    // ranked: 0.9 F, 0.8 L, 0.7 F, 0.6 F, 0.5 L, 0.4 L  (F = fraud, L = legitimate; 3 of each)
    private static final double[] SCORES = {0.5, 0.9, 0.4, 0.7, 0.8, 0.6};
    private static final boolean[] FRAUD = {false, true, false, true, false, true};
    private final RankedScores ranked = new RankedScores(SCORES, FRAUD);

    @Test
    void shouldComputeRocAucAsTheShareOfCorrectlyOrderedPairs() {
        // fraud 0.9 beats 3 legitimate, 0.7 beats 2, 0.6 beats 2: 7 of 9 pairs
        assertThat(ranked.rocAuc()).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void shouldComputeAveragePrecisionAsRecallWeightedPrecision() {
        // recall steps of 1/3 at ranks 1, 3, 4 with precision 1, 2/3, 3/4: (1 + 2/3 + 3/4) / 3 = 29/36
        assertThat(ranked.averagePrecision()).isCloseTo(29.0 / 36, within(1e-12));
    }

    @Test
    void shouldCountTiedScoresAsOnePoint() {
        RankedScores tied = new RankedScores(new double[] {0.5, 0.5}, new boolean[] {true, false});

        assertThat(tied.size()).isEqualTo(1);
        assertThat(tied.rocAuc()).isCloseTo(0.5, within(1e-12)); // a tie is half right
        assertThat(tied.averagePrecision()).isCloseTo(0.5, within(1e-12)); // 1 of 2 flagged is fraud
    }

    @Test
    void shouldComputeRecallAtAFixedFalsePositiveRate() {
        // no false positive: only 0.9 is flagged, recall 1/3; one in three legitimate (FPR 1/3): down to 0.6, recall 1
        assertThat(ranked.recallAtFpr(0.0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ranked.recallAtFpr(0.34)).isCloseTo(1.0, within(1e-12));
        assertThat(ranked.recallAtFpr(0.2)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void shouldCountTheConfusionMatrixAtAThreshold() {
        // flag >= 0.65: 0.9 F, 0.8 L, 0.7 F
        ConfusionMatrix c = ranked.at(0.65);

        assertThat(c).isEqualTo(new ConfusionMatrix(2, 1, 1, 2));
        assertThat(c.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.falsePositiveRate()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.alertRate()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void shouldFlagScoresEqualToTheThreshold() {
        assertThat(ranked.at(0.7)).isEqualTo(new ConfusionMatrix(2, 1, 1, 2));
        assertThat(ranked.at(0.95)).isEqualTo(new ConfusionMatrix(0, 0, 3, 3));
    }

    @Test
    void shouldReportUndefinedFiguresWithoutBothClasses() {
        RankedScores onlyLegit = new RankedScores(new double[] {0.1, 0.2}, new boolean[] {false, false});

        assertThat(onlyLegit.rocAuc()).isNaN();
        assertThat(onlyLegit.averagePrecision()).isNaN();
    }

    @Test
    void shouldComputeTheSameAveragePrecisionWithoutBuildingTheCurve() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(2_000);
            double[] scores = new double[n];
            boolean[] fraud = new boolean[n];
            for (int i = 0; i < n; i++) {
                fraud[i] = random.nextDouble() < 0.1;
                // few distinct values: many ties, some across the classes
                scores[i] = random.nextInt(trial % 2 == 0 ? 20 : 1_000_000) / 20.0 + (fraud[i] ? 0.1 : 0);
            }

            assertThat(RankedScores.averagePrecision(scores, fraud))
                    .as("trial %d", trial)
                    .isCloseTo(new RankedScores(scores, fraud).averagePrecision(), within(1e-12));
        }
        assertThat(RankedScores.averagePrecision(new double[] {0.1, 0.2}, new boolean[] {false, false}))
                .isNaN();
    }
}
