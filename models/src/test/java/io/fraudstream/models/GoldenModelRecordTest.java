package io.fraudstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.serde.GeneratedClassTrust;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A model record as the trainer of 5 Dec 2026 published it must load and score the same in every later build.
 *
 * <p>{@code golden/model-record-v1.avro} was written once by the trainer's test-scope {@code GoldenModelRecordWriter}
 * (trainer/src/test/.../publish): a seeded 10-round, depth-3 XGBoost candidate trained by the trainer's own code over
 * the features-v4 names, Platt scaling fitted and stored as the trainer publishes it ({@code score.scale=platt}),
 * thresholds on the served scale, signed with {@link #KEY}, in an Avro container file (the writer schema travels with
 * the record, so a later {@code ModelRecord} schema reads it by schema resolution). It must never be regenerated: it
 * stands for records already on {@code fraud.models}. If this test fails, the change broke the contract with
 * published models; fix the change, not the file.
 */
class GoldenModelRecordTest {

    /** The fixed test key the golden record is signed with. */
    static final String KEY = "golden-model-record-test-key-never-used-in-production";

    private static final String GOLDEN = "/golden/model-record-v1.avro";

    @Test
    void shouldLoadTheGoldenRecordAndScoreItAsWhenItWasWritten() throws Exception {
        // Given the golden record, read with today's schema
        ModelRecord record = golden();
        assertThat(record.getModelId()).isEqualTo("golden-xgboost");
        assertThat(record.getSlot()).isEqualTo(ModelSlot.CHAMPION);

        // When the one loader loads it for a caller with the record's own features
        ModelLoader loader = new ModelLoader(
                Optional.of(ModelSignature.withKey(KEY)), record.getFeatureSetVersion(), record.getFeatureNames());
        try (LoadedModel loaded = loader.loadWithModel(record, 0)) {
            ServingModel model = loaded.serving();

            // Then it is served as it was, and scores the fixed vectors to the recorded scores (Tribuo's own, too)
            assertThat(model.scorer().kind()).isEqualTo("xgboost");
            assertThat(model.calibration().platt()).isTrue();
            List<String> names = record.getFeatureNames();
            assertThat(model.scorer().score(vector(names.size(), 0.0))).isCloseTo(RAW_ZERO, within(TOLERANCE));
            assertThat(model.scorer().score(vector(names.size(), 2.5))).isCloseTo(RAW_RISKY, within(TOLERANCE));
            assertThat(model.score(vector(names.size(), 0.0))).isCloseTo(SERVED_ZERO, within(TOLERANCE));
            assertThat(model.score(vector(names.size(), 2.5))).isCloseTo(SERVED_RISKY, within(TOLERANCE));
            assertThat(tribuo(loaded.model(), names, vector(names.size(), 0.0))).isCloseTo(RAW_ZERO, within(1e-6));
            assertThat(tribuo(loaded.model(), names, vector(names.size(), 2.5))).isCloseTo(RAW_RISKY, within(1e-6));
        }
    }

    /**
     * Scores recorded on 5 Dec 2026, right after the file was written (raw: the tree walk in Java, equal to Tribuo's
     * prediction to float rounding; served: through the record's Platt scaling). Exact up to summation order.
     */
    private static final double TOLERANCE = 1e-12;

    private static final double RAW_ZERO = 0.040166553545336665;
    private static final double RAW_RISKY = 0.8088065424282938;
    private static final double SERVED_ZERO = 0.0076770252220084365;
    private static final double SERVED_RISKY = 0.9682525626698546;

    /** Tribuo's own prediction of the fraud score, on an example built as the trainer builds them. */
    private static double tribuo(Model<Label> model, List<String> names, double[] values) {
        return model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names.toArray(String[]::new), values))
                .getOutputScores()
                .get(ModelContract.FRAUD.getLabel())
                .getScore();
    }

    /** The first feature at {@code first} (the informative one in the training data), the others following a fixed pattern. */
    private static double[] vector(int size, double first) {
        double[] v = new double[size];
        for (int i = 1; i < size; i++) {
            v[i] = (i % 7 - 3) * 0.25;
        }
        v[0] = first;
        return v;
    }

    private static ModelRecord golden() throws IOException {
        GeneratedClassTrust.install(); // reading with Avro's datum reader directly, as the serdes do
        try (InputStream in = GoldenModelRecordTest.class.getResourceAsStream(GOLDEN);
                DataFileStream<ModelRecord> records =
                        new DataFileStream<>(in, new SpecificDatumReader<>(ModelRecord.class))) {
            ModelRecord record = records.next();
            assertThat(records.hasNext()).isFalse();
            return record;
        }
    }
}
