package io.fraudstream.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.eval.ConfusionMatrix;
import io.fraudstream.trainer.train.Fold;
import io.fraudstream.trainer.train.ModelSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The run's figures as JSON ({@code metrics.json}): data counts, split, search trials, thresholds, holdout metrics of
 * the new model and the champion, the gate's decision, publication, phase times and memory. NaN figures are
 * written as {@code null}.
 */
public final class MetricsJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsJson() {}

    /** Writes the figures of {@code o} to {@code file}. */
    public static void write(TrainingOutcome o, Path file) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), tree(o));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The figures as a JSON tree. */
    public static ObjectNode tree(TrainingOutcome o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("startedAt", o.startedAt().toString());
        root.put("modelId", o.modelId());
        root.put("featureSetVersion", o.featureSetVersion());
        root.putPOJO("featureNames", o.featureNames());
        ObjectNode data = root.putObject("data");
        data.put("source", o.data().source());
        data.put("featuresRead", o.data().featuresRead());
        data.put("outsideWindow", o.data().outsideWindow());
        data.put("otherFeatureSet", o.data().otherFeatureSet());
        data.put("duplicates", o.data().duplicates());
        data.put("immature", o.data().immature());
        data.put("immatureLabelled", o.data().immatureLabelled());
        data.put("rows", o.rows());
        data.put("fraud", o.fraudRows());
        data.put("labelsRead", o.data().labelsRead());
        data.put("labelsUnknown", o.data().labelsUnknown());
        data.put("labelsAfterAsOf", o.data().labelsAfterAsOf());
        ObjectNode split = root.putObject("split");
        split.put("window", o.split().window().toString());
        split.put("training", o.split().training().toString());
        split.put("trainingRows", o.trainingRows());
        split.put("gap", o.split().gap().toString());
        split.put("holdout", o.split().holdout().toString());
        ArrayNode folds = split.putArray("folds");
        for (Fold f : o.split().folds()) {
            folds.addObject()
                    .put("index", f.index())
                    .put("train", f.train().toString())
                    .put("validation", f.validation().toString());
        }
        ArrayNode trials = root.putArray("trials");
        for (ModelSearch.Trial t : o.search().trials()) {
            ObjectNode n = trials.addObject();
            n.put("candidate", t.params().toString());
            ArrayNode aps = n.putArray("foldAveragePrecision");
            for (double ap : t.foldAp()) {
                number(aps, ap);
            }
            number(n, "meanAveragePrecision", t.meanAp());
            n.put("trainSeconds", t.seconds());
            t.earlyStop()
                    .ifPresent(e -> n.putObject("earlyStopping")
                            .put("parameter", e.parameter())
                            .put("chosen", e.chosen())
                            .put("grown", e.grown())
                            .put("max", e.max()));
            n.put("best", t == o.search().best());
        }
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("rule", o.rule().toString());
        number(thresholds, "review", o.thresholds().review());
        number(thresholds, "decline", o.thresholds().decline());
        number(thresholds, "validationReviewAlertRate", o.thresholds().reviewAlertRate());
        number(thresholds, "validationReviewPrecision", o.thresholds().reviewPrecision());
        number(thresholds, "validationDeclineAlertRate", o.thresholds().declineAlertRate());
        number(thresholds, "validationDeclinePrecision", o.thresholds().declinePrecision());
        thresholds.put("declineByPrecision", o.thresholds().declineByPrecision());
        thresholds.put("servedScale", o.candidate().scale().describe());
        number(thresholds, "servedReview", o.candidate().review());
        number(thresholds, "servedDecline", o.candidate().decline());
        root.putObject("calibration")
                .put("plattA", o.platt().a())
                .put("plattB", o.platt().b())
                .put("served", o.candidate().scale().calibrated());
        root.putObject("finalFit")
                .put("window", o.finalFit().window().toString())
                .put("rows", o.finalFitRows())
                .put("refit", o.finalFit().refit())
                .put("reason", o.finalFit().reason());
        model(root.putObject("holdout"), o.candidate());
        ObjectNode champion = root.putObject("champion");
        champion.put("status", o.championStatus());
        o.champion().ifPresent(c -> model(champion.putObject("holdout"), c));
        root.putObject("decision")
                .put("outcome", o.decision().outcome().name())
                .put("reason", o.decision().reason());
        o.published()
                .ifPresent(p -> root.putObject("published")
                        .put("slot", p.slot())
                        .put("version", p.version())
                        .put("digestSha256", p.digest())
                        .put("topic", p.topic())
                        .put("partition", p.partition())
                        .put("offset", p.offset()));
        root.put("modelBytes", o.modelBytes());
        ObjectNode importance = root.putObject("importance");
        o.importance().forEach(e -> number(importance, e.getKey(), e.getValue()));
        ObjectNode phases = root.putObject("phaseSeconds");
        o.phases().forEach(phases::put);
        root.put("peakHeapBytes", o.peakHeapBytes());
        root.put("peakResidentBytes", o.peakRssBytes());
        return root;
    }

    private static void model(ObjectNode n, TrainingOutcome.ScoredModel m) {
        n.put("name", m.name());
        n.put("scoreScale", m.scale().describe());
        number(n, "reviewThreshold", m.review());
        number(n, "declineThreshold", m.decline());
        ObjectNode metrics = n.putObject("metrics");
        for (Map.Entry<String, Double> e : m.evaluation().toMap().entrySet()) {
            number(metrics, e.getKey(), e.getValue());
        }
        confusion(n.putObject("confusionAtReview"), m.evaluation().atReview());
        confusion(n.putObject("confusionAtDecline"), m.evaluation().atDecline());
    }

    private static void confusion(ObjectNode n, ConfusionMatrix c) {
        n.put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn()).put("tn", c.tn());
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }
}
