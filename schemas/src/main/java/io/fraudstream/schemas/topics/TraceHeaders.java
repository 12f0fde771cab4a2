package io.fraudstream.schemas.topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Record headers that carry a transaction's timing through the pipeline, for the end-to-end latency metric
 * (raw append → scored). Values are epoch milliseconds as decimal ASCII digits ({@code "1764669600000"}), the
 * convention any client can write and read.
 *
 * <pre>
 *  producer        ── {@value #PRODUCED_MS} (wall clock at send; optional) ──► transactions.raw
 *  feature stream  ── {@value #RAW_APPEND_MS}: the broker's append time if the raw topic uses LogAppendTime, else
 *                     {@value #PRODUCED_MS}, else the raw record's own timestamp (clients stamp CreateTime = send
 *                     time); and {@value #FEATURES_MS} (wall clock at emit) ──► transactions.features
 *  scoring service ── ScoredTransaction.rawAppendTime / featuresTime, latency histogram
 * </pre>
 *
 * <p>Headers are untrusted input: a value that is not decimal digits, or that is not {@linkplain #plausible plausible}
 * (more than {@link #MAX_AGE} before or {@link #MAX_AHEAD} after the reader's clock), is ignored — never copied into
 * an output — and the reader counts it ({@link Reading#invalid()}).
 */
public final class TraceHeaders {

    /** Wall-clock time at which the producer sent the raw record. */
    public static final String PRODUCED_MS = "fraudstream.produced.ms";
    /** Time the raw record entered Kafka, as the feature stream saw it. */
    public static final String RAW_APPEND_MS = "fraudstream.raw.append.ms";
    /** Wall-clock time at which the feature stream emitted the features. */
    public static final String FEATURES_MS = "fraudstream.features.ms";
    /** Every trace header key. */
    public static final List<String> KEYS = List.of(PRODUCED_MS, RAW_APPEND_MS, FEATURES_MS);

    /** A trace time older than this, by the reader's clock, is implausible (a backlog older than this is not timed). */
    public static final Duration MAX_AGE = Duration.ofDays(30);
    /** A trace time further ahead of the reader's clock than this is implausible (the broker's own future limit). */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private static final int MAX_DIGITS = 19;

    private TraceHeaders() {}

    /** Replaces header {@code key} with {@code millis} in decimal. */
    public static void put(Headers headers, String key, long millis) {
        headers.remove(key);
        headers.add(key, Long.toString(millis).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A copy of {@code headers} with only the trace headers: what a stage forwards of a record from outside, so that
     * no other header a producer sent is copied into an output (the dead letter of a rejected record keeps them all).
     */
    public static Headers retainTrace(Headers headers) {
        RecordHeaders kept = new RecordHeaders();
        for (String key : KEYS) {
            Header h = headers.lastHeader(key);
            if (h != null) {
                kept.add(h.key(), h.value());
            }
        }
        return kept;
    }

    /** The last value of header {@code key}, if present and decimal digits (no plausibility check). */
    public static OptionalLong get(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        if (h == null) {
            return OptionalLong.empty();
        }
        return parse(h.value());
    }

    /** The last value of header {@code key}, checked against the reader's clock {@code nowMs}. */
    public static Reading read(Headers headers, String key, long nowMs) {
        Header h = headers.lastHeader(key);
        if (h == null) {
            return Reading.ABSENT;
        }
        OptionalLong v = parse(h.value());
        return v.isPresent() && plausible(v.getAsLong(), nowMs) ? new Reading(v.getAsLong(), false) : Reading.INVALID;
    }

    /** Whether {@code millis} is a trace time a reader with clock {@code nowMs} accepts. */
    public static boolean plausible(long millis, long nowMs) {
        return millis > 0 && millis >= nowMs - MAX_AGE.toMillis() && millis <= nowMs + MAX_AHEAD.toMillis();
    }

    private static OptionalLong parse(byte[] value) {
        if (value == null || value.length == 0 || value.length > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (byte b : value) {
            if (b < '0' || b > '9') {
                return OptionalLong.empty();
            }
            v = v * 10 + (b - '0');
        }
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v); // 19 digits can overflow
    }

    /**
     * A trace header as read: a plausible time, absent, or invalid (present but unparseable or implausible).
     *
     * @param millis  the time (valid only if {@link #present()})
     * @param invalid whether a value was there but rejected
     */
    public record Reading(long millis, boolean invalid) {
        static final Reading ABSENT = new Reading(-1, false);
        static final Reading INVALID = new Reading(-1, true);

        /** Whether a plausible time was read. */
        public boolean present() {
            return millis >= 0;
        }
    }
}
