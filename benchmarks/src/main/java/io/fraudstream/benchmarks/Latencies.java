package io.fraudstream.benchmarks;

import java.util.Arrays;

/** Latency samples in milliseconds and their percentiles (nearest rank). Not thread-safe. */
public final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    public void add(long millis) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = millis;
    }

    public int count() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p <= 100), nearest rank; -1 without samples. */
    public long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)];
    }

    /** "p50 a ms, p99 b ms, p99.9 c ms, max d ms (n samples)". */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms (%d samples)",
                percentile(50),
                percentile(99),
                percentile(99.9),
                percentile(100),
                size);
    }
}
