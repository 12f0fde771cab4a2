package io.fraudstream.dashboard;

import java.util.Arrays;

/**
 * The watermark lags scraped over the last {@code window}: a ring of (time, lag) samples, the oldest overwritten when
 * full, samples older than the window left out of the percentiles. Pure (every call says what time it is); not
 * thread-safe (the {@link OrderingScraper} guards it).
 *
 * <p>Percentiles are nearest-rank: the smallest sample with at least p % of the samples at or below it.
 */
final class LagWindow {

    private final long windowMs;
    private final long[] times;
    private final long[] lags;
    private int next;
    private int size;

    /**
     * @param windowMs how far back the percentiles look
     * @param capacity samples kept at most (the window divided by the scrape interval, and some)
     */
    LagWindow(long windowMs, int capacity) {
        if (windowMs <= 0 || capacity <= 0) {
            throw new IllegalArgumentException(
                    "window and capacity must be positive, were " + windowMs + " ms, " + capacity);
        }
        this.windowMs = windowMs;
        this.times = new long[capacity];
        this.lags = new long[capacity];
    }

    void add(long atMs, long lagMs) {
        times[next] = atMs;
        lags[next] = lagMs;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** The lags sampled in {@code (nowMs - window, nowMs]}, sorted. */
    long[] sorted(long nowMs) {
        long[] out = new long[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (times[k] > nowMs - windowMs && times[k] <= nowMs) {
                out[n++] = lags[k];
            }
        }
        long[] in = Arrays.copyOf(out, n);
        Arrays.sort(in);
        return in;
    }

    /** The nearest-rank {@code p}-th percentile (0 &lt; p &le; 100) of sorted samples; null when there are none. */
    static Long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    long windowMs() {
        return windowMs;
    }
}
