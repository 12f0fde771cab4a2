package io.fraudstream.models;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a model record cannot be served (nor re-scored by the trainer's champion gate): a {@link Rejection} category,
 * the tag of the rejection metric, and a message naming the record ({@link ModelContract#describe}).
 */
public final class RejectedModelException extends Exception {

    /** What kind of problem the record has; {@link #label()} is the metric tag and the word in the log line. */
    public enum Rejection {
        /** The bytes do not match their digest, or cannot be read or deserialized. */
        CORRUPT,
        /** No signature, or no key to verify one. */
        UNSIGNED,
        /** The signature does not match the shared key. */
        SIGNATURE,
        /** A format other than {@code TRIBUO_PROTOBUF}. */
        FORMAT,
        /** Trained on another feature set, or on features the caller does not supply. */
        FEATURES,
        /** A score scale that cannot be served ({@link ScoreCalibration}). */
        CALIBRATION,
        /** Anything else the contract rules out: no FRAUD label, bad thresholds, a failed test score, no slot. */
        INVALID;

        /** The lower-case name: {@code corrupt}, {@code unsigned}, {@code signature}, {@code format}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Rejection category;

    /**
     * @param category what kind of problem
     * @param message  what is wrong, naming the record
     * @param cause    the underlying failure, or null
     */
    public RejectedModelException(Rejection category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    /** What kind of problem, for the rejection metric. */
    public Rejection category() {
        return category;
    }
}
