package io.fraudstream.trainer.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * Scores and labels ranked by score, highest first, with the cumulative counts at every distinct score: the basis of
 * the ROC and precision-recall curves and of every threshold metric. A transaction is flagged at threshold
 * {@code t} when its score is {@code >= t}.
 *
 * <p>Point {@code i} ({@code 0 <= i < size()}) is the threshold {@code threshold(i)} (the i-th highest distinct
 * score): {@code tp(i)} fraud and {@code fp(i)} legitimate transactions score at or above it.
 */
public final class RankedScores {

    private final double[] thresholds;
    private final long[] tp;
    private final long[] fp;
    private final long positives;
    private final long negatives;

    /**
     * @param scores one score per transaction (finite)
     * @param fraud  its label
     */
    public RankedScores(double[] scores, boolean[] fraud) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(fraud, "fraud");
        if (scores.length != fraud.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + fraud.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double[] th = new double[scores.length];
        long[] cumTp = new long[scores.length];
        long[] cumFp = new long[scores.length];
        int n = 0;
        long t = 0;
        long f = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (fraud[i]) {
                t++;
            } else {
                f++;
            }
            boolean lastOfTie = k + 1 == order.length || scores[order[k + 1]] != scores[i];
            if (lastOfTie) {
                th[n] = scores[i];
                cumTp[n] = t;
                cumFp[n] = f;
                n++;
            }
        }
        this.thresholds = Arrays.copyOf(th, n);
        this.tp = Arrays.copyOf(cumTp, n);
        this.fp = Arrays.copyOf(cumFp, n);
        this.positives = t;
        this.negatives = f;
    }

    /** Number of distinct scores (curve points). */
    public int size() {
        return thresholds.length;
    }

    public double threshold(int i) {
        return thresholds[i];
    }

    public long tp(int i) {
        return tp[i];
    }

    public long fp(int i) {
        return fp[i];
    }

    /** Number of fraud transactions. */
    public long positives() {
        return positives;
    }

    /** Number of legitimate transactions. */
    public long negatives() {
        return negatives;
    }

    /** Number of transactions. */
    public long total() {
        return positives + negatives;
    }

    /** Precision at point {@code i}. */
    public double precision(int i) {
        return (double) tp[i] / (tp[i] + fp[i]);
    }

    /** Recall at point {@code i} (NaN without fraud). */
    public double recall(int i) {
        return positives == 0 ? Double.NaN : (double) tp[i] / positives;
    }

    /** False-positive rate at point {@code i} (NaN without legitimate transactions). */
    public double fpr(int i) {
        return negatives == 0 ? Double.NaN : (double) fp[i] / negatives;
    }

    /** Fraction of all transactions flagged at point {@code i}. */
    public double alertRate(int i) {
        return (double) (tp[i] + fp[i]) / total();
    }

    /**
     * Area under the ROC curve (trapezoids between points, which counts tied scores as half right): the probability
     * that a random fraud scores above a random legitimate transaction. NaN without both classes.
     */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long prevTp = 0;
        long prevFp = 0;
        for (int i = 0; i < size(); i++) {
            area += (fp[i] - prevFp) * (tp[i] + prevTp) / 2.0;
            prevTp = tp[i];
            prevFp = fp[i];
        }
        return area / ((double) positives * negatives);
    }

    /**
     * Average precision: the sum over points of (recall gained at the point) x (precision at the point), as
     * scikit-learn's {@code average_precision_score}. NaN without fraud.
     */
    public double averagePrecision() {
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long prevTp = 0;
        for (int i = 0; i < size(); i++) {
            ap += (double) (tp[i] - prevTp) / positives * precision(i);
            prevTp = tp[i];
        }
        return ap;
    }

    /**
     * {@link #averagePrecision()} of {@code scores} and {@code fraud} without building the curve: the fraud and the
     * legitimate scores are sorted apart (primitive sorts) and merged from the top, ties grouped as one point. The
     * early-stopping search calls it after every few boosting rounds on a whole validation fold. NaN without fraud.
     */
    public static double averagePrecision(double[] scores, boolean[] fraud) {
        if (scores.length != fraud.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + fraud.length + " labels");
        }
        int positives = 0;
        for (boolean f : fraud) {
            positives += f ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double[] pos = new double[positives];
        double[] neg = new double[scores.length - positives];
        int p = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            if (fraud[i]) {
                pos[p++] = scores[i];
            } else {
                neg[n++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        // walk both from the highest score down, one distinct score at a time
        int i = pos.length - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        double ap = 0;
        while (i >= 0) {
            double s = j >= 0 ? Math.max(pos[i], neg[j]) : pos[i];
            long gained = 0;
            while (i >= 0 && pos[i] == s) {
                gained++;
                i--;
            }
            while (j >= 0 && neg[j] == s) {
                fp++;
                j--;
            }
            tp += gained;
            if (gained > 0) {
                ap += (double) gained / positives * tp / (tp + fp);
            }
        }
        return ap;
    }

    /**
     * The highest recall at a threshold whose false-positive rate is at most {@code maxFpr} (0 if even the
     * highest score exceeds it). NaN without both classes.
     */
    public double recallAtFpr(double maxFpr) {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double best = 0;
        for (int i = 0; i < size(); i++) {
            if (fpr(i) <= maxFpr) {
                best = Math.max(best, recall(i));
            }
        }
        return best;
    }

    /** The counts when flagging scores {@code >= threshold}. */
    public ConfusionMatrix at(double threshold) {
        long t = 0;
        long f = 0;
        for (int i = 0; i < size() && thresholds[i] >= threshold; i++) {
            t = tp[i];
            f = fp[i];
        }
        return new ConfusionMatrix(t, f, positives - t, negatives - f);
    }
}
