package io.fraudstream.trainer.train;

import io.fraudstream.trainer.data.LabelledRow;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/**
 * A candidate whose models grow in rounds (boosting: one round adds a tree per class) and that the search fits
 * <em>once</em> per fold up to {@link #maxRounds()}, scoring the fold's validation rows as it grows: the number of
 * rounds is then chosen on validation, like XGBoost's {@code early_stopping_rounds}, instead of being a grid
 * dimension. {@link ModelSearch} grows every fold's fit in step, evaluates the mean average precision over the folds
 * every {@link #EVALUATE_EVERY} rounds, stops {@link #patience()} rounds after the best mean, and records the best
 * count in the point's parameters under {@link #roundsParameter()}, which {@link Candidate#trainer} then fits.
 */
public interface EarlyStopping {

    /** Rounds between two evaluations of the validation folds (so the chosen count is a multiple of it, or the maximum). */
    int EVALUATE_EVERY = 5;

    /** The parameter early stopping sets ({@code trees}). */
    String roundsParameter();

    /** Rounds a search fit grows to at most. */
    int maxRounds();

    /** Rounds without a better mean validation average precision after which a search fit stops growing. */
    int patience();

    /**
     * A fold's data in the form the fits need, built once per fold and shared by every point of the grid.
     *
     * @param training     the fold's (weighted) training dataset
     * @param featureNames the feature names
     * @param validation   the fold's validation rows
     */
    Prepared prepare(MutableDataset<Label> training, List<String> featureNames, List<LabelledRow> validation);

    /** Starts a fit of grid point {@code point} (without {@link #roundsParameter()}) on a prepared fold. */
    Growing start(HyperParams point, Prepared fold, long seed, int threads);

    /** A fold's prepared data; {@link #close()} frees it. */
    interface Prepared extends AutoCloseable {
        @Override
        void close();
    }

    /** A fit that grows on request. */
    interface Growing extends AutoCloseable {

        /** Grows the model to {@code rounds} rounds in total (never shrinks) and returns the validation rows' fraud scores. */
        double[] growTo(int rounds);

        @Override
        void close();
    }
}
