package io.fraudstream.features.state;

import io.fraudstream.features.MerchantWindow;

/**
 * What the merchant's history says about one transaction at event time {@code t}
 * ({@link MerchantHistory#snapshot(long)}). Immutable.
 *
 * @param counts   per {@link MerchantWindow} (by ordinal): merchant transactions in {@code (t - W, t]}, this one included
 * @param frauds   per window: transactions in the window whose verdict known at {@code t} is FRAUD
 * @param labelled per window: transactions in the window with any verdict known at {@code t}
 */
public record MerchantSnapshot(int[] counts, int[] frauds, int[] labelled) {

    /** Transactions in window {@code w}, this one included. */
    public int count(MerchantWindow w) {
        return counts[w.ordinal()];
    }

    /**
     * Known frauds divided by the transaction count of window {@code w}, capped at 1 (labels can name transactions the
     * stream never saw); null when no label of any verdict is known for the window.
     */
    public Double fraudRate(MerchantWindow w) {
        int k = w.ordinal();
        if (labelled[k] == 0) {
            return null;
        }
        return Math.min(1.0, (double) frauds[k] / Math.max(1, counts[k]));
    }
}
