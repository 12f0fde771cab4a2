package io.fraudstream.scoring;

import java.util.Arrays;
import java.util.List;

/**
 * Drift of the live champion scores against the model's training-time score distribution
 * ({@code ModelRecord.scoreDistribution}: fractions over equal-width bins of [0, 1], on the served scale, calibrated
 * or raw as the record says), as the population stability
 * index per window of {@code windowEvents} scored events:
 * {@code PSI = Σ (live_i − ref_i) · ln(live_i / ref_i)}, with both fractions floored at {@value #EPSILON} so an empty
 * bin does not divide by zero. Rule of thumb: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 retrain.
 *
 * <p>A new champion version starts a new window against its own reference. Thread-safe (stream threads share it).
 */
final class ScoreDrift {
    static final double EPSILON = 1e-4;

    private final int windowEvents;
    private long modelVersion = Long.MIN_VALUE;
    private double[] reference = new double[0];
    private long[] counts = new long[0];
    private long inWindow;
    private long completedWindows;
    private volatile double lastPsi = Double.NaN;

    ScoreDrift(int windowEvents) {
        if (windowEvents < 1) {
            throw new IllegalArgumentException("window must hold at least one event, was " + windowEvents);
        }
        this.windowEvents = windowEvents;
    }

    /** Counts one champion score; does nothing for a model without a reference distribution. */
    synchronized void record(long version, List<Double> referenceFractions, double score) {
        if (referenceFractions.isEmpty()) {
            return;
        }
        if (version != modelVersion || reference.length != referenceFractions.size()) {
            modelVersion = version;
            reference =
                    referenceFractions.stream().mapToDouble(Double::doubleValue).toArray();
            counts = new long[reference.length];
            inWindow = 0;
        }
        counts[bin(score, counts.length)]++;
        if (++inWindow == windowEvents) {
            lastPsi = psi(reference, counts, inWindow);
            completedWindows++;
            Arrays.fill(counts, 0);
            inWindow = 0;
        }
    }

    /** PSI of the last complete window; NaN before the first one. */
    double lastPsi() {
        return lastPsi;
    }

    synchronized long completedWindows() {
        return completedWindows;
    }

    static double psi(double[] expected, long[] actualCounts, long total) {
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(EPSILON, expected[i]);
            double a = Math.max(EPSILON, (double) actualCounts[i] / total);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /** The bin of {@code score} among {@code bins} equal-width bins of [0, 1] (as the trainer bins them). */
    static int bin(double score, int bins) {
        return Math.min(bins - 1, Math.max(0, (int) Math.floor(score * bins)));
    }
}
