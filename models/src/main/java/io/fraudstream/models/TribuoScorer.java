package io.fraudstream.models;

import io.fraudstream.schemas.avro.ReasonCode;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Fallback for classifiers other than linear SGD and XGBoost: Tribuo's own {@code predict(Example)}; no reason codes.
 * Slower (one {@code Example} per event) but correct for any Tribuo classification model.
 */
final class TribuoScorer implements Scorer {

    private final Model<Label> model;
    private final String[] names;
    private final Label fraud;

    TribuoScorer(Model<Label> model, List<String> names, Label fraud) {
        this.model = model;
        this.names = names.toArray(String[]::new);
        this.fraud = fraud;
    }

    @Override
    public double score(double[] values) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, values));
        Label l = p.getOutputScores().get(fraud.getLabel());
        return l == null ? 0.0 : l.getScore();
    }

    @Override
    public List<ReasonCode> reasons(double[] values, int top) {
        return List.of();
    }

    @Override
    public boolean reasonsAreCheap() {
        return true;
    }

    @Override
    public String kind() {
        return "tribuo:" + model.getClass().getSimpleName();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
