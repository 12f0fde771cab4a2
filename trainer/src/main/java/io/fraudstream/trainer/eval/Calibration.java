package io.fraudstream.trainer.eval;

import io.fraudstream.models.ScoreCalibration;
import java.util.ArrayList;
import java.util.List;

/**
 * How well scores read as probabilities: reliability bins, the Brier score, and Platt scaling
 * ({@code p = 1 / (1 + exp(-(a * logit(score) + b)))}) fitted on validation data to turn weighted or sampled
 * models' scores back into fraud probabilities.
 */
public final class Calibration {

    /**
     * Scores are clamped to {@code [EPS, 1 - EPS]} before their logit is taken (a score of 0 or 1 has none); the
     * scoring service clamps served scores the same way ({@code ScoreCalibration.CLAMP}).
     */
    public static final double EPS = 1e-9;

    private Calibration() {}

    /**
     * One reliability bin: scores in {@code [lower, upper)} (the last bin includes 1).
     *
     * @param lower         bin start
     * @param upper         bin end
     * @param count         transactions in the bin
     * @param meanPredicted their mean score
     * @param observedRate  their fraud rate
     */
    public record Bin(double lower, double upper, long count, double meanPredicted, double observedRate) {}

    /** {@code bins} equal-width bins over [0, 1]; empty bins have NaN means. */
    public static List<Bin> reliability(double[] probabilities, boolean[] fraud, int bins) {
        long[] count = new long[bins];
        double[] sum = new double[bins];
        long[] positives = new long[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int b = bin(probabilities[i], bins);
            count[b]++;
            sum[b] += probabilities[i];
            positives[b] += fraud[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Bin(
                    (double) b / bins,
                    (double) (b + 1) / bins,
                    count[b],
                    count[b] == 0 ? Double.NaN : sum[b] / count[b],
                    count[b] == 0 ? Double.NaN : (double) positives[b] / count[b]));
        }
        return out;
    }

    /** The fraction in each of {@code bins} equal-width bins over [0, 1] (the reference distribution for drift). */
    public static List<Double> distribution(double[] scores, int bins) {
        long[] count = new long[bins];
        for (double s : scores) {
            count[bin(s, bins)]++;
        }
        List<Double> out = new ArrayList<>(bins);
        for (long c : count) {
            out.add(scores.length == 0 ? 0.0 : (double) c / scores.length);
        }
        return out;
    }

    private static int bin(double p, int bins) {
        return Math.min(bins - 1, Math.max(0, (int) Math.floor(p * bins)));
    }

    /** Mean squared difference between probability and outcome (0 is perfect); NaN when empty. */
    public static double brier(double[] probabilities, boolean[] fraud) {
        if (probabilities.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double d = probabilities[i] - (fraud[i] ? 1 : 0);
            s += d * d;
        }
        return s / probabilities.length;
    }

    /** Expected calibration error: the count-weighted mean |mean predicted - observed rate| over the bins. */
    public static double expectedCalibrationError(List<Bin> bins) {
        long n = bins.stream().mapToLong(Bin::count).sum();
        if (n == 0) {
            return Double.NaN;
        }
        double e = 0;
        for (Bin b : bins) {
            if (b.count() > 0) {
                e += b.count() * Math.abs(b.meanPredicted() - b.observedRate());
            }
        }
        return e / n;
    }

    /**
     * Platt scaling parameters.
     *
     * @param a slope on logit(score)
     * @param b intercept
     */
    public record Platt(double a, double b) {
        /** The identity mapping. */
        public static final Platt IDENTITY = new Platt(1, 0);

        /**
         * The calibrated probability of {@code score}: {@code 1 / (1 + exp(-(a * logit(s) + b)))}, {@code s} clamped to
         * {@code [EPS, 1 - EPS]}: computed by the scoring service's {@link ScoreCalibration} (models module), so the
         * trainer's calibrated scores and thresholds are exactly what is served.
         */
        public double apply(double score) {
            return served().apply(score);
        }

        /** {@link #apply} of each score. */
        public double[] apply(double[] scores) {
            ScoreCalibration served = served();
            double[] out = new double[scores.length];
            for (int i = 0; i < scores.length; i++) {
                out[i] = served.apply(scores[i]);
            }
            return out;
        }

        /** The scoring service's calibration with these parameters: one formula for training and serving. */
        private ScoreCalibration served() {
            return ScoreCalibration.platt(a, b);
        }
    }

    /**
     * Fits Platt scaling by Newton's method on the log loss, with Platt's smoothed targets
     * ({@code (N+ + 1) / (N+ + 2)} and {@code 1 / (N- + 2)}). Without both classes: the identity.
     */
    public static Platt fitPlatt(double[] scores, boolean[] fraud) {
        long pos = 0;
        for (boolean f : fraud) {
            pos += f ? 1 : 0;
        }
        long neg = fraud.length - pos;
        if (pos == 0 || neg == 0) {
            return Platt.IDENTITY;
        }
        double hiTarget = (pos + 1.0) / (pos + 2.0);
        double loTarget = 1.0 / (neg + 2.0);
        double[] x = new double[scores.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = logit(scores[i]);
        }
        double a = 1;
        double b = 0;
        for (int iter = 0; iter < 100; iter++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-9;
            double hab = 0;
            double hbb = 1e-9;
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * x[i] + b)));
                double t = fraud[i] ? hiTarget : loTarget;
                double d = p - t;
                double w = p * (1 - p);
                ga += d * x[i];
                gb += d;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) {
                break;
            }
        }
        return Double.isFinite(a) && Double.isFinite(b) ? new Platt(a, b) : Platt.IDENTITY;
    }

    static double logit(double p) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return Math.log(q / (1 - q));
    }
}
