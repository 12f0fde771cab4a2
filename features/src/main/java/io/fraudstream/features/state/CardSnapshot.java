package io.fraudstream.features.state;

import io.fraudstream.features.CardWindow;

/**
 * What the card's history says about one transaction at event time {@code t}: computed by
 * {@link CardHistory#snapshot(CardEvent)} from the events with event time {@code <= t} and within the longest window,
 * plus the transaction itself. Immutable.
 *
 * @param currentAmount        the transaction's own amount (base currency, clipped)
 * @param counts               per {@link CardWindow} (by ordinal): transactions in {@code (t - W, t]}, this one included
 * @param sums                 per window: sum of amounts
 * @param maxima               per window: largest amount
 * @param previousCount        previous transactions in {@code (t - 30 d, t]} (this one excluded)
 * @param previousMean         their mean amount (0 when none)
 * @param previousStdDev       their population standard deviation (0 when fewer than 2)
 * @param secondsSinceLast     seconds since the latest previous transaction, or null
 * @param distinctMerchants24h distinct merchants in {@code (t - 24 h, t]}, this one included
 * @param firstTimeAtMerchant  no previous transaction at this merchant in {@code (t - 30 d, t]}
 * @param distanceFromPrevKm   distance from the latest previous located transaction, or null
 * @param secondsSincePrevLocated seconds since that located transaction, or null
 */
public record CardSnapshot(
        long currentAmount,
        int[] counts,
        long[] sums,
        long[] maxima,
        int previousCount,
        double previousMean,
        double previousStdDev,
        Double secondsSinceLast,
        int distinctMerchants24h,
        boolean firstTimeAtMerchant,
        Double distanceFromPrevKm,
        Double secondsSincePrevLocated) {

    /** Transactions in window {@code w}, this one included. */
    public int count(CardWindow w) {
        return counts[w.ordinal()];
    }

    /** Sum of amounts in window {@code w}. */
    public long sum(CardWindow w) {
        return sums[w.ordinal()];
    }

    /** Largest amount in window {@code w}. */
    public long max(CardWindow w) {
        return maxima[w.ordinal()];
    }

    /** Mean amount in window {@code w} (the count is at least 1: the transaction itself). */
    public double mean(CardWindow w) {
        return (double) sums[w.ordinal()] / counts[w.ordinal()];
    }
}
