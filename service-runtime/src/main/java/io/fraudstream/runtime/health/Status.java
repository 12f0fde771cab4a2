package io.fraudstream.runtime.health;

import java.util.Objects;

/**
 * The outcome of one health or readiness check.
 *
 * @param isUp   whether the check passes
 * @param detail a short human-readable explanation (for example the Kafka Streams state); may be empty
 */
public record Status(boolean isUp, String detail) {

    public Status {
        Objects.requireNonNull(detail, "detail");
    }

    /** A passing check without detail. */
    public static Status up() {
        return new Status(true, "");
    }

    /** A passing check. */
    public static Status up(String detail) {
        return new Status(true, detail);
    }

    /** A failing check. */
    public static Status down(String detail) {
        return new Status(false, detail);
    }
}
