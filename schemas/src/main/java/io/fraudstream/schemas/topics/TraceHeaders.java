package io.fraudstream.schemas.topics;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Record headers that carry a transaction's timing through the pipeline, for the end-to-end latency metric
 * (raw append → scored). Values are epoch milliseconds in base 36 ASCII ({@code Long.toString(ms, 36)}, 8 characters
 * today): text, so they stay readable wherever headers are shown (dead letters, console consumers), and never a run
 * of 13–19 digits that a card-number scan would have to tell apart from a PAN.
 *
 * <pre>
 *  ingest producer ── {@value #PRODUCED_MS} (wall clock at send) ──► transactions.raw
 *  feature stream  ── {@value #RAW_APPEND_MS} (broker append time if the raw topic uses LogAppendTime,
 *                     else {@value #PRODUCED_MS}) and {@value #FEATURES_MS} (wall clock at emit) ──► transactions.features
 *  scoring service ── ScoredTransaction.rawAppendTime / featuresTime, latency histogram
 * </pre>
 * Producers that are not fraudstream's may leave {@value #PRODUCED_MS} out; the latency of their records is then
 * unknown (not guessed from event time, which for replayed history is days old).
 */
public final class TraceHeaders {

    /** Wall-clock time at which a fraudstream producer sent the raw record. */
    public static final String PRODUCED_MS = "fraudstream.produced.ms";
    /** Time the raw record entered Kafka, as the feature stream saw it. */
    public static final String RAW_APPEND_MS = "fraudstream.raw.append.ms";
    /** Wall-clock time at which the feature stream emitted the features. */
    public static final String FEATURES_MS = "fraudstream.features.ms";

    private TraceHeaders() {
    }

    /** Replaces header {@code key} with {@code millis}. */
    public static void put(Headers headers, String key, long millis) {
        headers.remove(key);
        headers.add(key, Long.toString(millis, 36).getBytes(StandardCharsets.US_ASCII));
    }

    /** The last value of header {@code key}, if present and a non-negative number. */
    public static OptionalLong get(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        if (h == null || h.value() == null || h.value().length == 0 || h.value().length > 13) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII), 36);
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
