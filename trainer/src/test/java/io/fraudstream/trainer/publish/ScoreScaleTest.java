package io.fraudstream.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.trainer.eval.Calibration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreScaleTest {

    private static final Calibration.Platt A2_BM1 = new Calibration.Platt(2, -1);

    @Test
    void shouldPublishCalibratedScoresOnlyWithAnIncreasingFiniteFit() {
        assertThat(ScoreScale.forPublishing(A2_BM1).calibrated()).isTrue();
        assertThat(ScoreScale.forPublishing(Calibration.Platt.IDENTITY).calibrated())
                .isTrue();
        // a decreasing or flat fit would reverse or erase the ranking; a broken one cannot be served
        assertThat(ScoreScale.forPublishing(new Calibration.Platt(-0.5, 1))).isEqualTo(ScoreScale.RAW_SCORES);
        assertThat(ScoreScale.forPublishing(new Calibration.Platt(0, 1))).isEqualTo(ScoreScale.RAW_SCORES);
        assertThat(ScoreScale.forPublishing(new Calibration.Platt(Double.NaN, 1)))
                .isEqualTo(ScoreScale.RAW_SCORES);
        assertThat(ScoreScale.forPublishing(new Calibration.Platt(2, Double.POSITIVE_INFINITY)))
                .isEqualTo(ScoreScale.RAW_SCORES);
    }

    @Test
    void shouldComputeTheSameServedScoresAsTheScoringService() {
        // the same figures are asserted by the scoring service's ScoreCalibrationTest
        ScoreScale scale = ScoreScale.forPublishing(A2_BM1);
        assertThat(scale.apply(0.0)).isCloseTo(3.678794419072018E-19, within(1e-30));
        assertThat(scale.apply(0.3)).isCloseTo(0.06329300438364355, within(1e-15));
        assertThat(scale.apply(0.5)).isCloseTo(0.2689414213699951, within(1e-15));
        assertThat(scale.apply(0.9)).isCloseTo(0.9675306065880703, within(1e-15));
        assertThat(scale.apply(1.0)).isEqualTo(1.0);
        assertThat(ScoreScale.RAW_SCORES.apply(0.3)).isEqualTo(0.3);
    }

    @Test
    void shouldRecordTheScaleAndReadItBackAsTheScoringServiceDoes() {
        Map<String, String> provenance = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        ScoreScale.forPublishing(A2_BM1).writeTo(provenance, metrics, A2_BM1);

        assertThat(provenance).containsEntry(ScoreScale.KEY, ScoreScale.PLATT);
        assertThat(metrics).containsEntry(ScoreScale.PLATT_A, 2.0).containsEntry(ScoreScale.PLATT_B, -1.0);
        assertThat(ScoreScale.of(record(provenance, metrics))).isEqualTo(ScoreScale.forPublishing(A2_BM1));

        // a raw scale still stores the fitted parameters, for information
        Map<String, String> rawProvenance = new HashMap<>();
        Map<String, Double> rawMetrics = new HashMap<>();
        ScoreScale.RAW_SCORES.writeTo(rawProvenance, rawMetrics, new Calibration.Platt(-1, 0));
        assertThat(rawProvenance).containsEntry(ScoreScale.KEY, ScoreScale.RAW);
        assertThat(ScoreScale.of(record(rawProvenance, rawMetrics))).isEqualTo(ScoreScale.RAW_SCORES);
    }

    @Test
    void shouldReadRecordsOfEarlierTrainersAsRawThoughTheyCarryPlattParameters() {
        Map<String, Double> metrics = Map.of(ScoreScale.PLATT_A, 2.0, ScoreScale.PLATT_B, -1.0);

        assertThat(ScoreScale.of(record(Map.of("seed", "42"), metrics))).isEqualTo(ScoreScale.RAW_SCORES);
        assertThat(ScoreScale.storedPlatt(record(Map.of(), metrics))).contains(A2_BM1);
    }

    @Test
    void shouldRefuseRecordsTheScoringServiceWouldReject() {
        assertThatThrownBy(() -> ScoreScale.of(record(Map.of(ScoreScale.KEY, "isotonic"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isotonic");
        assertThatThrownBy(() -> ScoreScale.of(record(Map.of(ScoreScale.KEY, ScoreScale.PLATT), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ScoreScale.PLATT_A);
        assertThatThrownBy(() -> ScoreScale.of(record(
                        Map.of(ScoreScale.KEY, ScoreScale.PLATT),
                        Map.of(ScoreScale.PLATT_A, Double.NaN, ScoreScale.PLATT_B, 0.0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ModelRecord record(Map<String, String> provenance, Map<String, Double> metrics) {
        ModelRecord r = new ModelRecord();
        r.setModelId("m");
        r.setProvenance(new HashMap<>(provenance));
        r.setMetrics(new HashMap<>(metrics));
        return r;
    }
}
