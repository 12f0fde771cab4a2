package io.fraudstream.features;

import java.time.Duration;

/**
 * The per-card windows. A window {@code W} for a transaction at event time {@code t} covers the card's
 * transactions with event time in {@code (t - W, t]}: ending at and including the transaction, excluding one
 * exactly {@code W} earlier.
 */
public enum CardWindow {
    H1("1h", Duration.ofHours(1)),
    H24("24h", Duration.ofHours(24)),
    D7("7d", Duration.ofDays(7)),
    D30("30d", Duration.ofDays(30));

    /** The longest window; the card state holds at least this much history. */
    public static final CardWindow LONGEST = D30;

    private final String suffix;
    private final long millis;

    CardWindow(String suffix, Duration length) {
        this.suffix = suffix;
        this.millis = length.toMillis();
    }

    /** Suffix of the feature names of this window, such as {@code 24h}. */
    public String suffix() {
        return suffix;
    }

    /** Length in milliseconds. */
    public long millis() {
        return millis;
    }
}
