package io.fraudstream.trainer.train;

import io.fraudstream.models.ModelContract;
import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Rows as Tribuo examples. An example carries every feature by its {@link io.fraudstream.features.FeatureVector}
 * name with its value as is (values are always finite); the scoring service builds its examples the same way
 * ({@code new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values)}), and reads the score of {@link ModelContract#FRAUD}.
 */
public final class TribuoData {

    /** The label of legitimate transactions. */
    public static final Label LEGITIMATE = new Label("LEGITIMATE");

    private static final LabelFactory FACTORY = new LabelFactory();
    private static final int SCORING_CHUNK = 8192;

    private TribuoData() {}

    /** A training dataset of weighted rows. */
    public static MutableDataset<Label> dataset(String description, List<String> names, List<Imbalance.Weighted> rows) {
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(description, FACTORY), FACTORY);
        String[] featureNames = names.toArray(String[]::new);
        for (Imbalance.Weighted w : rows) {
            ArrayExample<Label> ex = new ArrayExample<>(
                    w.row().fraud() ? ModelContract.FRAUD : LEGITIMATE,
                    featureNames,
                    w.row().features());
            ex.setWeight(w.weight());
            ds.add(ex);
        }
        return ds;
    }

    /** The fraud score of each row (in their order) under {@code model}. */
    public static double[] scores(Model<Label> model, List<String> names, List<LabelledRow> rows) {
        String[] featureNames = names.toArray(String[]::new);
        double[] out = new double[rows.size()];
        for (int start = 0; start < rows.size(); start += SCORING_CHUNK) {
            int end = Math.min(rows.size(), start + SCORING_CHUNK);
            List<Example<Label>> chunk = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                chunk.add(new ArrayExample<>(
                        LabelFactory.UNKNOWN_LABEL, featureNames, rows.get(i).features()));
            }
            List<Prediction<Label>> predictions = model.predict(chunk);
            for (int i = 0; i < predictions.size(); i++) {
                out[start + i] = fraudScore(predictions.get(i));
            }
        }
        return out;
    }

    /** The score of {@link ModelContract#FRAUD} in a prediction (0 if the model never saw fraud). */
    public static double fraudScore(Prediction<Label> p) {
        Label l = p.getOutputScores().get(ModelContract.FRAUD.getLabel());
        return l == null ? 0.0 : l.getScore();
    }

    /** The labels of rows, in order. */
    public static boolean[] labels(List<LabelledRow> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).fraud();
        }
        return out;
    }
}
