package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.DeadLetter;

/**
 * The outcome of a validation stage: exactly one of {@code value} (passed) and {@code deadLetter} (rejected).
 *
 * @param value      the record that passed, possibly normalised
 * @param deadLetter the dead letter for a rejected record
 * @param <T>        the record type
 */
public record Checked<T>(T value, DeadLetter deadLetter) {

    public static <T> Checked<T> passed(T value) {
        return new Checked<>(value, null);
    }

    public static <T> Checked<T> rejected(DeadLetter deadLetter) {
        return new Checked<>(null, deadLetter);
    }

    /** Whether the record passed. */
    public boolean passed() {
        return value != null;
    }
}
