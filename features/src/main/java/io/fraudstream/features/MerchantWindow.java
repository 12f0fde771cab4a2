package io.fraudstream.features;

import java.time.Duration;

/**
 * The per-merchant windows: for a transaction at event time {@code t}, the merchant's transactions (and labels on
 * transactions) with event time in {@code (t - W, t]}.
 */
public enum MerchantWindow {
    D1("1d", Duration.ofDays(1)),
    D7("7d", Duration.ofDays(7)),
    D30("30d", Duration.ofDays(30));

    /** The longest window; the merchant state holds at least this much history. */
    public static final MerchantWindow LONGEST = D30;

    private final String suffix;
    private final long millis;

    MerchantWindow(String suffix, Duration length) {
        this.suffix = suffix;
        this.millis = length.toMillis();
    }

    /** Suffix of the feature names of this window, such as {@code 7d}. */
    public String suffix() {
        return suffix;
    }

    /** Length in milliseconds. */
    public long millis() {
        return millis;
    }
}
