package io.fraudstream.trainer.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Logistic regression (Tribuo's linear SGD with the log loss, AdaGrad) on standardised features: each feature is
 * shifted by its training mean and divided by its standard deviation; the transformation is part of the model
 * (a Tribuo {@code TransformedModel}), so the scoring service feeds raw values. A feature with a single value in
 * the training data is left as is (its deviation is zero). Grid: learning rate x epochs.
 */
public final class LogisticCandidate implements Candidate {

    /** Mini-batch size of the SGD. */
    static final int MINIBATCH = 32;

    private final List<Double> learningRates;
    private final List<Integer> epochs;

    public LogisticCandidate(List<Double> learningRates, List<Integer> epochs) {
        this.learningRates = List.copyOf(learningRates);
        this.epochs = List.copyOf(epochs);
    }

    @Override
    public String name() {
        return "logistic";
    }

    @Override
    public List<HyperParams> grid() {
        List<HyperParams> out = new ArrayList<>();
        for (double lr : learningRates) {
            for (int e : epochs) {
                out.add(new HyperParams(name(), Map.of("learningRate", lr, "epochs", e)));
            }
        }
        return out;
    }

    @Override
    public Trainer<Label> trainer(
            HyperParams p, List<String> featureNames, boolean[] constant, long seed, int threads) {
        LinearSGDTrainer inner = new LinearSGDTrainer(
                new LogMulticlass(),
                new AdaGrad(p.get("learningRate"), 0.1),
                p.getInt("epochs"),
                Integer.MAX_VALUE,
                MINIBATCH,
                seed);
        Map<String, List<Transformation>> perFeature = new HashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            if (!constant[i]) {
                perFeature.put(featureNames.get(i), List.of(new MeanStdDevTransformation()));
            }
        }
        return new TransformTrainer<>(inner, new TransformationMap(List.of(), perFeature), true);
    }
}
