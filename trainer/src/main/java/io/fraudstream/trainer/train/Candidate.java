package io.fraudstream.trainer.train;

import java.util.List;
import java.util.Optional;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/** A model family the search tries, with its small hyperparameter grid. */
public interface Candidate {

    /** Short name ({@code logistic}, {@code xgboost}). */
    String name();

    /** The grid: every point is tried on every fold. */
    List<HyperParams> grid();

    /**
     * A Tribuo trainer for {@code params}.
     *
     * @param params        a point of {@link #grid()}
     * @param featureNames  the feature names
     * @param constant      per feature: true if it has a single value in the training data (it cannot be standardised)
     * @param seed          the seed
     * @param threads       threads the trainer may use
     */
    Trainer<Label> trainer(HyperParams params, List<String> featureNames, boolean[] constant, long seed, int threads);

    /** How the search chooses this candidate's number of rounds on validation, if it does ({@link EarlyStopping}). */
    default Optional<EarlyStopping> earlyStopping() {
        return Optional.empty();
    }
}
