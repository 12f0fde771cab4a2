package io.fraudstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.models.ModelLoader.FeatureMatch;
import io.fraudstream.models.RejectedModelException.Rejection;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The one loader as the trainer's champion gate uses it ({@link FeatureMatch#EXACT}): signature and digest verified,
 * feature set and names as expected, the Tribuo model kept beside the serving one and predicting as the original.
 */
class ModelLoaderTest {

    private static final List<String> NAMES = TestModels.NAMES;

    private static ModelLoader exact(String featureSetVersion, List<String> names) {
        return new ModelLoader(Optional.of(TestModels.SIGNER), featureSetVersion, names, FeatureMatch.EXACT);
    }

    private static ModelRecord signed() {
        return TestModels.signed(TestModels.xgboost(), "fraud-model", 1, ModelSlot.CHAMPION);
    }

    @Test
    void shouldLoadASignedModelThatPredictsAsTheOriginal() throws Exception {
        Model<Label> original = TestModels.xgboost();

        try (LoadedModel loaded = exact(FeatureSet.VERSION, NAMES).loadWithModel(signed(), 0)) {
            for (Example<Label> e : TestModels.data(200)) {
                assertThat(loaded.model()
                                .predict(e)
                                .getOutputScores()
                                .get("FRAUD")
                                .getScore())
                        .isEqualTo(original.predict(e)
                                .getOutputScores()
                                .get("FRAUD")
                                .getScore());
            }
            assertThat(loaded.serving().modelId()).isEqualTo("fraud-model");
        }
    }

    @Test
    void shouldRejectATamperedPayload() {
        ModelRecord record = signed();
        byte[] bytes = record.getModelBytes().array().clone();
        bytes[bytes.length / 2] ^= 0x55;
        record.setModelBytes(ByteBuffer.wrap(bytes));

        assertThatThrownBy(() -> exact(FeatureSet.VERSION, NAMES).loadWithModel(record, 0))
                .isInstanceOfSatisfying(
                        RejectedModelException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.CORRUPT))
                .hasMessageContaining("digestSha256");
    }

    @Test
    void shouldRejectATamperedSignature() {
        ModelRecord record = signed();
        record.setSignature(ByteBuffer.wrap(new byte[32]));

        assertThatThrownBy(() -> exact(FeatureSet.VERSION, NAMES).loadWithModel(record, 0))
                .isInstanceOfSatisfying(
                        RejectedModelException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.SIGNATURE))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void shouldRejectAModelOfOtherFeatures() {
        assertThatThrownBy(() -> exact("features-v9", NAMES).loadWithModel(signed(), 0))
                .isInstanceOf(RejectedModelException.class)
                .hasMessageContaining("features-v9");
        assertThatThrownBy(() -> exact(FeatureSet.VERSION, NAMES.subList(1, NAMES.size()))
                        .loadWithModel(signed(), 0))
                .isInstanceOf(RejectedModelException.class)
                .hasMessageContaining("expects features");
    }

    @Test
    void shouldRequireTheExactListOnlyWhenAskedTo() throws Exception {
        // Given a record listing its features in another order than the caller's vector
        ModelRecord record = TestModels.record(TestModels.xgboost(), "fraud-model", 1, ModelSlot.CHAMPION);
        record.setFeatureNames(NAMES.reversed());
        ModelRecord signed = TestModels.SIGNER.sign(record);

        // Then the scoring service serves it, and the champion gate does not re-score it
        new ModelLoader(Optional.of(TestModels.SIGNER), FeatureSet.VERSION, NAMES)
                .load(signed, 0)
                .scorer()
                .close();
        assertThatThrownBy(() -> exact(FeatureSet.VERSION, NAMES).loadWithModel(signed, 0))
                .isInstanceOfSatisfying(
                        RejectedModelException.class,
                        e -> assertThat(e.category()).isEqualTo(Rejection.FEATURES))
                .hasMessageContaining("expects features");
    }
}
