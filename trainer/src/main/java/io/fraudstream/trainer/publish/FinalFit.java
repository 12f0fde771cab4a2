package io.fraudstream.trainer.publish;

import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.train.TimeSplit;
import java.util.List;
import java.util.Objects;

/**
 * Which rows the published model is fitted on. The run chooses the candidate, its thresholds and calibration, and
 * measures it on the holdout, with the model trained on {@link TimeSplit#training()}: the gap and the holdout stay
 * unseen, and the champion gate compares on the holdout. When the gate then publishes, and
 * {@code trainer.refit.full.window} is on (the default), the same candidate with the same hyperparameters is refit on
 * the whole mature window, {@link TimeSplit#window()} = training window + gap + holdout (every row of it has a mature
 * label), so the published model also learns from the most recent {@code gap + holdout} of data, which it would
 * otherwise never see. The refit model is published with the thresholds and calibration chosen on validation and
 * the holdout figures of the evaluated model: nothing is left to hold out from it.
 * Otherwise (refit off, or nothing published) the evaluated model is the final one.
 *
 * @param window the event-time window whose rows the final model is fitted on
 * @param refit  true if the final model is refit on {@code window} after the gate; false if it is the evaluated model
 * @param reason why, for the log, the report and the model's provenance
 */
public record FinalFit(TimeWindow window, boolean refit, String reason) {

    public FinalFit {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Plans the final fit of a run.
     *
     * @param split           the run's time split
     * @param refitFullWindow {@code trainer.refit.full.window}
     * @param outcome         the champion gate's outcome
     */
    public static FinalFit plan(TimeSplit split, boolean refitFullWindow, ChampionGate.Outcome outcome) {
        boolean publishing =
                outcome == ChampionGate.Outcome.PUBLISH_CHAMPION || outcome == ChampionGate.Outcome.PUBLISH_CHALLENGER;
        TimeWindow evaluated = split.training();
        if (!refitFullWindow) {
            return new FinalFit(
                    evaluated,
                    false,
                    "trainer.refit.full.window=false: the model evaluated on the holdout, " + "trained on " + evaluated
                            + ", is " + (publishing ? "published" : "final"));
        }
        if (!publishing) {
            return new FinalFit(
                    evaluated,
                    false,
                    "not refit (" + outcome.name().toLowerCase(java.util.Locale.ROOT)
                            + "): a published model would be refit on the whole mature window " + split.window());
        }
        return new FinalFit(
                split.window(),
                true,
                "refit after the champion gate on the whole mature window " + split.window()
                        + " (training " + evaluated + " + gap " + split.gap() + " + holdout " + split.holdout()
                        + "), same candidate "
                        + "and hyperparameters; thresholds and calibration from the last validation fold, holdout metrics of the "
                        + "same candidate trained on " + evaluated);
    }

    /**
     * The fit of the model evaluated on the holdout (trained on {@link TimeSplit#training()}), as that model's lineage
     * records it before the gate decides ({@link ModelLineage}). Without refit it is the model published if the gate
     * publishes, and this is the {@link #plan} of a publishing run; with refit it is never published.
     *
     * @param split           the run's time split
     * @param refitFullWindow {@code trainer.refit.full.window}
     */
    public static FinalFit evaluated(TimeSplit split, boolean refitFullWindow) {
        if (!refitFullWindow) {
            return plan(split, false, ChampionGate.Outcome.PUBLISH_CHAMPION);
        }
        return new FinalFit(
                split.training(),
                false,
                "the model evaluated on the holdout, trained on " + split.training()
                        + "; a published model is refit on the whole mature window " + split.window());
    }

    /** The rows of {@code data} the final model is fitted on, in order. */
    public List<LabelledRow> rows(LabelledData data) {
        return data.in(window);
    }
}
