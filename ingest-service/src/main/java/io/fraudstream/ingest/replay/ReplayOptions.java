package io.fraudstream.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How to replay.
 *
 * @param from             produce only transactions at or after this event time
 * @param to               produce only transactions before this event time (their labels are produced even when
 *                         the label time is later)
 * @param limit            produce at most this many transactions (the earliest in event time), or -1
 * @param pacer            speed: as fast as possible or N× real time
 * @param progress         show progress (bar on a terminal, log lines otherwise)
 * @param progressInterval interval of the plain log lines
 * @param presorted        the source is already in event-time order (e.g. ORDER BY in the query): stream it with
 *                         constant memory, reading and producing at once; a row earlier than the one before it is
 *                         rejected to the DLQ ("out of event-time order") instead of being produced out of order
 */
public record ReplayOptions(
        Optional<Instant> from,
        Optional<Instant> to,
        long limit,
        Pacer pacer,
        boolean progress,
        Duration progressInterval,
        boolean presorted) {
    public ReplayOptions {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(pacer, "pacer");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (limit < -1) {
            throw new IllegalArgumentException("limit must be -1 (none) or >= 0, was " + limit);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("--from must be before --to");
        }
    }

    /** Everything, as fast as possible, no progress output. */
    public static ReplayOptions all() {
        return new ReplayOptions(
                Optional.empty(), Optional.empty(), -1, Pacer.max(), false, Duration.ofSeconds(5), false);
    }

    /** A copy streaming a presorted source. */
    public ReplayOptions withPresorted(boolean value) {
        return new ReplayOptions(from, to, limit, pacer, progress, progressInterval, value);
    }

    /** True if a transaction at {@code eventMillis} is within [from, to). */
    boolean inRange(long eventMillis) {
        return from.map(f -> eventMillis >= f.toEpochMilli()).orElse(true)
                && to.map(t -> eventMillis < t.toEpochMilli()).orElse(true);
    }
}
