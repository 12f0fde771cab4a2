package io.fraudstream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;

class ScorerTest {

    private final ModelLoader loader =
            new ModelLoader(Optional.of(TestModels.SIGNER), FeatureSet.VERSION, FeatureVector.featureNames());

    @Test
    void shouldScoreLinearModelsExactlyAsTribuoDoes() throws Exception {
        assertSameScoresAsTribuo(TestModels.logistic(), "linear");
    }

    @Test
    void shouldScoreXGBoostModelsExactlyAsTribuoDoes() throws Exception {
        assertSameScoresAsTribuo(TestModels.xgboost(), "xgboost");
    }

    @Test
    void shouldWalkTheTreesInJavaWithXGBoostsScoresForDeepTreesAndMissingValues() throws Exception {
        // Given a deeper model over six informative features, trained and asked with some features missing
        List<String> names = FeatureVector.featureNames();
        List<String> used = names.subList(0, 6);
        MutableDataset<Label> train = sparseData(names, used, 3000, 7);
        Model<Label> model = new XGBoostClassificationTrainer(
                        XGBoostTrainer.BoosterType.GBTREE,
                        XGBoostTrainer.TreeMethod.HIST,
                        60,
                        0.3,
                        0.0,
                        6,
                        1.0,
                        0.8,
                        0.8,
                        1.0,
                        0.0,
                        1,
                        XGBoostTrainer.LoggingVerbosity.SILENT,
                        7L)
                .train(train);
        ServingModel serving = load(model);
        // Then the scorer walks the trees itself, and every score is XGBoost's (through Tribuo) to float rounding
        assertThat(((XGBoostScorer) serving.scorer()).scoresInJava()).isTrue();
        for (Example<Label> e : sparseData(names, used, 500, 8)) {
            double[] values = new double[names.size()];
            java.util.Arrays.fill(values, Double.NaN);
            e.forEach(f -> values[names.indexOf(f.getName())] = f.getValue());
            double expected = model.predict(e).getOutputScores().get("FRAUD").getScore();
            assertThat(serving.scorer().score(values)).as("example %s", e).isCloseTo(expected, within(1e-6));
        }
        serving.scorer().close();
    }

    @Test
    void shouldScoreModelsTheTreeWalkCannotReadThroughXGBoost() throws Exception {
        // Given a DART booster (tree weights and dropout: not a plain sum of leaves)
        List<String> names = FeatureVector.featureNames();
        MutableDataset<Label> train = sparseData(names, names.subList(0, 6), 1000, 9);
        Model<Label> model = new XGBoostClassificationTrainer(
                        XGBoostTrainer.BoosterType.DART,
                        XGBoostTrainer.TreeMethod.HIST,
                        10,
                        0.3,
                        0.0,
                        4,
                        1.0,
                        1.0,
                        1.0,
                        1.0,
                        0.0,
                        1,
                        XGBoostTrainer.LoggingVerbosity.SILENT,
                        9L)
                .train(train);
        ServingModel serving = load(model);
        // Then XGBoost's predictor scores it, with Tribuo's scores
        assertThat(((XGBoostScorer) serving.scorer()).scoresInJava()).isFalse();
        for (Example<Label> e : sparseData(names, names.subList(0, 6), 100, 10)) {
            double[] values = new double[names.size()];
            java.util.Arrays.fill(values, Double.NaN);
            e.forEach(f -> values[names.indexOf(f.getName())] = f.getValue());
            assertThat(serving.scorer().score(values))
                    .isCloseTo(model.predict(e).getOutputScores().get("FRAUD").getScore(), within(1e-6));
        }
        serving.scorer().close();
    }

    /** Rows over {@code used} (each feature missing with probability 0.2), FRAUD by a nonlinear rule with noise. */
    private static MutableDataset<Label> sparseData(List<String> names, List<String> used, int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        MutableDataset<Label> ds = new MutableDataset<>(new org.tribuo.datasource.ListDataSource<>(
                List.of(),
                new org.tribuo.classification.LabelFactory(),
                new org.tribuo.provenance.SimpleDataSourceProvenance(
                        "sparse", new org.tribuo.classification.LabelFactory())));
        for (int i = 0; i < n; i++) {
            double[] v = new double[used.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextGaussian() * (j + 1);
            }
            boolean fraud = v[0] * v[1] > 1.5 || v[2] > 4 || random.nextDouble() < 0.05;
            org.tribuo.impl.ListExample<Label> e =
                    new org.tribuo.impl.ListExample<>(new Label(fraud ? "FRAUD" : "LEGITIMATE"));
            for (int j = 0; j < v.length; j++) {
                if (random.nextDouble() >= 0.2) {
                    e.add(new org.tribuo.Feature(used.get(j), v[j]));
                }
            }
            ds.add(e);
        }
        return ds;
    }

    @Test
    void shouldRefuseToScoreWithARetiredXGBoostModel() throws Exception {
        ServingModel m = load(TestModels.xgboost());
        m.scorer().close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        m.scorer().score(new double[FeatureVector.featureNames().size()]))
                .isInstanceOf(Scorer.RetiredException.class);
    }

    private void assertSameScoresAsTribuo(Model<Label> model, String kind) throws Exception {
        ServingModel serving = load(model);
        assertThat(serving.scorer().kind()).isEqualTo(kind);
        MutableDataset<Label> rows = TestModels.data(200);
        for (Example<Label> e : rows) {
            double[] values = new double[FeatureVector.featureNames().size()];
            e.forEach(f -> values[FeatureVector.featureNames().indexOf(f.getName())] = f.getValue());
            double expected = model.predict(e).getOutputScores().get("FRAUD").getScore();
            assertThat(serving.scorer().score(values)).isCloseTo(expected, within(1e-6));
        }
        serving.scorer().close();
    }

    private ServingModel load(Model<Label> model) throws RejectedModelException {
        ModelRecord r = TestModels.signed(model, "m", 1, ModelSlot.CHAMPION);
        return loader.load(r, 0);
    }
}
