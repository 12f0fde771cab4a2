package io.fraudstream.trainer.publish;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.TribuoData;
import io.fraudstream.trainer.train.XGBoostCandidate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedModelTest {

    private static final ModelSignature SIGNER = ModelSignature.withKey("a-test-signing-key-of-32-bytes-or-more");
    private static final List<String> NAMES = FeatureVector.featureNames();
    private static List<LabelledRow> rows;
    private static Model<Label> model;

    @BeforeAll
    static void train() {
        Random random = new Random(3);
        rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean fraud = i % 10 == 0;
            double[] v = new double[NAMES.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextGaussian() + (fraud && j == 0 ? 2 : 0);
            }
            rows.add(new LabelledRow("t" + i, "c", i, fraud, v));
        }
        XGBoostCandidate xgb = new XGBoostCandidate(List.of(10), List.of(3), List.of(0.3));
        model = xgb.trainer(xgb.grid().get(0), NAMES, new boolean[NAMES.size()], 1, 1)
                .train(TribuoData.dataset("test", NAMES, new Imbalance(Imbalance.Mode.NONE, 0, 1).apply(rows, 1)));
    }

    private static ModelRecord signed() {
        return SIGNER.sign(ModelRecord.newBuilder()
                .setModelId("fraud-model").setVersion(1).setSlot(ModelSlot.CHAMPION).setAlgorithm("xgboost")
                .setFormat(ModelFormat.TRIBUO_PROTOBUF).setModelBytes(ByteBuffer.wrap(model.serialize().toByteArray()))
                .setFeatureSetVersion(FeatureSet.VERSION).setFeatureNames(new ArrayList<>(NAMES))
                .setReviewThreshold(0.5).setDeclineThreshold(0.9).setMetrics(Map.of())
                .setTrainingFrom(Instant.EPOCH).setTrainingTo(Instant.EPOCH).setCreatedAt(Instant.EPOCH)
                .setProvenance(Map.of()).setDigestSha256("").build());
    }

    @Test
    void shouldLoadASignedModelThatPredictsAsTheOriginal() throws Exception {
        LoadedModel loaded = LoadedModel.load(signed(), SIGNER, FeatureSet.VERSION, NAMES);

        assertThat(TribuoData.scores(loaded.model(), NAMES, rows)).containsExactly(TribuoData.scores(model, NAMES, rows));
    }

    @Test
    void shouldRejectATamperedPayload() {
        ModelRecord record = signed();
        byte[] bytes = record.getModelBytes().array().clone();
        bytes[bytes.length / 2] ^= 0x55;
        record.setModelBytes(ByteBuffer.wrap(bytes));

        assertThatThrownBy(() -> LoadedModel.load(record, SIGNER, FeatureSet.VERSION, NAMES))
                .isInstanceOf(LoadedModel.RejectedModelException.class).hasMessageContaining("digestSha256");
    }

    @Test
    void shouldRejectATamperedSignature() {
        ModelRecord record = signed();
        record.setSignature(ByteBuffer.wrap(new byte[32]));

        assertThatThrownBy(() -> LoadedModel.load(record, SIGNER, FeatureSet.VERSION, NAMES))
                .isInstanceOf(LoadedModel.RejectedModelException.class).hasMessageContaining("signature does not match");
    }

    @Test
    void shouldRejectAModelOfOtherFeatures() {
        assertThatThrownBy(() -> LoadedModel.load(signed(), SIGNER, "features-v9", NAMES))
                .isInstanceOf(LoadedModel.RejectedModelException.class).hasMessageContaining("features-v9");
        assertThatThrownBy(() -> LoadedModel.load(signed(), SIGNER, FeatureSet.VERSION, NAMES.subList(1, NAMES.size())))
                .isInstanceOf(LoadedModel.RejectedModelException.class).hasMessageContaining("expects features");
    }
}
