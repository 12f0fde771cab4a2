package io.fraudstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

    private static final ScoreCalibration A2_BM1 = ScoreCalibration.platt(2, -1);

    @Test
    void shouldApplyPlattScalingOnTheLogitOfTheRawScore() {
        // p = 1 / (1 + exp(-(2 * logit(0.3) - 1)))
        double logit = Math.log(0.3 / 0.7);
        assertThat(A2_BM1.apply(0.3)).isCloseTo(1 / (1 + Math.exp(-(2 * logit - 1))), within(1e-15));
        assertThat(A2_BM1.apply(0.5)).isCloseTo(1 / (1 + Math.exp(1)), within(1e-15));
        assertThat(ScoreCalibration.NONE.apply(0.3)).isEqualTo(0.3);
    }

    @Test
    void shouldComputeTheSameCalibratedScoresAsTheTrainer() {
        // the same figures are asserted by the trainer's ScoreScaleTest: thresholds mapped there are compared here
        assertThat(A2_BM1.apply(0.0)).isCloseTo(3.678794419072018E-19, within(1e-30));
        assertThat(A2_BM1.apply(0.3)).isCloseTo(0.06329300438364355, within(1e-15));
        assertThat(A2_BM1.apply(0.5)).isCloseTo(0.2689414213699951, within(1e-15));
        assertThat(A2_BM1.apply(0.9)).isCloseTo(0.9675306065880703, within(1e-15));
        assertThat(A2_BM1.apply(1.0)).isEqualTo(1.0);
    }

    @Test
    void shouldClampRawScoresOfZeroAndOneSoTheirCalibratedScoresAreFinite() {
        assertThat(A2_BM1.apply(0.0))
                .isEqualTo(A2_BM1.apply(ScoreCalibration.CLAMP))
                .isStrictlyBetween(0.0, 1e-15);
        assertThat(A2_BM1.apply(1.0))
                .isEqualTo(A2_BM1.apply(1 - ScoreCalibration.CLAMP))
                .isCloseTo(1.0, within(1e-15));
        // a steep calibration saturates at the ends but stays a probability
        ScoreCalibration steep = ScoreCalibration.platt(1e6, 0);
        assertThat(steep.apply(0.0)).isEqualTo(0.0);
        assertThat(steep.apply(1.0)).isEqualTo(1.0);
    }

    @Test
    void shouldDecideAsTheRawScoreDoesAtThresholdsMappedThroughTheSameCalibration() {
        // Given raw scores and raw thresholds across (0, 1), including the ends
        Random random = new Random(12);
        double[] thresholds = {0.0, 1e-12, 0.01, 0.2, 0.5, 0.73, 0.9, 0.999, 1.0};
        for (int i = 0; i < 100_000; i++) {
            double raw = i < 4 ? new double[] {0.0, 1.0, 0.5, 0.9}[i] : random.nextDouble();
            for (double t : thresholds) {
                // Then a raw score reaches a raw threshold exactly when its calibrated score reaches the mapped one
                assertThat(A2_BM1.apply(raw) >= A2_BM1.apply(t))
                        .as("raw %s, threshold %s", raw, t)
                        .isEqualTo(raw >= t
                                || (raw < ScoreCalibration.CLAMP && t < ScoreCalibration.CLAMP)
                                || (raw > 1 - ScoreCalibration.CLAMP && t > 1 - ScoreCalibration.CLAMP));
            }
        }
    }

    @Test
    void shouldReadTheScaleFromTheRecordAndServeRecordsWithoutOneRaw() throws Exception {
        assertThat(ScoreCalibration.of(record(null, Map.of()))).isEqualTo(ScoreCalibration.NONE);
        // earlier trainers stored the parameters with raw-scale thresholds and no scale: still served raw
        assertThat(ScoreCalibration.of(record(null, platt(2.0, -1.0)))).isEqualTo(ScoreCalibration.NONE);
        assertThat(ScoreCalibration.of(record("raw", platt(2.0, -1.0)))).isEqualTo(ScoreCalibration.NONE);
        assertThat(ScoreCalibration.of(record("platt", platt(2.0, -1.0)))).isEqualTo(A2_BM1);
    }

    @Test
    void shouldRejectAPlattScaleWithoutFiniteIncreasingParametersOrAnUnknownScale() {
        for (Map<String, Double> bad : java.util.List.of(
                platt(Double.NaN, -1.0),
                platt(2.0, Double.NaN),
                platt(Double.NEGATIVE_INFINITY, 0.0),
                platt(0.0, 1.0),
                platt(-2.0, 1.0),
                Map.<String, Double>of())) {
            assertThatThrownBy(() -> ScoreCalibration.of(record("platt", bad)))
                    .isInstanceOfSatisfying(
                            RejectedModelException.class,
                            e -> assertThat(e.category()).isEqualTo(RejectedModelException.Rejection.CALIBRATION))
                    .hasMessageContaining("m v1");
        }
        assertThatThrownBy(() -> ScoreCalibration.of(record("isotonic", platt(2.0, -1.0))))
                .isInstanceOf(RejectedModelException.class)
                .hasMessageContaining("isotonic");
    }

    private static Map<String, Double> platt(double a, double b) {
        Map<String, Double> m = new HashMap<>();
        m.put(ScoreCalibration.PLATT_A, a);
        m.put(ScoreCalibration.PLATT_B, b);
        return m;
    }

    private static ModelRecord record(String scale, Map<String, Double> metrics) {
        ModelRecord r = new ModelRecord();
        r.setModelId("m");
        r.setVersion(1);
        r.setSlot(ModelSlot.CHAMPION);
        r.setMetrics(new HashMap<>(metrics));
        Map<String, String> provenance = new HashMap<>();
        if (scale != null) {
            provenance.put(ScoreCalibration.SCALE_KEY, scale);
        }
        r.setProvenance(provenance);
        return r;
    }
}
