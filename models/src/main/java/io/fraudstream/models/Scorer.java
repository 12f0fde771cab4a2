package io.fraudstream.models;

import io.fraudstream.schemas.avro.ReasonCode;
import java.util.List;

/**
 * Scores one feature vector (values in the order of the {@link ModelLoader}'s feature names; in the services, the
 * serving vector's {@code FeatureVector.featureNames()}) with a loaded model. Implementations are thread-safe and cheap per call; {@link #close()} releases native resources once
 * the model is retired.
 */
public interface Scorer extends AutoCloseable {

    /** Probability of fraud in [0, 1]. */
    double score(double[] values);

    /**
     * The features that raised the score most, largest first, at most {@code top}, only positive contributions.
     * {@link #reasonsAreCheap()} says whether this may be called for every event.
     */
    List<ReasonCode> reasons(double[] values, int top);

    /** True when {@link #reasons} costs about as much as {@link #score} (linear models); false for tree SHAP. */
    boolean reasonsAreCheap();

    /** Short name of the scoring method, for logs and {@code /v1/models/current}. */
    String kind();

    @Override
    void close();

    /** Thrown by a scorer used after {@link #close()}: the caller re-reads the models in service and scores again. */
    final class RetiredException extends IllegalStateException {
        public RetiredException(String message) {
            super(message);
        }
    }
}
