package io.fraudstream.schemas.dlq;

import io.fraudstream.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one way to build a {@link DeadLetter} ({@code DeadLetter.avsc}): every stage that rejects a record, in every
 * service, goes through {@link #rejected}.
 *
 * <p>A dead letter must never be refused by the broker, or the stream that writes it stops on the record it was
 * meant to set aside. So:
 * <ul>
 *   <li>its record timestamp is the processing time ({@link #recordTimestamp}, = {@code failedAt}), never the
 *       source's timestamp or event time, which a producer controls (a far-future one is refused by
 *       {@code message.timestamp.after.max.ms});</li>
 *   <li>it fits in {@link #MAX_BYTES}, under Kafka's default 1 MiB record limit: the original key and value bytes
 *       are kept whole unless they (with the headers and reason) would not fit, and are then cut to a prefix, with
 *       {@code truncated} set and the full sizes in {@code originalKeySize} / {@code originalValueSize}.</li>
 * </ul>
 */
public final class DeadLetters {

    /** Upper bound of a dead letter's encoded size, with room under the broker's default 1 MiB record limit. */
    public static final int MAX_BYTES = 900 * 1024;
    /** At most this many bytes of the original key are kept (record keys are card tokens, tens of bytes). */
    static final int MAX_KEY_BYTES = 16 * 1024;
    /** At most this many UTF-8 bytes of headers (keys and values) are kept. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** At most this many characters of reason. */
    static final int MAX_REASON_CHARS = 4_000;
    /** Room for the fixed fields (stage, topic, offsets, times, Avro framing). */
    private static final int OVERHEAD = 4 * 1024;

    private DeadLetters() {}

    /** Starts a dead letter of the record {@code stage} rejected, for {@code reason}. */
    public static Builder rejected(String stage, String reason) {
        return new Builder(stage, reason);
    }

    /** The timestamp to give the dead letter's Kafka record: its processing time. */
    public static long recordTimestamp(DeadLetter letter) {
        return letter.getFailedAt().toEpochMilli();
    }

    /** The key to give the dead letter's Kafka record: the original key bytes (cut as in the letter if too long). */
    public static byte[] recordKey(DeadLetter letter) {
        if (letter.getKey() == null) {
            return null;
        }
        byte[] b = new byte[letter.getKey().remaining()];
        letter.getKey().duplicate().get(b);
        return b;
    }

    /**
     * The class and message of {@code e} and of its causes ({@code "IllegalStateException: outer; caused by
     * IllegalArgumentException: inner"}), for a dead letter's reason and for error messages and logs.
     */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < MAX_REASON_CHARS; t = t.getCause()) {
            b.append(b.isEmpty() ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.isEmpty() ? "(no message)" : b.toString();
    }

    /** Collects the parts of one dead letter; {@link #build} applies the size bound. */
    public static final class Builder {
        private final String stage;
        private final String reason;
        private String errorClass;
        private String topic = "(unknown)";
        private int partition = -1;
        private long offset = -1;
        private Long sourceTimestamp;
        private byte[] key;
        private byte[] value;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Instant failedAt;

        private Builder(String stage, String reason) {
            this.stage = Objects.requireNonNull(stage, "stage");
            this.reason = reason == null || reason.isBlank() ? "(no message)" : reason;
        }

        /** The exception behind the rejection (its class goes into {@code errorClass}). */
        public Builder error(Throwable error) {
            return errorClass(error == null ? null : error.getClass());
        }

        /** The class of the exception behind the rejection, when there is no exception object to hand. */
        public Builder errorClass(Class<? extends Throwable> type) {
            this.errorClass = type == null ? null : type.getName();
            return this;
        }

        /**
         * Where the record was read: topic, partition, offset (-1 if unknown) and its Kafka timestamp (a negative one is
         * unknown).
         */
        public Builder source(String topic, int partition, long offset, long timestamp) {
            this.topic = topic == null ? "(unknown)" : topic;
            this.partition = partition;
            this.offset = offset;
            this.sourceTimestamp = timestamp < 0 ? null : timestamp;
            return this;
        }

        /** The original key bytes, as read. */
        public Builder key(byte[] key) {
            this.key = key;
            return this;
        }

        /** The original value bytes, as read. */
        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        /** The record's headers, values decoded as UTF-8. */
        public Builder headers(Headers recordHeaders) {
            if (recordHeaders != null) {
                for (Header h : recordHeaders) {
                    header(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                }
            }
            return this;
        }

        /** One header (a later value of the same key replaces an earlier one). */
        public Builder header(String headerKey, String headerValue) {
            headers.put(headerKey == null ? "" : headerKey, headerValue == null ? "" : headerValue);
            return this;
        }

        /** When the stage rejected the record (wall clock). */
        public Builder failedAt(Instant at) {
            this.failedAt = at;
            return this;
        }

        /** The dead letter, within {@link #MAX_BYTES}. */
        public DeadLetter build() {
            Objects.requireNonNull(failedAt, "failedAt");
            boolean[] truncated = {false};
            String why = reason.length() > MAX_REASON_CHARS ? cut(reason, truncated) : reason;
            Map<String, String> keptHeaders = boundedHeaders(truncated);
            int used = OVERHEAD + utf8Length(why) + utf8Length(stage) + utf8Length(topic) + headerBytes(keptHeaders);
            byte[] keptKey = prefix(key, MAX_KEY_BYTES, truncated);
            used += keptKey == null ? 0 : keptKey.length;
            byte[] keptValue = prefix(value, Math.max(0, MAX_BYTES - used), truncated);
            return DeadLetter.newBuilder()
                    .setStage(stage)
                    .setReason(why)
                    .setErrorClass(errorClass)
                    .setSourceTopic(topic)
                    .setSourcePartition(partition)
                    .setSourceOffset(offset)
                    .setKey(keptKey == null ? null : ByteBuffer.wrap(keptKey))
                    .setValue(keptValue == null ? null : ByteBuffer.wrap(keptValue))
                    .setFailedAt(failedAt)
                    .setSourceTimestamp(sourceTimestamp == null ? null : Instant.ofEpochMilli(sourceTimestamp))
                    .setHeaders(keptHeaders)
                    .setTruncated(truncated[0])
                    .setOriginalKeySize(key == null ? null : key.length)
                    .setOriginalValueSize(value == null ? null : value.length)
                    .build();
        }

        private Map<String, String> boundedHeaders(boolean[] truncated) {
            Map<String, String> kept = new LinkedHashMap<>();
            int bytes = 0;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                int size = utf8Length(e.getKey()) + utf8Length(e.getValue());
                if (bytes + size > MAX_HEADER_BYTES) {
                    truncated[0] = true;
                    continue;
                }
                kept.put(e.getKey(), e.getValue());
                bytes += size;
            }
            return kept;
        }

        private static String cut(String s, boolean[] truncated) {
            truncated[0] = true;
            return s.substring(0, MAX_REASON_CHARS) + "…";
        }

        private static byte[] prefix(byte[] bytes, int max, boolean[] truncated) {
            if (bytes == null || bytes.length <= max) {
                return bytes;
            }
            truncated[0] = true;
            return Arrays.copyOf(bytes, max);
        }

        private static int headerBytes(Map<String, String> h) {
            int n = 0;
            for (Map.Entry<String, String> e : h.entrySet()) {
                n += utf8Length(e.getKey()) + utf8Length(e.getValue()) + 10;
            }
            return n;
        }

        /** Upper bound of the UTF-8 length of {@code s} (3 bytes per UTF-16 unit), exact for ASCII. */
        private static int utf8Length(String s) {
            if (s == null) {
                return 0;
            }
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            return n;
        }
    }
}
