package io.fraudstream.ingest.replay;

/**
 * Replay speed: as fast as possible, or N times real time. At N× the event at time {@code e} is due at wall-clock
 * {@code start + (e − e0) / N}, where {@code e0} is the first event's time and {@code start} when it was produced.
 * Pure arithmetic; the caller sleeps.
 */
public final class Pacer {
    private final double speed;
    private long firstEventMillis = Long.MIN_VALUE;
    private long startNanos;

    private Pacer(double speed) {
        this.speed = speed;
    }

    /** No pacing. */
    public static Pacer max() {
        return new Pacer(0);
    }

    /**
     * {@code factor}× real time.
     *
     * @throws IllegalArgumentException unless {@code factor > 0}
     */
    public static Pacer times(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("speed must be 'max' or a positive number, was " + factor);
        }
        return new Pacer(factor);
    }

    /** Parses {@code max} or a positive number (e.g. {@code 60} = one minute of event time per second). */
    public static Pacer parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("max")) {
            return max();
        }
        try {
            return times(Double.parseDouble(value.trim().replaceFirst("[xX]$", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "speed must be 'max' or a positive number (N times real time), was '" + value + "'");
        }
    }

    /** True when events are produced as fast as possible. */
    public boolean unpaced() {
        return speed == 0;
    }

    /**
     * Nanoseconds to wait before producing the event at {@code eventMillis}, given the wall clock {@code nowNanos}
     * ({@link System#nanoTime()}); 0 when due. The first call anchors the schedule.
     */
    public long waitNanos(long eventMillis, long nowNanos) {
        if (speed == 0) {
            return 0;
        }
        if (firstEventMillis == Long.MIN_VALUE) {
            firstEventMillis = eventMillis;
            startNanos = nowNanos;
            return 0;
        }
        long dueNanos = startNanos + (long) ((eventMillis - firstEventMillis) * 1_000_000.0 / speed);
        return Math.max(0, dueNanos - nowNanos);
    }
}
