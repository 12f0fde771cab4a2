package io.fraudstream.models;

import io.fraudstream.schemas.avro.ReasonCode;
import java.util.List;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

/**
 * Scores a Tribuo linear SGD classifier (logistic regression, optionally wrapped in a {@link TransformedModel} that
 * standardises features) directly from its weights: no Tribuo {@code Example} per event.
 *
 * <p>The fraud log-odds are {@code sum_i (w_FRAUD,i - w_OTHER,i) * t_i(x_i) + bias difference}, where {@code t_i}
 * is the feature's transformation list (identity when none); the score is the softmax of the per-label margins
 * (for two labels the logistic of the log-odds), exactly Tribuo's prediction. The signed contribution of feature
 * {@code i} to the fraud log-odds is its term of the sum: the reason codes are exact.
 */
final class LinearScorer implements Scorer {

    private final List<String> names;
    private final int[] column; // feature-vector index -> weight column, -1 if the model does not know it
    private final List<Transformer>[] transformers;
    private final double[][] weights; // [label][column]
    private final int fraud;
    private final int bias;

    @SuppressWarnings("unchecked")
    private LinearScorer(
            List<String> names, AbstractLinearSGDModel<Label> linear, TransformerMap transforms, Label fraudLabel) {
        this.names = names;
        ImmutableFeatureMap features = linear.getFeatureIDMap();
        DenseMatrix w = linear.getWeightsCopy();
        weights = new double[w.getDimension1Size()][];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = w.getRow(k).toArray();
        }
        fraud = linear.getOutputIDInfo().getID(fraudLabel);
        bias = features.size();
        column = new int[names.size()];
        transformers = new List[names.size()];
        for (int i = 0; i < names.size(); i++) {
            column[i] = features.getID(names.get(i));
            transformers[i] = transforms == null ? null : transforms.get(names.get(i));
        }
    }

    /** A scorer for {@code model} if it is a (possibly transformed) linear SGD classifier, else null. */
    @SuppressWarnings("unchecked")
    static LinearScorer tryCreate(Model<Label> model, List<String> names, Label fraudLabel) {
        TransformerMap transforms = null;
        Model<Label> inner = model;
        if (model instanceof TransformedModel<Label> t) {
            transforms = t.getTransformerMap();
            inner = t.getInnerModel();
        }
        if (inner instanceof AbstractLinearSGDModel<?> linear) {
            return new LinearScorer(names, (AbstractLinearSGDModel<Label>) linear, transforms, fraudLabel);
        }
        return null;
    }

    @Override
    public double score(double[] values) {
        double[] margins = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            margins[k] = weights[k][bias];
        }
        for (int i = 0; i < values.length; i++) {
            int c = column[i];
            if (c >= 0) {
                double x = transformed(i, values[i]);
                for (int k = 0; k < weights.length; k++) {
                    margins[k] += weights[k][c] * x;
                }
            }
        }
        return softmax(margins, fraud);
    }

    @Override
    public List<ReasonCode> reasons(double[] values, int top) {
        double[] contributions = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = column[i];
            if (c >= 0) {
                double x = transformed(i, values[i]);
                double others = 0;
                for (int k = 0; k < weights.length; k++) {
                    if (k != fraud) {
                        others += weights[k][c];
                    }
                }
                double versus = weights.length > 1 ? others / (weights.length - 1) : 0;
                contributions[i] = (weights[fraud][c] - versus) * x;
            }
        }
        return Contributions.top(names, values, contributions, top);
    }

    @Override
    public boolean reasonsAreCheap() {
        return true;
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public void close() {
        // nothing native
    }

    private double transformed(int i, double value) {
        List<Transformer> t = transformers[i];
        return t == null ? value : TransformerMap.applyTransformerList(value, t);
    }

    private static double softmax(double[] margins, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (double m : margins) {
            max = Math.max(max, m);
        }
        double sum = 0;
        for (double m : margins) {
            sum += Math.exp(m - max);
        }
        return Math.exp(margins[target] - max) / sum;
    }
}
