package io.fraudstream.trainer.data;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open event-time interval {@code [from, to)}.
 *
 * @param from first instant inside
 * @param to   first instant after
 */
public record TimeWindow(Instant from, Instant to) {
    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** True if {@code eventTimeMs} lies in {@code [from, to)}. */
    public boolean contains(long eventTimeMs) {
        return eventTimeMs >= from.toEpochMilli() && eventTimeMs < to.toEpochMilli();
    }

    /** Its length. */
    public Duration length() {
        return Duration.between(from, to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
