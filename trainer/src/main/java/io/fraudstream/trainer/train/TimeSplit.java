package io.fraudstream.trainer.train;

import io.fraudstream.trainer.data.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a data window is cut in event time; never at random. From the end backwards:
 * <pre>
 * |------------------------ training ------------------------|-- gap --|---- holdout ----|
 * |---- fold 0 train ----|-gap-|- fold 0 val -|                                            (then folds 1..k-1,
 * |------- fold 1 train -------|-gap-|- fold 1 val -|                                       each later, the last
 * |---------- fold k-1 train ---------|-gap-|- fold k-1 val -|                              ending with training)
 * </pre>
 * The gap, as long as the label delay, keeps labels that were not yet known at training time out of the picture:
 * every validation or holdout row is at least a gap later than every row its model was trained on. Folds expand
 * (each trains on everything before its gap); the best candidate is finally retrained on the whole training window
 * and evaluated once on the holdout.
 *
 * @param window   the whole data window
 * @param training the final training window: {@code [window.from, holdout.from - gap)}
 * @param holdout  the held-out later period: the last {@code holdout} of the window
 * @param gap      the gap
 * @param folds    the validation folds inside {@code training}, earliest first
 */
public record TimeSplit(TimeWindow window, TimeWindow training, TimeWindow holdout, Duration gap, List<Fold> folds) {

    public TimeSplit {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(holdout, "holdout");
        Objects.requireNonNull(gap, "gap");
        folds = List.copyOf(folds);
    }

    /**
     * Plans the split of {@code window}.
     *
     * @param window     the data window
     * @param holdout    length of the held-out period at the end
     * @param gap        gap between any training data and the data it is validated or tested on
     * @param folds      number of validation folds (at least 1)
     * @param validation length of each fold's validation window
     * @throws IllegalArgumentException if the window is too short for this plan, saying how long it must be
     */
    public static TimeSplit plan(TimeWindow window, Duration holdout, Duration gap, int folds, Duration validation) {
        if (folds < 1) {
            throw new IllegalArgumentException("at least one validation fold is needed, was " + folds);
        }
        if (holdout.isNegative()
                || holdout.isZero()
                || validation.isNegative()
                || validation.isZero()
                || gap.isNegative()) {
            throw new IllegalArgumentException("holdout and validation must be positive and the gap not negative");
        }
        Instant holdoutStart = window.to().minus(holdout);
        Instant trainingEnd = holdoutStart.minus(gap);
        Instant firstValidation = trainingEnd.minus(validation.multipliedBy(folds));
        Instant firstTrainEnd = firstValidation.minus(gap);
        if (!firstTrainEnd.isAfter(window.from())) {
            Duration needed =
                    holdout.plus(gap).plus(validation.multipliedBy(folds)).plus(gap);
            throw new IllegalArgumentException(
                    "the data window " + window + " (" + window.length() + ") is too short for "
                            + folds + " folds of " + validation + " validation, a gap of " + gap + " and a holdout of "
                            + holdout
                            + ": it must be longer than " + needed + " (plus data to train the first fold on); "
                            + "widen the window or shorten these settings");
        }
        List<Fold> planned = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            Instant valStart = trainingEnd.minus(validation.multipliedBy(folds - i));
            planned.add(new Fold(
                    i,
                    new TimeWindow(window.from(), valStart.minus(gap)),
                    new TimeWindow(valStart, valStart.plus(validation))));
        }
        return new TimeSplit(
                window,
                new TimeWindow(window.from(), trainingEnd),
                new TimeWindow(holdoutStart, window.to()),
                gap,
                planned);
    }

    /** The last fold (latest validation window): where thresholds and calibration are chosen. */
    public Fold lastFold() {
        return folds.get(folds.size() - 1);
    }
}
