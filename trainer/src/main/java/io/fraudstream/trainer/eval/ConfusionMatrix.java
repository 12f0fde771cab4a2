package io.fraudstream.trainer.eval;

/**
 * Counts at one threshold (fraud is the positive class).
 *
 * @param tp fraud flagged
 * @param fp legitimate flagged
 * @param fn fraud not flagged
 * @param tn legitimate not flagged
 */
public record ConfusionMatrix(long tp, long fp, long fn, long tn) {

    /** tp / (tp + fp); NaN when nothing is flagged. */
    public double precision() {
        return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    /** tp / (tp + fn); NaN without fraud. */
    public double recall() {
        return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }

    /** Harmonic mean of precision and recall; 0 when both are 0, NaN when either is undefined. */
    public double f1() {
        double p = precision();
        double r = recall();
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** fp / (fp + tn). */
    public double falsePositiveRate() {
        return fp + tn == 0 ? Double.NaN : (double) fp / (fp + tn);
    }

    /** Fraction of all transactions flagged. */
    public double alertRate() {
        long n = tp + fp + fn + tn;
        return n == 0 ? Double.NaN : (double) (tp + fp) / n;
    }
}
