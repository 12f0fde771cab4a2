package io.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreDriftTest {

    @Test
    void shouldComputePsiAgainstHandWorkedValues() {
        // (0.8 - 0.5) ln(0.8/0.5) + (0.2 - 0.5) ln(0.2/0.5) = 0.141001 + 0.274887
        assertThat(ScoreDrift.psi(new double[] {0.5, 0.5}, new long[] {80, 20}, 100))
                .isCloseTo(0.415888, within(1e-6));
        assertThat(ScoreDrift.psi(new double[] {0.25, 0.75}, new long[] {25, 75}, 100))
                .isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldFloorEmptyBinsInsteadOfDividingByZero() {
        double psi = ScoreDrift.psi(new double[] {1.0, 0.0}, new long[] {0, 10}, 10);

        assertThat(psi).isFinite().isGreaterThan(1.0);
    }

    @Test
    void shouldPublishOnlyCompleteWindows() {
        // Given a reference of two bins, half the scores below 0.5
        ScoreDrift drift = new ScoreDrift(4);
        List<Double> reference = List.of(0.5, 0.5);

        // When three scores arrive, the window is incomplete
        drift.record(1, reference, 0.9);
        drift.record(1, reference, 0.9);
        drift.record(1, reference, 0.9);
        assertThat(drift.lastPsi()).isNaN();

        // Then the fourth completes it: all four in the upper bin
        drift.record(1, reference, 0.95);
        assertThat(drift.completedWindows()).isEqualTo(1);
        assertThat(drift.lastPsi())
                .isCloseTo(ScoreDrift.psi(new double[] {0.5, 0.5}, new long[] {0, 4}, 4), within(1e-12));
    }

    @Test
    void shouldStartANewWindowWhenTheChampionChanges() {
        ScoreDrift drift = new ScoreDrift(2);
        drift.record(1, List.of(0.5, 0.5), 0.1);

        // a new version: the half-full window of v1 is dropped, v2's reference applies
        drift.record(2, List.of(0.9, 0.1), 0.1);
        drift.record(2, List.of(0.9, 0.1), 0.2);

        assertThat(drift.completedWindows()).isEqualTo(1);
        assertThat(drift.lastPsi())
                .isCloseTo(ScoreDrift.psi(new double[] {0.9, 0.1}, new long[] {2, 0}, 2), within(1e-12));
    }

    @Test
    void shouldIgnoreModelsWithoutAReferenceDistribution() {
        ScoreDrift drift = new ScoreDrift(1);

        drift.record(1, List.of(), 0.7);

        assertThat(drift.completedWindows()).isZero();
        assertThat(drift.lastPsi()).isNaN();
    }

    @Test
    void shouldBinScoresAsTheTrainerDoes() {
        assertThat(ScoreDrift.bin(0.0, 10)).isZero();
        assertThat(ScoreDrift.bin(0.099, 10)).isZero();
        assertThat(ScoreDrift.bin(0.1, 10)).isEqualTo(1);
        assertThat(ScoreDrift.bin(1.0, 10)).isEqualTo(9);
    }
}
