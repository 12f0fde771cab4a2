package io.fraudstream.trainer.report;

import io.fraudstream.features.FeatureVector;
import io.fraudstream.trainer.data.LabelledRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report shows about the data before any model: rows and fraud rate by UTC day, each feature's
 * distribution for fraud and legitimate rows, its missing-value rate (from its {@code .missing} indicator) and its
 * correlation with the label.
 *
 * @param days     per day: rows and fraud
 * @param features per feature (indicators excluded), in feature order
 */
public record Exploration(List<Day> days, List<FeatureSummary> features) {

    /** Bins of each histogram. */
    public static final int HISTOGRAM_BINS = 30;

    /**
     * One day.
     *
     * @param day   the UTC date
     * @param rows  transactions
     * @param fraud fraud among them
     */
    public record Day(LocalDate day, long rows, long fraud) {
        public double fraudRate() {
            return rows == 0 ? 0 : (double) fraud / rows;
        }
    }

    /**
     * One feature.
     *
     * @param name        feature name
     * @param missingRate fraction of rows where the value was missing (imputed)
     * @param correlation Pearson correlation with the label (1 = fraud); NaN if the feature is constant
     * @param lower       histogram range start (1st percentile)
     * @param upper       histogram range end (99th percentile); values outside are counted in the end bins
     * @param fraudHist   fraction of fraud rows per bin
     * @param legitHist   fraction of legitimate rows per bin
     */
    public record FeatureSummary(
            String name,
            double missingRate,
            double correlation,
            double lower,
            double upper,
            double[] fraudHist,
            double[] legitHist) {}

    /** Explores {@code rows} with features {@code names}. */
    public static Exploration of(List<LabelledRow> rows, List<String> names) {
        return new Exploration(days(rows), features(rows, names));
    }

    private static List<Day> days(List<LabelledRow> rows) {
        Map<LocalDate, long[]> byDay = new TreeMap<>();
        for (LabelledRow r : rows) {
            long[] c = byDay.computeIfAbsent(
                    Instant.ofEpochMilli(r.eventTimeMs()).atZone(ZoneOffset.UTC).toLocalDate(), d -> new long[2]);
            c[0]++;
            c[1] += r.fraud() ? 1 : 0;
        }
        List<Day> out = new ArrayList<>();
        byDay.forEach((d, c) -> out.add(new Day(d, c[0], c[1])));
        return out;
    }

    private static List<FeatureSummary> features(List<LabelledRow> rows, List<String> names) {
        List<FeatureSummary> out = new ArrayList<>();
        int n = rows.size();
        if (n == 0) {
            return out;
        }
        double[] label = new double[n];
        for (int i = 0; i < n; i++) {
            label[i] = rows.get(i).fraud() ? 1 : 0;
        }
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            if (name.endsWith(FeatureVector.MISSING_SUFFIX)) {
                continue;
            }
            int indicator = names.indexOf(name + FeatureVector.MISSING_SUFFIX);
            double[] column = new double[n];
            double missing = 0;
            for (int i = 0; i < n; i++) {
                column[i] = rows.get(i).features()[j];
                if (indicator >= 0 && rows.get(i).features()[indicator] > 0.5) {
                    missing++;
                }
            }
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            double lower = sorted[(int) Math.floor(0.01 * (n - 1))];
            double upper = sorted[(int) Math.ceil(0.99 * (n - 1))];
            if (upper <= lower) {
                lower = sorted[0];
                upper = sorted[n - 1];
            }
            double[] fraudHist = new double[HISTOGRAM_BINS];
            double[] legitHist = new double[HISTOGRAM_BINS];
            long fraud = 0;
            for (int i = 0; i < n; i++) {
                int b = upper > lower ? (int) Math.floor((column[i] - lower) / (upper - lower) * HISTOGRAM_BINS) : 0;
                b = Math.max(0, Math.min(HISTOGRAM_BINS - 1, b));
                if (label[i] > 0) {
                    fraudHist[b]++;
                    fraud++;
                } else {
                    legitHist[b]++;
                }
            }
            normalise(fraudHist, fraud);
            normalise(legitHist, n - fraud);
            out.add(new FeatureSummary(name, missing / n, pearson(column, label), lower, upper, fraudHist, legitHist));
        }
        return out;
    }

    private static void normalise(double[] hist, long total) {
        if (total > 0) {
            for (int b = 0; b < hist.length; b++) {
                hist[b] /= total;
            }
        }
    }

    /** Pearson correlation; NaN if either side is constant. */
    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
