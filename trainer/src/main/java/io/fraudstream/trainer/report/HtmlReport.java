package io.fraudstream.trainer.report;

import static io.fraudstream.trainer.report.Svg.esc;

import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.data.LoadStats;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.eval.ConfusionMatrix;
import io.fraudstream.trainer.eval.Evaluation;
import io.fraudstream.trainer.eval.RankedScores;
import io.fraudstream.trainer.train.Fold;
import io.fraudstream.trainer.train.ModelSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's report: one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched), readable offline.
 * Sections: summary and decision, data, exploration (fraud rate by day, missing values, correlation, distributions),
 * candidate search, holdout metrics next to the serving champion, ROC and precision-recall curves, score
 * distributions, calibration, feature importance, thresholds, run times.
 */
public final class HtmlReport {

    private static final int CURVE_POINTS = 400;
    private static final int W = 460;
    private static final int H = 300;

    private HtmlReport() {}

    /** Writes the report of {@code o} to {@code file}. */
    public static void write(TrainingOutcome o, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(o), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report " + file, e);
        }
    }

    /** The report as HTML. */
    public static String render(TrainingOutcome o) {
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>fraudstream training report ")
                .append(esc(o.startedAt().toString()))
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}")
                .append(
                        "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.grid{display:flex;flex-wrap:wrap;gap:12px}")
                .append(
                        ".decision{padding:10px;border-left:5px solid #888;background:#f7f7f7}.small{font-size:12px;color:#555}")
                .append("h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}")
                .append("</style></head><body>");
        h.append("<h1>Training report: ").append(esc(o.modelId())).append("</h1>");
        h.append("<p class='small'>started ")
                .append(esc(o.startedAt().toString()))
                .append(" &middot; feature set ")
                .append(esc(o.featureSetVersion()))
                .append(" (")
                .append(o.featureNames().size())
                .append(" features)</p>");
        summary(h, o);
        data(h, o);
        exploration(h, o.exploration());
        search(h, o);
        holdout(h, o);
        curves(h, o);
        calibration(h, o);
        importance(h, o);
        times(h, o);
        h.append("</body></html>");
        return h.toString();
    }

    private static void summary(StringBuilder h, TrainingOutcome o) {
        h.append("<h2>Decision</h2><div class='decision'><b>")
                .append(esc(o.decision().outcome().name()))
                .append("</b>: ")
                .append(esc(o.decision().reason()));
        o.published()
                .ifPresent(p -> h.append("<br>published as <b>")
                        .append(esc(p.slot()))
                        .append("</b> version ")
                        .append(p.version())
                        .append(" to ")
                        .append(esc(p.topic()))
                        .append('-')
                        .append(p.partition())
                        .append('@')
                        .append(p.offset())
                        .append(", SHA-256 <code>")
                        .append(esc(p.digest()))
                        .append("</code>"));
        h.append("<br>winner: ")
                .append(esc(o.search().best().params().toString()))
                .append(", model ")
                .append(o.modelBytes())
                .append(" bytes (Tribuo protobuf)</div>");
    }

    private static void data(StringBuilder h, TrainingOutcome o) {
        LoadStats s = o.data();
        h.append("<h2>Data</h2><p class='small'>").append(esc(s.source())).append("</p><table>");
        row(h, "feature records read", s.featuresRead());
        row(h, "outside the window", s.outsideWindow());
        row(h, "other feature-set version (left out)", s.otherFeatureSet());
        row(h, "duplicate transaction ids (left out)", s.duplicates());
        row(h, "younger than the maturity period, labelled or not (left out)", s.immature());
        row(h, "of which already labelled", s.immatureLabelled());
        row(h, "labelled rows", o.rows());
        row(h, "fraud", o.fraudRows());
        h.append("<tr><td class='l'>fraud rate</td><td>")
                .append(pct(o.rows() == 0 ? 0 : (double) o.fraudRows() / o.rows()))
                .append("</td></tr>");
        row(h, "labels read", s.labelsRead());
        row(h, "labels with an UNKNOWN verdict (ignored)", s.labelsUnknown());
        row(h, "labels given after trainer.as.of (ignored)", s.labelsAfterAsOf());
        h.append("</table><table><tr><th class='l'>period</th><th class='l'>event time</th><th>rows</th></tr>");
        h.append("<tr><td class='l'>whole window</td><td class='l'>")
                .append(esc(o.split().window().toString()))
                .append("</td><td>")
                .append(o.rows())
                .append("</td></tr>");
        for (Fold f : o.split().folds()) {
            h.append("<tr><td class='l'>fold ")
                    .append(f.index())
                    .append(" train / validation</td><td class='l'>")
                    .append(esc(f.train().toString()))
                    .append(" / ")
                    .append(esc(f.validation().toString()))
                    .append("</td><td></td></tr>");
        }
        h.append("<tr><td class='l'>final training (evaluated model)</td><td class='l'>")
                .append(esc(o.split().training().toString()))
                .append("</td><td>")
                .append(o.trainingRows())
                .append("</td></tr>");
        h.append("<tr><td class='l'>gap</td><td class='l'>")
                .append(esc(o.split().gap().toString()))
                .append("</td><td></td></tr>");
        h.append("<tr><td class='l'>holdout</td><td class='l'>")
                .append(esc(o.split().holdout().toString()))
                .append("</td><td>")
                .append(o.candidate().evaluation().rows())
                .append("</td></tr>");
        h.append("<tr><td class='l'>")
                .append(o.finalFit().refit() ? "refit of the published model" : "final model")
                .append("</td><td class='l'>")
                .append(esc(o.finalFit().window().toString()))
                .append("</td><td>")
                .append(o.finalFitRows())
                .append("</td></tr></table><p class='small'>")
                .append(esc(o.finalFit().reason()))
                .append(".</p>");
    }

    private static void exploration(StringBuilder h, Exploration e) {
        h.append("<h2>Exploration</h2>");
        List<String> days = e.days().stream().map(d -> d.day().toString()).toList();
        double[] rows = e.days().stream().mapToDouble(Exploration.Day::rows).toArray();
        double[] rates =
                e.days().stream().mapToDouble(Exploration.Day::fraudRate).toArray();
        h.append(Svg.barsWithRate(
                "Rows and fraud rate by day (UTC)", days, rows, rates, "rows", "fraud rate", 940, 260));
        List<Exploration.FeatureSummary> features = e.features();
        h.append("<div class='grid'>");
        h.append(Svg.horizontalBars(
                "Missing-value rate",
                features.stream().map(Exploration.FeatureSummary::name).toList(),
                features.stream()
                        .mapToDouble(Exploration.FeatureSummary::missingRate)
                        .toArray(),
                "%.3f",
                460));
        List<Exploration.FeatureSummary> byCorrelation = new ArrayList<>(features);
        byCorrelation.sort(Comparator.comparingDouble((Exploration.FeatureSummary f) ->
                        Double.isNaN(f.correlation()) ? -1 : Math.abs(f.correlation()))
                .reversed());
        h.append(Svg.horizontalBars(
                "Correlation with the label (fraud = 1)",
                byCorrelation.stream().map(Exploration.FeatureSummary::name).toList(),
                byCorrelation.stream()
                        .mapToDouble(Exploration.FeatureSummary::correlation)
                        .toArray(),
                "%.3f",
                460));
        h.append(
                "</div><h3>Distributions: fraud vs legitimate</h3><p class='small'>Share of each class per bin, between the 1st and "
                        + "99th percentile (values beyond go to the end bins); log scale.</p><div class='grid'>");
        for (Exploration.FeatureSummary f : features) {
            h.append(Svg.histograms(
                    f.name(),
                    f.name(),
                    f.lower(),
                    f.upper(),
                    List.of("fraud", "legitimate"),
                    List.of(f.fraudHist(), f.legitHist()),
                    300,
                    200,
                    true));
        }
        h.append("</div>");
    }

    private static void search(StringBuilder h, TrainingOutcome o) {
        ModelSearch.Result r = o.search();
        h.append(
                "<h2>Candidate search</h2><p class='small'>Rolling folds in event time, each validated a gap after its "
                        + "training window; average precision on each fold's validation window. The best mean wins and is "
                        + "retrained on the whole training window. With early stopping, a point's fits grow in step on every fold, "
                        + "scored every " + io.fraudstream.trainer.train.EarlyStopping.EVALUATE_EVERY
                        + " trees; its tree count is the "
                        + "one with the best mean AP, and its fold figures are those at that count.</p><table><tr><th class='l'>candidate</th>");
        for (Fold f : o.split().folds()) {
            h.append("<th>fold ").append(f.index()).append(" AP</th>");
        }
        h.append("<th>mean AP</th><th>train s</th><th class='l'>early stopping</th></tr>");
        for (ModelSearch.Trial t : r.trials()) {
            boolean best = t == r.best();
            h.append("<tr")
                    .append(best ? " style='font-weight:bold'" : "")
                    .append("><td class='l'>")
                    .append(esc(t.params().toString()))
                    .append(best ? " &#9733;" : "")
                    .append("</td>");
            for (double ap : t.foldAp()) {
                h.append("<td>").append(num(ap)).append("</td>");
            }
            h.append("<td>")
                    .append(num(t.meanAp()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", t.seconds()))
                    .append("</td><td class='l'>")
                    .append(esc(t.earlyStop()
                            .map(e -> e.parameter() + " " + e.chosen() + " best; grown to " + e.grown() + " of "
                                    + e.max())
                            .orElse("-")))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void holdout(StringBuilder h, TrainingOutcome o) {
        h.append("<h2>Holdout: new model vs serving champion</h2><p class='small'>Held-out period ")
                .append(esc(o.split().holdout().toString()))
                .append(", never used for training, search or thresholds. Champion: ")
                .append(esc(o.championStatus()))
                .append(".</p>");
        List<TrainingOutcome.ScoredModel> models = models(o);
        h.append("<table><tr><th class='l'>metric</th>");
        models.forEach(m -> h.append("<th>").append(esc(m.name())).append("</th>"));
        h.append("</tr>");
        metricRow(h, "ROC AUC", models, m -> m.evaluation().rocAuc());
        metricRow(h, "average precision", models, m -> m.evaluation().averagePrecision());
        metricRow(h, "REVIEW threshold", models, TrainingOutcome.ScoredModel::review);
        metricRow(
                h, "precision at REVIEW", models, m -> m.evaluation().atReview().precision());
        metricRow(h, "recall at REVIEW", models, m -> m.evaluation().atReview().recall());
        metricRow(h, "F1 at REVIEW", models, m -> m.evaluation().atReview().f1());
        metricRow(
                h,
                "alert rate at REVIEW",
                models,
                m -> m.evaluation().atReview().alertRate());
        metricRow(h, "DECLINE threshold", models, TrainingOutcome.ScoredModel::decline);
        metricRow(
                h,
                "precision at DECLINE",
                models,
                m -> m.evaluation().atDecline().precision());
        metricRow(
                h, "recall at DECLINE", models, m -> m.evaluation().atDecline().recall());
        metricRow(h, "F1 at DECLINE", models, m -> m.evaluation().atDecline().f1());
        metricRow(
                h,
                "alert rate at DECLINE",
                models,
                m -> m.evaluation().atDecline().alertRate());
        metricRow(h, "recall at FPR 0.1 %", models, m -> m.evaluation().recallAtFpr01());
        metricRow(h, "recall at FPR 1 %", models, m -> m.evaluation().recallAtFpr1());
        int k = o.candidate().evaluation().k();
        metricRow(
                h,
                "precision at " + k + " cards/day (each day on its own)",
                models,
                m -> m.evaluation().precisionAtKCards());
        metricRow(
                h,
                "card precision top-" + k + " (Le Borgne et al.: cards found compromised leave the later days)",
                models,
                m -> m.evaluation().cardPrecisionTopK());
        metricRow(h, "Brier score (raw)", models, m -> m.evaluation().brierRaw());
        metricRow(h, "Brier score (calibrated)", models, m -> m.evaluation().brierCalibrated());
        metricRow(h, "calibration error (raw)", models, m -> m.evaluation().calibrationErrorRaw());
        metricRow(
                h, "calibration error (calibrated)", models, m -> m.evaluation().calibrationErrorCalibrated());
        h.append("</table>");
        for (TrainingOutcome.ScoredModel m : models) {
            h.append("<p><b>").append(esc(m.name())).append("</b> confusion matrices</p><div class='grid'>");
            confusion(h, "at REVIEW " + num(m.review()), m.evaluation().atReview());
            confusion(h, "at DECLINE " + num(m.decline()), m.evaluation().atDecline());
            h.append("</div>");
        }
        var t = o.thresholds();
        h.append(
                        "<h3>Thresholds</h3><p>Rule (on the out-of-sample scores of the last validation fold): REVIEW at the lowest score whose alert rate is at most ")
                .append(pct(o.rule().reviewAlertRate()))
                .append("; DECLINE at the lowest score at or above REVIEW whose precision reaches ")
                .append(pct(o.rule().declinePrecision()))
                .append(" with an alert rate of at most ")
                .append(pct(o.rule().declineMaxAlertRate()))
                .append(" (if none does: the score with a tenth of that alert rate).</p><table>")
                .append(
                        "<tr><th class='l'></th><th>threshold</th><th>validation alert rate</th><th>validation precision</th></tr>")
                .append("<tr><td class='l'>REVIEW</td><td>")
                .append(num(t.review()))
                .append("</td><td>")
                .append(pct(t.reviewAlertRate()))
                .append("</td><td>")
                .append(pct(t.reviewPrecision()))
                .append("</td></tr>")
                .append("<tr><td class='l'>DECLINE")
                .append(t.declineByPrecision() ? "" : " (fallback)")
                .append("</td><td>")
                .append(num(t.decline()))
                .append("</td><td>")
                .append(pct(t.declineAlertRate()))
                .append("</td><td>")
                .append(pct(t.declinePrecision()))
                .append("</td></tr></table>")
                .append("<p class='small'>Thresholds above on raw scores. The model is served on the ")
                .append(esc(o.candidate().scale().describe()))
                .append(" scale: REVIEW ")
                .append(num(o.candidate().review()))
                .append(", DECLINE ")
                .append(num(o.candidate().decline()))
                .append(" (the raw thresholds through the same increasing function, so the same decisions).</p>");
    }

    private static void confusion(StringBuilder h, String title, ConfusionMatrix c) {
        h.append("<table><tr><th class='l'>")
                .append(esc(title))
                .append("</th><th>flagged</th><th>not flagged</th></tr>")
                .append("<tr><td class='l'>fraud</td><td>")
                .append(c.tp())
                .append("</td><td>")
                .append(c.fn())
                .append("</td></tr>")
                .append("<tr><td class='l'>legitimate</td><td>")
                .append(c.fp())
                .append("</td><td>")
                .append(c.tn())
                .append("</td></tr></table>");
    }

    private static void curves(StringBuilder h, TrainingOutcome o) {
        List<TrainingOutcome.ScoredModel> models = models(o);
        List<Svg.Series> roc = new ArrayList<>();
        List<Svg.Series> pr = new ArrayList<>();
        for (TrainingOutcome.ScoredModel m : models) {
            RankedScores r = m.ranked();
            int step = Math.max(1, r.size() / CURVE_POINTS);
            List<double[]> rocPts = new ArrayList<>();
            List<double[]> prPts = new ArrayList<>();
            rocPts.add(new double[] {0, 0});
            for (int i = 0; i < r.size(); i += step) {
                rocPts.add(new double[] {r.fpr(i), r.recall(i)});
                prPts.add(new double[] {r.recall(i), r.precision(i)});
            }
            rocPts.add(new double[] {r.fpr(r.size() - 1), r.recall(r.size() - 1)});
            prPts.add(new double[] {r.recall(r.size() - 1), r.precision(r.size() - 1)});
            String label = m.name().length() > 22 ? m.name().substring(0, 22) + "..." : m.name();
            roc.add(new Svg.Series(
                    label + String.format(Locale.ROOT, " (%.3f)", m.evaluation().rocAuc()), xs(rocPts), ys(rocPts)));
            pr.add(new Svg.Series(
                    label + String.format(Locale.ROOT, " (%.3f)", m.evaluation().averagePrecision()),
                    xs(prPts),
                    ys(prPts)));
        }
        h.append("<h2>Curves on the holdout</h2><div class='grid'>");
        h.append(Svg.lineChart("ROC", "false-positive rate", "recall", roc, 0, 1, 0, 1, true, W, H));
        h.append(Svg.lineChart(
                "ROC, low false-positive rates", "false-positive rate", "recall", roc, 0, 0.02, 0, 1, false, W, H));
        h.append(Svg.lineChart("Precision-recall", "recall", "precision", pr, 0, 1, 0, 1, false, W, H));
        TrainingOutcome.ScoredModel c = o.candidate();
        h.append(Svg.histograms(
                "Score distribution (new model)",
                "score",
                0,
                1,
                List.of("fraud", "legitimate"),
                List.of(hist(c.scores(), c.fraud(), true), hist(c.scores(), c.fraud(), false)),
                W,
                H,
                true));
        o.champion()
                .ifPresent(ch -> h.append(Svg.histograms(
                        "Score distribution (champion)",
                        "score",
                        0,
                        1,
                        List.of("fraud", "legitimate"),
                        List.of(hist(ch.scores(), ch.fraud(), true), hist(ch.scores(), ch.fraud(), false)),
                        W,
                        H,
                        true)));
        h.append("</div>");
    }

    private static void calibration(StringBuilder h, TrainingOutcome o) {
        Evaluation e = o.candidate().evaluation();
        h.append(
                        "<h2>Calibration (new model, holdout)</h2><p class='small'>Mean score vs observed fraud rate per score bin; "
                                + "raw scores (shifted by class weights or sampling) and after Platt scaling fitted on the last validation fold (a=")
                .append(num(o.platt().a()))
                .append(", b=")
                .append(num(o.platt().b()))
                .append(").</p><div class='grid'>");
        h.append(Svg.lineChart(
                "Reliability",
                "mean predicted",
                "observed fraud rate",
                List.of(reliability("raw", e.reliabilityRaw()), reliability("calibrated", e.reliabilityCalibrated())),
                0,
                1,
                0,
                1,
                true,
                W,
                H));
        h.append(
                "<table><tr><th>bin</th><th>rows raw</th><th>predicted</th><th>observed</th><th>rows calibrated</th><th>predicted</th><th>observed</th></tr>");
        for (int b = 0; b < e.reliabilityRaw().size(); b++) {
            Calibration.Bin r = e.reliabilityRaw().get(b);
            Calibration.Bin c = e.reliabilityCalibrated().get(b);
            h.append("<tr><td>")
                    .append(String.format(Locale.ROOT, "%.1f-%.1f", r.lower(), r.upper()))
                    .append("</td><td>")
                    .append(r.count())
                    .append("</td><td>")
                    .append(num(r.meanPredicted()))
                    .append("</td><td>")
                    .append(num(r.observedRate()))
                    .append("</td><td>")
                    .append(c.count())
                    .append("</td><td>")
                    .append(num(c.meanPredicted()))
                    .append("</td><td>")
                    .append(num(c.observedRate()))
                    .append("</td></tr>");
        }
        h.append("</table></div>");
    }

    private static void importance(StringBuilder h, TrainingOutcome o) {
        h.append(
                "<h2>Feature importance (final model)</h2><p class='small'>For boosted trees XGBoost's gain (the mean loss "
                        + "reduction of the splits on the feature, not their number), for logistic regression the weights on "
                        + "standardised features.</p>");
        h.append(Svg.horizontalBars(
                "Top features",
                o.importance().stream().map(Map.Entry::getKey).toList(),
                o.importance().stream().mapToDouble(Map.Entry::getValue).toArray(),
                "%.4g",
                700));
    }

    private static void times(StringBuilder h, TrainingOutcome o) {
        h.append("<h2>Run</h2><table><tr><th class='l'>phase</th><th>seconds</th></tr>");
        double total = 0;
        for (Map.Entry<String, Double> e : o.phases().entrySet()) {
            h.append("<tr><td class='l'>")
                    .append(esc(e.getKey()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", e.getValue()))
                    .append("</td></tr>");
            total += e.getValue();
        }
        h.append("<tr><th class='l'>total</th><th>")
                .append(String.format(Locale.ROOT, "%.1f", total))
                .append("</th></tr></table>");
        h.append("<p class='small'>peak heap ")
                .append(o.peakHeapBytes() / (1024 * 1024))
                .append(" MiB");
        if (o.peakRssBytes() > 0) {
            h.append(", peak resident memory ")
                    .append(o.peakRssBytes() / (1024 * 1024))
                    .append(" MiB");
        }
        h.append("</p>");
    }

    private static List<TrainingOutcome.ScoredModel> models(TrainingOutcome o) {
        List<TrainingOutcome.ScoredModel> models = new ArrayList<>();
        models.add(o.candidate());
        o.champion().ifPresent(models::add);
        return models;
    }

    private static Svg.Series reliability(String name, List<Calibration.Bin> bins) {
        List<double[]> pts = new ArrayList<>();
        for (Calibration.Bin b : bins) {
            if (b.count() > 0) {
                pts.add(new double[] {b.meanPredicted(), b.observedRate()});
            }
        }
        return new Svg.Series(name, xs(pts), ys(pts));
    }

    private static double[] hist(double[] scores, boolean[] fraud, boolean positive) {
        double[] h = new double[40];
        long n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (fraud[i] == positive) {
                h[Math.min(39, Math.max(0, (int) (scores[i] * 40)))]++;
                n++;
            }
        }
        for (int b = 0; b < h.length && n > 0; b++) {
            h[b] /= n;
        }
        return h;
    }

    private static double[] xs(List<double[]> pts) {
        return pts.stream().mapToDouble(p -> p[0]).toArray();
    }

    private static double[] ys(List<double[]> pts) {
        return pts.stream().mapToDouble(p -> p[1]).toArray();
    }

    private static void metricRow(
            StringBuilder h,
            String name,
            List<TrainingOutcome.ScoredModel> models,
            java.util.function.ToDoubleFunction<TrainingOutcome.ScoredModel> f) {
        h.append("<tr><td class='l'>").append(esc(name)).append("</td>");
        models.forEach(m -> h.append("<td>").append(num(f.applyAsDouble(m))).append("</td>"));
        h.append("</tr>");
    }

    private static void row(StringBuilder h, String name, long value) {
        h.append("<tr><td class='l'>")
                .append(esc(name))
                .append("</td><td>")
                .append(value)
                .append("</td></tr>");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f %%", v * 100);
    }
}
