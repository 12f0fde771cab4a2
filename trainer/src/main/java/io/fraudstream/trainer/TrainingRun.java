package io.fraudstream.trainer;

import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.trainer.data.KafkaHistoryReader;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.eval.ThresholdRule;
import io.fraudstream.trainer.publish.ChampionGate;
import io.fraudstream.trainer.publish.FinalFit;
import io.fraudstream.trainer.publish.ModelLineage;
import io.fraudstream.trainer.publish.ScoreScale;
import io.fraudstream.trainer.report.Exploration;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.ModelSearch;
import io.fraudstream.trainer.train.TimeSplit;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * What a training run has found out so far, accumulated stage by stage as {@link TrainJob} goes: each stage records
 * its results once, in order, and the run's {@link TrainingOutcome}, the lineage its models are trained with
 * ({@link ModelLineage}) and the {@link ModelRecord} it publishes are each built here, in one place. Not thread-safe.
 */
final class TrainingRun {

    /** Reference score distribution: equal-width bins over [0, 1]. */
    static final int DISTRIBUTION_BINS = 10;

    private final TrainerConfig cfg;
    private final Instant started;
    private final LabelledData data;
    private final List<KafkaHistoryReader.Result> reads;
    private final TimeSplit split;
    private final Path reportDir;

    private Exploration exploration;
    private ModelSearch.Result search;
    private Imbalance imbalance;
    private long trainingRows;
    private ThresholdRule.Choice thresholds;
    private Calibration.Platt platt;
    private ScoreScale scale;
    private TrainingOutcome.ScoredModel candidate;
    private Optional<TrainingOutcome.ScoredModel> champion;
    private String championStatus;
    private ChampionGate.Decision decision;
    private FinalFit finalFit;
    private long finalFitRows;
    private long modelBytes;
    private List<Map.Entry<String, Double>> importance;
    private Optional<TrainingOutcome.Published> published = Optional.empty();

    /**
     * @param cfg       the configuration
     * @param started   when the run started (wall clock)
     * @param data      the labelled rows of the window
     * @param reads     the topics read for them, with their end offsets (empty when they came from a file)
     * @param split     the time split of the window
     * @param reportDir where the report goes
     */
    TrainingRun(
            TrainerConfig cfg,
            Instant started,
            LabelledData data,
            List<KafkaHistoryReader.Result> reads,
            TimeSplit split,
            Path reportDir) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.started = Objects.requireNonNull(started, "started");
        this.data = Objects.requireNonNull(data, "data");
        this.reads = List.copyOf(reads);
        this.split = Objects.requireNonNull(split, "split");
        this.reportDir = Objects.requireNonNull(reportDir, "reportDir");
    }

    /** The data exploration. */
    void explored(Exploration e) {
        exploration = once(exploration, e, "exploration");
    }

    /**
     * The search's outcome.
     *
     * @param result       its trials and winner
     * @param winnerImbalance the winner's imbalance handling
     * @param trainingRows rows of the training window (what the evaluated model is trained on)
     */
    void searched(ModelSearch.Result result, Imbalance winnerImbalance, long trainingRows) {
        search = once(search, result, "search");
        imbalance = Objects.requireNonNull(winnerImbalance, "imbalance");
        this.trainingRows = trainingRows;
    }

    /** The thresholds (raw scale) and calibration chosen on the last validation fold, and the scale served. */
    void thresholds(ThresholdRule.Choice choice, Calibration.Platt fitted, ScoreScale served) {
        thresholds = once(thresholds, choice, "thresholds");
        platt = Objects.requireNonNull(fitted, "platt");
        scale = Objects.requireNonNull(served, "scale");
    }

    /** The new model scored on the holdout. */
    void evaluated(TrainingOutcome.ScoredModel scored) {
        candidate = once(candidate, scored, "candidate");
    }

    /** The serving champion re-scored on the holdout, if usable, and what is known about it. */
    void championRescored(Optional<TrainingOutcome.ScoredModel> scored, String status) {
        champion = once(champion, scored, "champion");
        championStatus = Objects.requireNonNull(status, "status");
    }

    /** The gate's decision and the final fit it leads to. */
    void decided(ChampionGate.Decision gate, FinalFit fit, long fitRows) {
        decision = once(decision, gate, "decision");
        finalFit = Objects.requireNonNull(fit, "fit");
        finalFitRows = fitRows;
    }

    /** The final model's serialized size and top features. */
    void finalModel(long bytes, List<Map.Entry<String, Double>> topFeatures) {
        importance = once(importance, topFeatures, "importance");
        modelBytes = bytes;
    }

    /** Where the final model was published. */
    void published(TrainingOutcome.Published where) {
        published = Optional.of(once(published.orElse(null), where, "published"));
    }

    /**
     * The lineage of the model evaluated on the holdout ({@link FinalFit#evaluated}); a model refit after the gate
     * carries it {@link ModelLineage#withFit with its own fit}. Available once the thresholds are chosen.
     */
    ModelLineage lineage() {
        ModelSearch.Trial best = required(search, "search").best();
        return new ModelLineage(
                data.featureSetVersion(),
                data.stats().source(),
                reads,
                split,
                FinalFit.evaluated(split, cfg.refitFullWindow()),
                cfg.maturity(),
                best.params().toString(),
                imbalance.toString(),
                best.earlyStop().map(Object::toString),
                cfg.seed(),
                cfg.thresholdRule().toString(),
                required(scale, "scale"),
                DISTRIBUTION_BINS,
                String.valueOf(TrainJob.class.getPackage().getImplementationVersion()));
    }

    /**
     * The unsigned record of the final model. Thresholds and the reference score distribution are on the served scale
     * ({@link ScoreScale}, recorded in the provenance); the metrics are the holdout figures of the evaluated model
     * (the same candidate trained on the training window), with the fit of the published model beside them; the
     * provenance is the model's own lineage ({@link ModelLineage#recordProvenance(Model)}).
     *
     * @param slot    the slot it is published to
     * @param version its version
     * @param model   the final model
     * @param bytes   its serialized form
     */
    ModelRecord record(ModelSlot slot, long version, Model<Label> model, byte[] bytes) {
        Map<String, Double> metrics = new LinkedHashMap<>(
                required(candidate, "candidate").evaluation().toMap());
        metrics.put("validation_average_precision", search.best().meanAp());
        metrics.put("threshold_review_raw", thresholds.review());
        metrics.put("threshold_decline_raw", thresholds.decline());
        metrics.put("evaluated_training_rows", (double) trainingRows);
        metrics.put("final_fit_rows", (double) finalFitRows);
        scale.writeMetrics(metrics, platt);
        Map<String, String> provenance = ModelLineage.recordProvenance(model);
        String fit = required(finalFit, "finalFit").reason();
        if (!scale.name().equals(provenance.get(ScoreScale.KEY)) || !fit.equals(provenance.get("final.fit"))) {
            throw new IllegalStateException("the final model's lineage (" + provenance.get(ScoreScale.KEY) + ", "
                    + provenance.get("final.fit") + ") is not this run's (" + scale.name() + ", " + fit + ")");
        }
        return ModelRecord.newBuilder()
                .setModelId(cfg.modelId())
                .setVersion(version)
                .setSlot(slot)
                .setAlgorithm(search.best().params().toString())
                .setFormat(ModelFormat.TRIBUO_PROTOBUF)
                .setModelBytes(ByteBuffer.wrap(bytes))
                .setFeatureSetVersion(data.featureSetVersion())
                .setFeatureNames(new ArrayList<>(data.featureNames()))
                .setReviewThreshold(candidate.review())
                .setDeclineThreshold(candidate.decline())
                .setMetrics(metrics)
                .setTrainingFrom(finalFit.window().from())
                .setTrainingTo(finalFit.window().to())
                .setCreatedAt(started)
                .setProvenance(provenance)
                .setDigestSha256("")
                .setScoreDistribution(Calibration.distribution(scale.apply(candidate.scores()), DISTRIBUTION_BINS))
                .build();
    }

    /** Everything found out, with the phases as measured so far. */
    TrainingOutcome outcome(Phases phases) {
        return new TrainingOutcome(
                started,
                cfg.modelId(),
                data.featureSetVersion(),
                data.featureNames(),
                data.stats(),
                data.rows().size(),
                data.fraudCount(),
                split,
                trainingRows,
                required(exploration, "exploration"),
                required(search, "search"),
                required(thresholds, "thresholds"),
                cfg.thresholdRule(),
                platt,
                required(candidate, "candidate"),
                required(champion, "champion"),
                championStatus,
                required(importance, "importance"),
                required(decision, "decision"),
                finalFit,
                finalFitRows,
                published,
                modelBytes,
                new LinkedHashMap<>(phases.seconds()),
                phases.peakHeapBytes(),
                Phases.peakResidentBytes(),
                reportDir);
    }

    private static <T> T once(T current, T value, String what) {
        if (current != null) {
            throw new IllegalStateException("the run's " + what + " is already recorded");
        }
        return Objects.requireNonNull(value, what);
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("the run has no " + what + " yet");
        }
        return value;
    }
}
