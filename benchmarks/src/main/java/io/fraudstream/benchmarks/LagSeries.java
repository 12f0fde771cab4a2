package io.fraudstream.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Consumer lag sampled during a phase: (seconds since the phase began, records behind), and whether it grows. The
 * lag of an exactly-once application saws up and down with its commits; what matters under a sustained rate is the
 * trend: the least-squares slope in records per second, compared with the offered rate. Thread-safe.
 */
final class LagSeries {

    /** Lag grows if its slope is more than this share of the offered rate (1 %: the pipeline falls behind by 1 % of it). */
    static final double GROWTH_SHARE = 0.01;
    /** Fewer samples than this give no verdict. */
    static final int MIN_SAMPLES = 3;

    /** Whether the lag grows. */
    enum Trend {
        FLAT,
        GROWING,
        UNKNOWN
    }

    /** One sample. */
    record Sample(double seconds, long lag) {}

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(double seconds, long lag) {
        samples.add(new Sample(seconds, lag));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The first sample's lag, -1 without samples. */
    synchronized long first() {
        return samples.isEmpty() ? -1 : samples.getFirst().lag();
    }

    /** The last sample's lag, -1 without samples. */
    synchronized long last() {
        return samples.isEmpty() ? -1 : samples.getLast().lag();
    }

    /** The largest lag sampled, -1 without samples. */
    synchronized long max() {
        return samples.stream().mapToLong(Sample::lag).max().orElse(-1);
    }

    /** Least-squares slope of lag over time, records per second; NaN with fewer than two samples at distinct times. */
    synchronized double slope() {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = samples.stream().mapToDouble(Sample::seconds).average().orElseThrow();
        double meanL = samples.stream().mapToDouble(Sample::lag).average().orElseThrow();
        double cov = 0;
        double var = 0;
        for (Sample s : samples) {
            cov += (s.seconds() - meanT) * (s.lag() - meanL);
            var += (s.seconds() - meanT) * (s.seconds() - meanT);
        }
        return var == 0 ? Double.NaN : cov / var;
    }

    /** FLAT if the slope is at most {@link #GROWTH_SHARE} of {@code offeredRate}; UNKNOWN with fewer than {@link #MIN_SAMPLES}. */
    synchronized Trend trend(double offeredRate) {
        double slope = slope();
        if (samples.size() < MIN_SAMPLES || Double.isNaN(slope)) {
            return Trend.UNKNOWN;
        }
        return slope <= GROWTH_SHARE * offeredRate ? Trend.FLAT : Trend.GROWING;
    }

    /** "first 120, last 340, max 2,310, slope +3.1 rec/s over 12 samples: flat". */
    synchronized String describe(double offeredRate) {
        if (samples.isEmpty()) {
            return "no samples";
        }
        return String.format(
                Locale.ROOT,
                "first %,d, last %,d, max %,d, slope %+.1f rec/s over %d samples: %s",
                first(),
                last(),
                max(),
                slope(),
                samples.size(),
                switch (trend(offeredRate)) {
                    case FLAT -> "not growing";
                    case GROWING -> "GROWING";
                    case UNKNOWN -> "too few samples to say";
                });
    }
}
