package io.fraudstream.inprocess;

import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainJob;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.TrainingOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * A first model the way a new deployment gets one: generated history goes through the running pipeline (the
 * scoring decides it by rules alone), and once the pipeline has featured and scored all of it, its output committed,
 * the trainer learns from the features and their late labels and publishes a signed model. Used by the
 * demo and the pipeline benchmark, so the benchmark's model sees the same features it will score.
 */
public final class HistoryTraining {

    /**
     * Training settings for a short history: two validation folds of 4 days, a 3-day gap (most labels arrive within
     * it) and a 5-day holdout leave two weeks and more of a 30-day history to train the first fold on. XGBoost stops
     * at 100 trees at most (early stopping may choose fewer), so the demo's and the pipeline benchmark's scoring cost
     * stays what their figures were measured with.
     */
    public static final Map<String, String> SHORT_HISTORY = Map.of(
            TrainerConfig.XGBOOST_MAX_TREES, "100",
            TrainerConfig.FOLDS, "2",
            TrainerConfig.FOLD_VALIDATION_MS, Long.toString(Duration.ofDays(4).toMillis()),
            TrainerConfig.GAP_MS, Long.toString(Duration.ofDays(3).toMillis()),
            TrainerConfig.HOLDOUT_MS, Long.toString(Duration.ofDays(5).toMillis()));

    private HistoryTraining() {}

    /**
     * Generates {@code history} into the pipeline of {@code settings} (already running), waits until it is featured
     * and scored, then trains on it and publishes.
     *
     * @param say       progress lines for people
     * @param deadline  how long the pipeline may take to catch up
     * @return the training outcome (its {@code published()} says whether a model was published)
     */
    public static TrainingOutcome run(
            Pipeline.Settings settings,
            Admin admin,
            GeneratorSettings history,
            Traffic.Truth truth,
            ProgressReporter progress,
            Map<String, String> trainer,
            RunOptions options,
            Progress trainProgress,
            Consumer<String> say,
            Duration deadline)
            throws Exception {
        GeneratorRun.Summary h = Traffic.compressed(Pipeline.generatorConfig(settings), history, truth, progress);
        say.accept("history: " + h.describe());
        if (h.failed() > 0) {
            throw new IllegalStateException("history not fully acknowledged: " + h.describe());
        }
        say.accept("waiting for the pipeline to feature and score all of it");
        Pipeline.awaitCaughtUp(admin, settings, deadline);
        say.accept(
                "training on the featured history and its labels (time-aware folds, logistic regression and XGBoost)");
        return new TrainJob(Pipeline.trainerConfig(settings, trainer), options, trainProgress)
                .run()
                .orElseThrow(() -> new IllegalStateException("the trainer found no data"));
    }
}
