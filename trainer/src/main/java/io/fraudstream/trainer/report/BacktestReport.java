package io.fraudstream.trainer.report;

import io.fraudstream.trainer.backtest.WeeklyBacktest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a {@link WeeklyBacktest}: a table for the console, a CSV (one line per fold and model) and an SVG
 * plot (average precision and card precision top-k per fold, trained model beside the baseline).
 */
public final class BacktestReport {

    private final List<WeeklyBacktest.Fold> folds;
    private final int k;

    /**
     * @param folds the back-test's folds
     * @param k     k of the card precision top-k
     */
    public BacktestReport(List<WeeklyBacktest.Fold> folds, int k) {
        this.folds = List.copyOf(folds);
        this.k = k;
    }

    /** The mean of {@code metric} over the folds (NaN folds left out). */
    public double mean(ToDoubleFunction<WeeklyBacktest.Fold> metric) {
        return folds.stream()
                .mapToDouble(metric)
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
    }

    /** Folds where the trained model's average precision is not above the baseline's. */
    public List<WeeklyBacktest.Fold> foldsNotBeatingBaseline() {
        return folds.stream()
                .filter(f -> !(f.model().averagePrecision() > f.baseline().averagePrecision()))
                .toList();
    }

    /** The console table: per fold and on average, both models' figures; then recall per scenario. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        String cp = "CP@" + k;
        out.add(String.format(
                Locale.ROOT,
                "%-4s %-23s %9s %7s %8s %6s | %-8s %7s %7s %7s | %-8s %7s %7s %7s",
                "fold",
                "test week",
                "train",
                "fraud",
                "test",
                "fraud",
                "model",
                "AUC",
                "AP",
                cp,
                "baseline",
                "AUC",
                "AP",
                cp));
        for (WeeklyBacktest.Fold f : folds) {
            out.add(String.format(
                    Locale.ROOT,
                    "%-4d %-23s %,9d %,7d %,8d %,6d | %-8s %7.4f %7.4f %7.4f | %-8s %7.4f %7.4f %7.4f",
                    f.plan().index(),
                    f.plan().test().from().toString().substring(0, 10) + " .. "
                            + f.plan().test().to().toString().substring(0, 10),
                    f.trainingRows(),
                    f.trainingFraud(),
                    f.testRows(),
                    f.testFraud(),
                    "",
                    f.model().rocAuc(),
                    f.model().averagePrecision(),
                    f.model().cardPrecision(),
                    "",
                    f.baseline().rocAuc(),
                    f.baseline().averagePrecision(),
                    f.baseline().cardPrecision()));
        }
        out.add(String.format(
                Locale.ROOT,
                "%-4s %-23s %9s %7s %8s %6s | %-8s %7.4f %7.4f %7.4f | %-8s %7.4f %7.4f %7.4f",
                "mean",
                "",
                "",
                "",
                "",
                "",
                "",
                mean(f -> f.model().rocAuc()),
                mean(f -> f.model().averagePrecision()),
                mean(f -> f.model().cardPrecision()),
                "",
                mean(f -> f.baseline().rocAuc()),
                mean(f -> f.baseline().averagePrecision()),
                mean(f -> f.baseline().cardPrecision())));
        out.add(
                "recall in the top 1 % of each week's scores, per scenario (mean over the folds with that scenario): model / baseline");
        for (String s : scenarios()) {
            out.add(String.format(Locale.ROOT, "  %-22s %.3f / %.3f", s, meanRecall(s, true), meanRecall(s, false)));
        }
        List<String> ablations = ablations();
        if (!ablations.isEmpty()) {
            out.add(
                    "ablation: the trained model without each group of features (mean over the folds; change against all features)");
            double ap = mean(f -> f.model().averagePrecision());
            double auc = mean(f -> f.model().rocAuc());
            double cpk = mean(f -> f.model().cardPrecision());
            for (String a : ablations) {
                double apA = mean(f -> f.ablations().get(a).averagePrecision());
                double aucA = mean(f -> f.ablations().get(a).rocAuc());
                double cpA = mean(f -> f.ablations().get(a).cardPrecision());
                out.add(String.format(
                        Locale.ROOT,
                        "  without %-26s AUC %.4f (%+.4f)  AP %.4f (%+.4f)  CP@%d %.4f (%+.4f)",
                        a + "*",
                        aucA,
                        aucA - auc,
                        apA,
                        apA - ap,
                        k,
                        cpA,
                        cpA - cpk));
            }
        }
        return out;
    }

    /** One line per fold and model. */
    public void writeCsv(Path file) throws IOException {
        List<String> scenarios = scenarios();
        StringBuilder b =
                new StringBuilder("fold,test_from,test_to,training_rows,training_fraud,test_rows,test_fraud,model,"
                        + "roc_auc,average_precision,card_precision_top_" + k);
        scenarios.forEach(s -> b.append(",recall_top1pct_").append(s));
        b.append(",params\n");
        for (WeeklyBacktest.Fold f : folds) {
            row(b, f, "model", f.model(), scenarios);
            row(b, f, "baseline", f.baseline(), scenarios);
            f.ablations().forEach((a, s) -> row(b, f, "model without " + a + "*", s, scenarios));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b);
    }

    /** Average precision and card precision top-k per fold, trained model beside the baseline. */
    public void writeSvg(Path file) throws IOException {
        List<String> weeks = folds.stream()
                .map(f -> "fold " + f.plan().index() + " "
                        + f.plan().test().from().toString().substring(0, 10))
                .toList();
        List<String> series = List.of("trained model", "baseline (logistic)");
        int width = 640;
        int height = 260;
        String ap = Svg.groupedBars(
                "Average precision per test week",
                "average precision",
                weeks,
                series,
                new double[][] {
                    values(f -> f.model().averagePrecision()),
                    values(f -> f.baseline().averagePrecision())
                },
                1.0,
                width,
                height);
        String cp = Svg.groupedBars(
                "Card precision top-" + k + " per test week",
                "card precision",
                weeks,
                series,
                new double[][] {
                    values(f -> f.model().cardPrecision()),
                    values(f -> f.baseline().cardPrecision())
                },
                1.0,
                width,
                height);
        String svg = String.format(
                        Locale.ROOT,
                        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'>",
                        width,
                        2 * height)
                + ap.replaceFirst("<svg ", "<svg x='0' y='0' ")
                + cp.replaceFirst("<svg ", "<svg x='0' y='" + height + "' ") + "</svg>\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, svg);
    }

    private double[] values(ToDoubleFunction<WeeklyBacktest.Fold> metric) {
        return folds.stream().mapToDouble(metric).toArray();
    }

    private void row(
            StringBuilder b, WeeklyBacktest.Fold f, String model, WeeklyBacktest.Scores s, List<String> scenarios) {
        b.append(String.format(
                Locale.ROOT,
                "%d,%s,%s,%d,%d,%d,%d,%s,%.6f,%.6f,%.6f",
                f.plan().index(),
                f.plan().test().from(),
                f.plan().test().to(),
                f.trainingRows(),
                f.trainingFraud(),
                f.testRows(),
                f.testFraud(),
                model,
                s.rocAuc(),
                s.averagePrecision(),
                s.cardPrecision()));
        for (String sc : scenarios) {
            Double r = s.scenarioRecall().get(sc);
            b.append(',').append(r == null ? "" : String.format(Locale.ROOT, "%.6f", r));
        }
        b.append(",\"").append(s.params().replace("\"", "\"\"")).append("\"\n");
    }

    private List<String> ablations() {
        return folds.isEmpty()
                ? List.of()
                : List.copyOf(folds.get(0).ablations().keySet());
    }

    private List<String> scenarios() {
        TreeSet<String> all = new TreeSet<>();
        folds.forEach(f -> all.addAll(f.model().scenarioRecall().keySet()));
        return List.copyOf(all);
    }

    private double meanRecall(String scenario, boolean model) {
        return folds.stream()
                .map(f -> (model ? f.model() : f.baseline()).scenarioRecall().get(scenario))
                .filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
    }
}
