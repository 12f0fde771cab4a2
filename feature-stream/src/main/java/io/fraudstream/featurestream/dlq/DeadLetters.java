package io.fraudstream.featurestream.dlq;

import io.fraudstream.schemas.avro.DeadLetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link DeadLetter} records. The stage names used by the feature stream are constants here. */
public final class DeadLetters {

    /** The raw transaction (or label, or reference record) could not be deserialized. */
    public static final String STAGE_DESERIALIZE = "feature-stream.deserialize";
    /** The transaction failed validation. */
    public static final String STAGE_VALIDATE = "feature-stream.validate";
    /** The label failed validation. */
    public static final String STAGE_VALIDATE_LABEL = "feature-stream.validate-label";
    /** A processor threw; the suffix names the processor. */
    public static final String STAGE_PROCESS = "feature-stream.process";

    private DeadLetters() {
    }

    /**
     * A dead letter.
     *
     * @param failedAt wall-clock time of the rejection
     */
    public static DeadLetter of(String stage, String reason, Throwable error, String topic, int partition, long offset,
                                byte[] key, byte[] value, Long sourceTimestamp, Headers headers, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason == null ? "(no message)" : reason)
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setSourceTopic(topic == null ? "(unknown)" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setFailedAt(failedAt)
                .setSourceTimestamp(sourceTimestamp == null || sourceTimestamp < 0 ? null : Instant.ofEpochMilli(sourceTimestamp))
                .setHeaders(headers(headers))
                .build();
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers != null) {
            for (Header h : headers) {
                out.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The message of {@code e} and its causes, for a dead letter's reason. */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 2000; t = t.getCause()) {
            b.append(b.isEmpty() ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.toString();
    }
}
