package io.fraudstream.scoring.model;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScorerTest {

    private final ModelLoader loader = new ModelLoader(Optional.of(io.fraudstream.scoring.TestModelsAccess.signer()),
            FeatureSet.VERSION, FeatureVector.featureNames());

    @Test
    void shouldScoreLinearModelsExactlyAsTribuoDoes() throws Exception {
        assertSameScoresAsTribuo(io.fraudstream.scoring.TestModelsAccess.logistic(), "linear");
    }

    @Test
    void shouldScoreXGBoostModelsExactlyAsTribuoDoes() throws Exception {
        assertSameScoresAsTribuo(io.fraudstream.scoring.TestModelsAccess.xgboost(), "xgboost");
    }

    @Test
    void shouldRefuseToScoreWithARetiredXGBoostModel() throws Exception {
        ServingModel m = load(io.fraudstream.scoring.TestModelsAccess.xgboost());
        m.scorer().close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.scorer().score(new double[FeatureVector.featureNames().size()]))
                .isInstanceOf(Scorer.RetiredException.class);
    }

    private void assertSameScoresAsTribuo(Model<Label> model, String kind) throws Exception {
        ServingModel serving = load(model);
        assertThat(serving.scorer().kind()).isEqualTo(kind);
        MutableDataset<Label> rows = io.fraudstream.scoring.TestModelsAccess.data(200);
        for (Example<Label> e : rows) {
            double[] values = new double[FeatureVector.featureNames().size()];
            e.forEach(f -> values[FeatureVector.featureNames().indexOf(f.getName())] = f.getValue());
            double expected = model.predict(e).getOutputScores().get("FRAUD").getScore();
            assertThat(serving.scorer().score(values)).isCloseTo(expected, within(1e-6));
        }
        serving.scorer().close();
    }

    private ServingModel load(Model<Label> model) throws RejectedModelException {
        ModelRecord r = io.fraudstream.scoring.TestModelsAccess.signed(model, ModelSlot.CHAMPION);
        return loader.load(r, 0);
    }
}
