package io.fraudstream.trainer;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.models.LoadedModel;
import io.fraudstream.models.ModelContract;
import io.fraudstream.models.ModelLoader;
import io.fraudstream.models.ModelSlots;
import io.fraudstream.models.RejectedModelException;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.data.KafkaHistoryReader;
import io.fraudstream.trainer.data.KafkaTrainingData;
import io.fraudstream.trainer.data.LabelJoin;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.RowFiles;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.eval.Evaluation;
import io.fraudstream.trainer.eval.RankedScores;
import io.fraudstream.trainer.eval.ThresholdRule;
import io.fraudstream.trainer.publish.ChampionGate;
import io.fraudstream.trainer.publish.FinalFit;
import io.fraudstream.trainer.publish.ModelLineage;
import io.fraudstream.trainer.publish.ModelPublisher;
import io.fraudstream.trainer.publish.ScoreScale;
import io.fraudstream.trainer.report.Exploration;
import io.fraudstream.trainer.report.HtmlReport;
import io.fraudstream.trainer.report.MetricsJson;
import io.fraudstream.trainer.train.FeatureImportance;
import io.fraudstream.trainer.train.HyperParams;
import io.fraudstream.trainer.train.ModelSearch;
import io.fraudstream.trainer.train.TimeSplit;
import io.fraudstream.trainer.train.TribuoData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * One training run, start to end: read and join the data, explore it, search the candidates on rolling time folds,
 * retrain the best on the whole training window, choose thresholds and calibration on the last validation fold,
 * evaluate on the held-out later period next to the re-scored serving champion, decide through the champion gate,
 * refit the best on the whole mature window ({@link FinalFit}, unless {@code trainer.refit.full.window=false}),
 * publish it as a signed {@link ModelRecord} (thresholds and score distribution on its served scale,
 * {@link ScoreScale}), and write the report.
 */
public final class TrainJob {

    private static final Logger log = LoggerFactory.getLogger(TrainJob.class);
    private static final DateTimeFormatter RUN_DIR =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE / 2);
    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE / 2);
    /** Features shown in the report's importance chart. */
    private static final int TOP_FEATURES = 25;

    private final TrainerConfig cfg;
    private final RunOptions options;
    private final Progress progress;

    public TrainJob(TrainerConfig cfg, RunOptions options, Progress progress) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs the job; empty if it only exported data. */
    public Optional<TrainingOutcome> run() {
        Instant started = Instant.now();
        if (options.mode() != ChampionGate.Mode.DRY_RUN
                && !options.exportOnly()
                && cfg.signingKey().isEmpty()) {
            throw new IllegalArgumentException(
                    TrainerConfig.SIGNING_KEY + " is not set: it is needed to sign the model "
                            + "(set it, or FRAUDSTREAM_MODEL_SIGNING_KEY, to the secret the scoring service holds; or use --dry-run)");
        }
        String registryUrl = cfg.schemaRegistryUrl()
                .orElseThrow(() -> new IllegalArgumentException(
                        "schema.registry.url is not set (nor found in a local stack connection file)"))
                .toString();
        try (Phases phases = new Phases();
                SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(registryUrl).build()) {
            TopicCatalogue topics = TopicCatalogue.create(cfg.topicSettings(), AvroSerdes.create(registry, true));
            if (cfg.provisionTopics()) {
                phases.run("provision topics", () -> provision(topics));
            }
            Windowed loaded = phases.time("read data", () -> readData(topics, started));
            if (options.export().isPresent()) {
                long n = phases.time(
                        "export",
                        () -> RowFiles.write(loaded.data(), options.export().get()));
                log.info(
                        "exported {} labelled rows to {}",
                        n,
                        options.export().get().toAbsolutePath());
                if (options.exportOnly()) {
                    return Optional.empty();
                }
            }
            return Optional.of(train(loaded, topics, phases, started));
        }
    }

    private void provision(TopicCatalogue topics) {
        try (Admin admin = Admin.create(cfg.adminProps())) {
            new TopicProvisioner(admin).ensure(topics.all());
        }
    }

    /** The data of the resolved window, and the topics read for them (none for a file). */
    private record Windowed(LabelledData data, TimeWindow window, List<KafkaHistoryReader.Result> reads) {}

    private Windowed readData(TopicCatalogue topics, Instant started) {
        TimeWindow readWindow =
                new TimeWindow(cfg.from().orElse(EARLIEST), cfg.to().orElse(LATEST));
        LabelledData data;
        List<KafkaHistoryReader.Result> reads = List.of();
        // the first instant too young to be used (rows from a file were labelled when exported: none)
        Optional<Instant> immatureFrom = Optional.empty();
        if (options.input().isPresent()) {
            data = RowFiles.read(options.input().get(), readWindow);
        } else {
            // a configured as.of is a back-test: labels given after it are ignored (in LabelJoin)
            LabelJoin join = new LabelJoin(
                    cfg.maturity(), cfg.asOf().orElse(started), cfg.asOf().isPresent());
            KafkaTrainingData.Loaded loaded = new KafkaTrainingData(topics, reader(Map.of())).load(readWindow, join);
            data = loaded.data();
            reads = loaded.reads();
            immatureFrom = Optional.of(join.matureUntil().plusMillis(1));
        }
        if (data.rows().isEmpty()) {
            throw new IllegalArgumentException(
                    "no labelled transactions in " + describe(readWindow) + " (" + data.stats() + ")");
        }
        TimeWindow window = resolveWindow(data, immatureFrom);
        LabelledData inWindow = data.within(window);
        if (inWindow.rows().isEmpty()) {
            throw new IllegalArgumentException("no labelled transactions in " + window + " (" + inWindow.stats() + ")");
        }
        log.info(
                "data window {}: {} labelled rows, {} fraud ({})",
                window,
                inWindow.rows().size(),
                inWindow.fraudCount(),
                inWindow.stats());
        return new Windowed(inWindow, window, reads);
    }

    /**
     * The configured window, completed from the data where unset: by default it ends after the last row, which is the
     * last mature one (younger rows were left out, labelled or not). A configured end after {@code immatureFrom} is
     * moved back to it, so that the holdout is not cut from a period whose rows were all left out.
     */
    private TimeWindow resolveWindow(LabelledData data, Optional<Instant> immatureFrom) {
        List<LabelledRow> rows = data.rows();
        Instant to = cfg.to()
                .map(configured -> {
                    if (immatureFrom.isPresent() && configured.isAfter(immatureFrom.get())) {
                        log.warn(
                                "{} {} is after the end of the mature data ({} = as.of {} - maturity {}): the window "
                                        + "ends there instead",
                                TrainerConfig.WINDOW_TO,
                                configured,
                                immatureFrom.get(),
                                cfg.asOf().map(Instant::toString).orElse("now"),
                                cfg.maturity());
                        return immatureFrom.get();
                    }
                    return configured;
                })
                .orElse(Instant.ofEpochMilli(rows.get(rows.size() - 1).eventTimeMs() + 1));
        Instant from = cfg.from()
                .orElseGet(() -> cfg.lastDays()
                        .map(n -> to.minus(Duration.ofDays(n)))
                        .orElse(Instant.ofEpochMilli(rows.get(0).eventTimeMs())));
        return new TimeWindow(from, to);
    }

    private KafkaHistoryReader reader(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(cfg.consumerProps());
        props.putAll(extra);
        return new KafkaHistoryReader(props, progress, cfg.readTimeout());
    }

    private TrainingOutcome train(Windowed loaded, TopicCatalogue topics, Phases phases, Instant started) {
        LabelledData data = loaded.data();
        List<String> names = data.featureNames();
        TimeSplit split = TimeSplit.plan(loaded.window(), cfg.holdout(), cfg.gap(), cfg.folds(), cfg.foldValidation());
        log.info(
                "split: training {}, gap {}, holdout {}, folds {}",
                split.training(),
                split.gap(),
                split.holdout(),
                split.folds());
        Path dir = cfg.reportDir().resolve(RUN_DIR.format(started));
        TrainingRun run = new TrainingRun(cfg, started, data, loaded.reads(), split, dir);

        run.explored(phases.time("explore", () -> Exploration.of(data.rows(), names)));

        ModelSearch search = new ModelSearch(
                cfg.candidates(), cfg.imbalances(), cfg.searchMaxRows(), cfg.seed(), cfg.threads(), progress);
        ModelSearch.Result result = phases.time("search", () -> search.search(data, split));
        ModelSearch.Trial best = result.best();
        log.info(
                "best candidate: {} (mean validation average precision {})",
                best.params(),
                String.format("%.4f", best.meanAp()));
        List<LabelledRow> trainingRows = data.in(split.training());
        run.searched(result, search.imbalanceFor(best.params()), trainingRows.size());

        boolean[] lastFoldLabels = TribuoData.labels(result.lastFoldRows());
        ThresholdRule.Choice thresholds =
                cfg.thresholdRule().choose(new RankedScores(best.lastFoldScores(), lastFoldLabels));
        Calibration.Platt platt = Calibration.fitPlatt(best.lastFoldScores(), lastFoldLabels);
        // served scale: the thresholds chosen on raw scores, mapped through the calibration the service will apply
        ScoreScale scale = ScoreScale.forPublishing(platt);
        run.thresholds(thresholds, platt, scale);

        ModelLineage lineage = run.lineage();
        Model<Label> model =
                phases.time("train final model", () -> fitModel(search, best.params(), names, trainingRows, lineage));

        if (!scale.calibrated()) {
            log.warn(
                    "Platt scaling {} cannot be served (a must be finite and > 0): the model will serve raw scores",
                    platt);
        }
        double review = scale.apply(thresholds.review());
        double decline = scale.apply(thresholds.decline());
        log.info(
                "thresholds: review {} (validation alert rate {}), decline {} (validation precision {}); served on {}: review {}, decline {}",
                thresholds.review(),
                thresholds.reviewAlertRate(),
                thresholds.decline(),
                thresholds.declinePrecision(),
                scale.describe(),
                review,
                decline);

        List<LabelledRow> holdout = data.in(split.holdout());
        if (holdout.isEmpty()) {
            throw new IllegalArgumentException("the holdout " + split.holdout() + " has no labelled rows");
        }
        TrainingOutcome.ScoredModel candidate = phases.time(
                "evaluate", () -> score("new: " + best.params(), model, names, holdout, scale, review, decline, platt));
        run.evaluated(candidate);

        ChampionCheck champion =
                phases.time("re-score champion", () -> champion(topics, names, holdout, split.holdout()));
        run.championRescored(champion.scored(), champion.status());
        ChampionGate.Decision decision = ChampionGate.decide(
                options.mode(),
                candidate.evaluation().averagePrecision(),
                champion.scored()
                        .map(s -> OptionalDouble.of(s.evaluation().averagePrecision()))
                        .orElse(OptionalDouble.empty()),
                champion.status(),
                cfg.gateMargin());
        log.info("gate: {}", decision.reason());

        // the gate decided on the evaluated model; what is published may be the same candidate refit on fresher data
        FinalFit fit = FinalFit.plan(split, cfg.refitFullWindow(), decision.outcome());
        List<LabelledRow> fitRows = fit.refit() ? fit.rows(data) : trainingRows;
        Model<Label> finalModel = fit.refit()
                ? phases.time(
                        "refit on whole window",
                        () -> fitModel(search, best.params(), names, fitRows, lineage.withFit(fit)))
                : model;
        run.decided(decision, fit, fitRows.size());
        log.info("final model: {} ({} rows)", fit.reason(), fitRows.size());

        byte[] modelBytes = finalModel.serialize().toByteArray();
        run.finalModel(modelBytes.length, FeatureImportance.top(finalModel, TOP_FEATURES));
        if (decision.outcome() == ChampionGate.Outcome.PUBLISH_CHAMPION
                || decision.outcome() == ChampionGate.Outcome.PUBLISH_CHALLENGER) {
            ModelSlot slot = decision.outcome() == ChampionGate.Outcome.PUBLISH_CHAMPION
                    ? ModelSlot.CHAMPION
                    : ModelSlot.CHALLENGER;
            ModelRecord record = ModelSignature.withKey(cfg.signingKey().orElseThrow())
                    .sign(run.record(slot, champion.nextVersion(), finalModel, modelBytes));
            RecordMetadata meta = phases.time(
                    "publish", () -> new ModelPublisher(cfg.producerProps()).publish(topics.fraudModels(), record));
            run.published(new TrainingOutcome.Published(
                    ModelSlots.key(slot),
                    record.getVersion(),
                    record.getDigestSha256(),
                    meta.topic(),
                    meta.partition(),
                    meta.offset()));
            log.info(
                    "published {} to {}-{}@{} ({} model bytes)",
                    ModelContract.describe(record),
                    meta.topic(),
                    meta.partition(),
                    meta.offset(),
                    modelBytes.length);
        }

        phases.run("report", () -> {
            TrainingOutcome sofar = run.outcome(phases);
            HtmlReport.write(sofar, dir.resolve("report.html"));
            MetricsJson.write(sofar, dir.resolve("metrics.json"));
        });
        log.info("report: {}", dir.resolve("report.html").toAbsolutePath());
        // phases as measured including the report
        return run.outcome(phases);
    }

    /** Trains {@code params} on {@code rows}, the model carrying {@code lineage}. */
    private static Model<Label> fitModel(
            ModelSearch search, HyperParams params, List<String> names, List<LabelledRow> rows, ModelLineage lineage) {
        return search.retrain(params, names, rows, lineage.datasetDescription(), lineage.instanceProvenance());
    }

    /**
     * Scores {@code model} on {@code rows}; {@code review} and {@code decline} are on {@code scale}, the scale it is
     * served on, so the counts at them are what the scoring service would decide; {@code platt} gives the
     * calibrated figures.
     */
    private TrainingOutcome.ScoredModel score(
            String name,
            Model<Label> model,
            List<String> names,
            List<LabelledRow> rows,
            ScoreScale scale,
            double review,
            double decline,
            Calibration.Platt platt) {
        double[] scores = TribuoData.scores(model, names, rows);
        boolean[] fraud = TribuoData.labels(rows);
        String[] cards = rows.stream().map(LabelledRow::cardToken).toArray(String[]::new);
        long[] times = rows.stream().mapToLong(LabelledRow::eventTimeMs).toArray();
        RankedScores ranked = new RankedScores(scores, fraud);
        RankedScores served = scale.calibrated() ? new RankedScores(scale.apply(scores), fraud) : ranked;
        Evaluation evaluation =
                Evaluation.of(ranked, served, scores, fraud, cards, times, review, decline, platt, cfg.cardsPerDay());
        return new TrainingOutcome.ScoredModel(
                name + (scale.calibrated() ? " [calibrated scores]" : ""),
                scale,
                review,
                decline,
                evaluation,
                ranked,
                scores,
                fraud);
    }

    /** What the models topic says about the serving champion. */
    private record ChampionCheck(Optional<TrainingOutcome.ScoredModel> scored, String status, long nextVersion) {}

    private ChampionCheck champion(
            TopicCatalogue topics, List<String> names, List<LabelledRow> holdout, TimeWindow holdoutWindow) {
        ModelSlots slots = new ModelSlots();
        var models = topics.fraudModels();
        reader(new HashMap<>(TopicCatalogue.MODEL_CONSUMER_CONFIGS))
                .read(models.name(), models.valueSerde().deserializer(), slots::accept);
        long next = slots.nextVersion(cfg.modelId());
        Optional<ModelRecord> current = slots.latest(ModelSlot.CHAMPION);
        if (current.isEmpty()) {
            return new ChampionCheck(Optional.empty(), "none", next);
        }
        ModelRecord record = current.get();
        if (cfg.signingKey().isEmpty()) {
            return new ChampionCheck(
                    Optional.empty(),
                    ModelContract.describe(record) + " not re-scored: no " + TrainerConfig.SIGNING_KEY
                            + " to verify it",
                    next);
        }
        // the scoring service's loader, so the champion is re-scored only if the service would serve it; the exact
        // feature list on top, as the holdout rows are scored with the record's own list
        ModelLoader loader = new ModelLoader(
                Optional.of(ModelSignature.withKey(cfg.signingKey().get())),
                FeatureSet.VERSION,
                names,
                ModelLoader.FeatureMatch.EXACT);
        try (LoadedModel loaded = loader.loadWithModel(record, System.currentTimeMillis())) {
            ScoreScale scale;
            try {
                scale = ScoreScale.of(record);
            } catch (IllegalArgumentException e) {
                throw new RejectedModelException(
                        RejectedModelException.Rejection.CALIBRATION,
                        ModelContract.describe(record) + ": " + e.getMessage(),
                        e);
            }
            TrainingOutcome.ScoredModel scored = score(
                    "champion: " + ModelContract.describe(record),
                    loaded.model(),
                    names,
                    holdout,
                    scale,
                    record.getReviewThreshold(),
                    record.getDeclineThreshold(),
                    ScoreScale.storedPlatt(record).orElse(Calibration.Platt.IDENTITY));
            String status = ModelContract.describe(record) + ", " + record.getAlgorithm();
            if (record.getTrainingTo() != null && record.getTrainingTo().isAfter(holdoutWindow.from())) {
                // a champion refit on its whole window may have been trained on part of this holdout
                status += "; trained up to " + record.getTrainingTo() + ", after the holdout start "
                        + holdoutWindow.from()
                        + ": re-scored partly on its own training data, so its holdout figures are optimistic";
                log.warn(
                        "the serving champion {} was trained on data up to {}, inside this run's holdout {}: its holdout "
                                + "figures are in-sample in part and favour it at the gate",
                        ModelContract.describe(record),
                        record.getTrainingTo(),
                        holdoutWindow);
            }
            return new ChampionCheck(Optional.of(scored), status, next);
        } catch (RejectedModelException e) {
            log.warn("the serving champion cannot be re-scored: {}", e.getMessage());
            return new ChampionCheck(Optional.empty(), "unusable: " + e.getMessage(), next);
        }
    }

    private static String describe(TimeWindow w) {
        return "[" + (w.from().equals(EARLIEST) ? "-inf" : w.from()) + ", " + (w.to().equals(LATEST) ? "+inf" : w.to())
                + ")";
    }
}
