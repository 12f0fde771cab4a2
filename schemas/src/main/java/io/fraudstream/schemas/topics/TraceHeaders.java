package io.fraudstream.schemas.topics;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Record headers that carry a transaction's timing through the pipeline, for the end-to-end latency metric
 * (raw append → scored). Values are epoch milliseconds as decimal ASCII, so they stay readable wherever headers are
 * shown (dead letters, console consumers).
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
        headers.add(key, Long.toString(millis).getBytes(StandardCharsets.US_ASCII));
    }

    /** The last value of header {@code key}, if present and a non-negative number. */
    public static OptionalLong get(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        if (h == null || h.value() == null || h.value().length == 0 || h.value().length > 19) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (byte b : h.value()) {
            if (b < '0' || b > '9') {
                return OptionalLong.empty();
            }
            v = v * 10 + (b - '0');
        }
        return OptionalLong.of(v);
    }
}
