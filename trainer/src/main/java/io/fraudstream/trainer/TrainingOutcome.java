package io.fraudstream.trainer;

import io.fraudstream.trainer.data.LoadStats;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.eval.Evaluation;
import io.fraudstream.trainer.eval.RankedScores;
import io.fraudstream.trainer.eval.ThresholdRule;
import io.fraudstream.trainer.publish.ChampionGate;
import io.fraudstream.trainer.publish.FinalFit;
import io.fraudstream.trainer.publish.ScoreScale;
import io.fraudstream.trainer.report.Exploration;
import io.fraudstream.trainer.train.ModelSearch;
import io.fraudstream.trainer.train.TimeSplit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a training run found out, for the report, the metrics file and the caller.
 *
 * @param startedAt      when the run started (wall clock)
 * @param modelId        the model id
 * @param featureSetVersion the feature-set version
 * @param featureNames   the feature names
 * @param data           how the data was read
 * @param rows           labelled rows in the window
 * @param fraudRows      fraud among them
 * @param split          the time split
 * @param trainingRows   rows of the training window (what the evaluated model was trained on)
 * @param exploration    the data exploration
 * @param search         the search's trials and winner
 * @param thresholds     the chosen thresholds (on the last validation fold), on the raw score scale; the served
 *                       ones are {@code candidate.review()} / {@code candidate.decline()}
 * @param rule           the threshold rule
 * @param platt          the calibration fitted on the last validation fold
 * @param candidate      the winning model, trained on the training window, on the holdout
 * @param champion       the serving champion re-scored on the holdout, if usable
 * @param championStatus what is known about the champion ("none", "v3 ...", or why it could not be used)
 * @param importance     the final model's top features and their importance ({@link io.fraudstream.trainer.train.FeatureImportance})
 * @param decision       the gate's decision
 * @param finalFit       which rows the final (published) model was fitted on
 * @param finalFitRows   how many
 * @param published      where the model was published, if it was
 * @param modelBytes     size of the serialized final model
 * @param phases         seconds per phase
 * @param peakHeapBytes  peak of the heap in use during the run ({@link Phases#peakHeapBytes()})
 * @param peakRssBytes   peak resident set size of the process, -1 if unknown
 * @param reportDir      where report.html and metrics.json were written
 */
public record TrainingOutcome(
        Instant startedAt,
        String modelId,
        String featureSetVersion,
        List<String> featureNames,
        LoadStats data,
        long rows,
        long fraudRows,
        TimeSplit split,
        long trainingRows,
        Exploration exploration,
        ModelSearch.Result search,
        ThresholdRule.Choice thresholds,
        ThresholdRule rule,
        Calibration.Platt platt,
        ScoredModel candidate,
        Optional<ScoredModel> champion,
        String championStatus,
        List<Map.Entry<String, Double>> importance,
        ChampionGate.Decision decision,
        FinalFit finalFit,
        long finalFitRows,
        Optional<Published> published,
        long modelBytes,
        Map<String, Double> phases,
        long peakHeapBytes,
        long peakRssBytes,
        Path reportDir) {

    /**
     * A model scored on the holdout.
     *
     * @param name       display name
     * @param scale      the scale it is served on (its thresholds' scale)
     * @param review     its REVIEW threshold, on {@code scale}
     * @param decline    its DECLINE threshold, on {@code scale}
     * @param evaluation its metrics
     * @param ranked     its ranked holdout scores (for the curves)
     * @param scores     its raw holdout scores, in row order
     * @param fraud      the holdout labels, in row order
     */
    public record ScoredModel(
            String name,
            ScoreScale scale,
            double review,
            double decline,
            Evaluation evaluation,
            RankedScores ranked,
            double[] scores,
            boolean[] fraud) {}

    /**
     * Where a model went.
     *
     * @param slot      champion or challenger
     * @param version   its version
     * @param digest    SHA-256 of the model bytes
     * @param topic     the topic
     * @param partition the partition
     * @param offset    the offset
     */
    public record Published(String slot, long version, String digest, String topic, int partition, long offset) {}
}
