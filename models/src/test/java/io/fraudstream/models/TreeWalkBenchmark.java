package io.fraudstream.models;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Time per row of the two ways {@link XGBoostScorer} scores: the Java tree walk ({@link TreeEnsemble}) and XGBoost's
 * predictor through JNI (per-thread booster, one-row DMatrix). The model is the trainer's default candidate shape
 * (100 rounds x 2 classes, depth 6, HIST) over all feature-set inputs, trained on a nonlinear synthetic rule so its
 * trees are full. One thread. Run: {@code ./mvnw -B -q -pl models exec:exec@bench-trees}.
 */
public final class TreeWalkBenchmark {

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        List<String> names = FeatureVector.featureNames();
        Random random = new Random(1);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("bench", labels), labels);
        double[][] rows = new double[2000][];
        for (int i = 0; i < 30_000; i++) {
            double[] v =
                    random.doubles(names.size()).map(x -> random.nextGaussian()).toArray();
            double s = 0;
            for (int j = 0; j < 20; j++) {
                s += v[j] * v[(j + 7) % v.length];
            }
            data.add(new ArrayExample<>(
                    new Label(s > 3 || random.nextDouble() < 0.02 ? "FRAUD" : "LEGITIMATE"),
                    names.toArray(String[]::new),
                    v));
            if (i < rows.length) {
                rows[i] = v;
            }
        }
        Model<Label> model = new XGBoostClassificationTrainer(
                        XGBoostTrainer.BoosterType.GBTREE,
                        XGBoostTrainer.TreeMethod.HIST,
                        100,
                        0.3,
                        0.0,
                        6,
                        1.0,
                        0.8,
                        0.8,
                        1.0,
                        0.0,
                        2,
                        XGBoostTrainer.LoggingVerbosity.SILENT,
                        7L)
                .train(data);
        ModelLoader loader = new ModelLoader(Optional.of(TestModels.SIGNER), FeatureSet.VERSION, names);
        XGBoostScorer java = (XGBoostScorer) loader.load(TestModels.signed(model, "m", 1, ModelSlot.CHAMPION), 0)
                .scorer();
        XGBoostScorer jni = new XGBoostScorer(names, (XGBoostModel<Label>) model, ModelContract.FRAUD, false);
        System.out.printf("tree walk in Java: %s%n", java.scoresInJava());
        for (int round = 1; round <= 3; round++) {
            double a = time(java, rows, 200_000);
            double b = time(jni, rows, 50_000);
            System.out.printf("round %d: Java tree walk %.2f us/row, XGBoost via JNI %.2f us/row%n", round, a, b);
        }
        java.close();
        jni.close();
    }

    private static double time(Scorer scorer, double[][] rows, int n) {
        double sum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sum += scorer.score(rows[i % rows.length]);
        }
        long nanos = System.nanoTime() - start;
        if (sum < 0) {
            throw new AssertionError(); // keeps the loop's result alive
        }
        return nanos / 1e3 / n;
    }
}
