package io.fraudstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void shouldComputeTheBrierScore() {
        // (0.2 - 0)^2 and (0.8 - 1)^2 -> mean 0.04
        assertThat(Calibration.brier(new double[] {0.2, 0.8}, new boolean[] {false, true}))
                .isCloseTo(0.04, within(1e-12));
    }

    @Test
    void shouldBinScoresIntoReliabilityBins() {
        List<Calibration.Bin> bins = Calibration.reliability(
                new double[] {0.05, 0.15, 0.12, 1.0}, new boolean[] {false, true, false, true}, 10);

        assertThat(bins.get(0).count()).isEqualTo(1);
        assertThat(bins.get(1).count()).isEqualTo(2);
        assertThat(bins.get(1).meanPredicted()).isCloseTo(0.135, within(1e-12));
        assertThat(bins.get(1).observedRate()).isCloseTo(0.5, within(1e-12));
        assertThat(bins.get(9).count()).isEqualTo(1); // 1.0 falls in the last bin
        assertThat(bins.get(5).meanPredicted()).isNaN();
        // |0.05-0| * 1 + |0.135-0.5| * 2 + |1-1| * 1 over 4 rows
        assertThat(Calibration.expectedCalibrationError(bins)).isCloseTo((0.05 + 0.73) / 4, within(1e-12));
    }

    @Test
    void shouldFitPlattScalingThatUndoesAKnownDistortion() {
        // given true probabilities p, and scores that overstate them: score = sigmoid(logit(p) / 2 + 1)
        Random random = new Random(11);
        int n = 50_000;
        double[] scores = new double[n];
        boolean[] fraud = new boolean[n];
        for (int i = 0; i < n; i++) {
            double logit = random.nextGaussian() * 2 - 3;
            double p = 1 / (1 + Math.exp(-logit));
            fraud[i] = random.nextDouble() < p;
            scores[i] = 1 / (1 + Math.exp(-(logit / 2 + 1)));
        }

        Calibration.Platt platt = Calibration.fitPlatt(scores, fraud);

        // then the inverse mapping is found: logit(p) = 2 * logit(score) - 2
        assertThat(platt.a()).isCloseTo(2.0, within(0.15));
        assertThat(platt.b()).isCloseTo(-2.0, within(0.2));
        assertThat(Calibration.brier(platt.apply(scores), fraud)).isLessThan(Calibration.brier(scores, fraud));
    }

    @Test
    void shouldDescribeTheScoreDistributionAsBinFractions() {
        assertThat(Calibration.distribution(new double[] {0.01, 0.02, 0.55, 0.99}, 10))
                .containsExactly(0.5, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0, 0.25);
    }
}
