package io.fraudstream.features.state;

import io.fraudstream.features.MerchantWindow;

/**
 * What the merchant's history says as of an anchor time {@code a} (a transaction's time minus the merchant lag;
 * {@link MerchantHistory#snapshot(long, long)}), with the label delay {@code d}. Immutable.
 *
 * @param counts         per {@link MerchantWindow} (by ordinal): merchant transactions in {@code (a - W, a]}
 * @param delayedCounts  per window: merchant transactions in {@code (a - d - W, a - d]}, the window whose labels are due by a
 * @param delayedFrauds  per window: those of them whose verdict known at {@code a} is FRAUD
 * @param fraudLabels    per window: FRAUD labels the merchant received in {@code (a - W, a]}
 */
public record MerchantSnapshot(int[] counts, int[] delayedCounts, int[] delayedFrauds, int[] fraudLabels) {

    /** Transactions in window {@code w}. */
    public int count(MerchantWindow w) {
        return counts[w.ordinal()];
    }

    /**
     * The fraud share of the merchant's transactions in {@code (a - d - W, a - d]}: those known FRAUD at {@code a},
     * divided by the transactions of that window (capped at 1: labels can name transactions the stream never saw);
     * null when the window has no transaction.
     */
    public Double fraudShareDelayed(MerchantWindow w) {
        int k = w.ordinal();
        if (delayedCounts[k] == 0) {
            return null;
        }
        return Math.min(1.0, (double) delayedFrauds[k] / delayedCounts[k]);
    }

    /** FRAUD labels the merchant received in {@code (a - W, a]}. */
    public int fraudLabels(MerchantWindow w) {
        return fraudLabels[w.ordinal()];
    }
}
