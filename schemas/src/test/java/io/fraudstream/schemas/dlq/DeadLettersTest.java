package io.fraudstream.schemas.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void shouldKeepTheOriginalBytesAndStampTheProcessingTime() {
        byte[] value = {0, 0, 0, 0, 7, 1, 2, 3};
        RecordHeaders headers = new RecordHeaders();
        headers.add("fraudstream.produced.ms", "1733150000000".getBytes(StandardCharsets.US_ASCII));
        DeadLetter d = DeadLetters.rejected("feature-stream.validate", "amountMinor must be > 0")
                .source("transactions.raw", 2, 41, Long.MAX_VALUE)
                .key("ct_1".getBytes(StandardCharsets.UTF_8))
                .value(value)
                .headers(headers)
                .failedAt(NOW)
                .build();

        assertThat(bytes(d.getValue())).isEqualTo(value);
        assertThat(bytes(d.getKey())).isEqualTo("ct_1".getBytes(StandardCharsets.UTF_8));
        assertThat(d.getTruncated()).isFalse();
        assertThat(d.getOriginalValueSize()).isEqualTo(8);
        assertThat(d.getSourceTimestamp()).isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
        assertThat(DeadLetters.recordTimestamp(d)).isEqualTo(NOW.toEpochMilli());
        assertThat(d.getHeaders()).containsEntry("fraudstream.produced.ms", "1733150000000");
    }

    @Test
    void shouldStayUnderTheRecordLimitWhateverTheInputSize() throws Exception {
        byte[] value = new byte[1024 * 1024];
        Arrays.fill(value, (byte) 0xff);
        byte[] key = new byte[200_000];
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 5_000; i++) {
            headers.add("h" + i, value.length > 0 ? Arrays.copyOf(value, 100) : null); // not UTF-8: each byte → U+FFFD
        }
        DeadLetter d = DeadLetters.rejected("feature-stream.deserialize", "x".repeat(100_000))
                .source("transactions.raw", 0, 1, -1)
                .key(key)
                .value(value)
                .headers(headers)
                .failedAt(NOW)
                .build();

        assertThat(d.toByteBuffer().remaining()).isLessThanOrEqualTo(DeadLetters.MAX_BYTES);
        assertThat(d.getTruncated()).isTrue();
        assertThat(d.getOriginalValueSize()).isEqualTo(value.length);
        assertThat(d.getOriginalKeySize()).isEqualTo(key.length);
        assertThat(bytes(d.getValue()))
                .isEqualTo(Arrays.copyOf(value, d.getValue().remaining()));
        assertThat(d.getValue().remaining()).isGreaterThan(500_000);
        assertThat(d.getSourceTimestamp()).isNull();
    }

    @Test
    void shouldDescribeAnErrorWithItsCauses() {
        assertThat(DeadLetters.describe(new IllegalStateException("outer", new IllegalArgumentException("inner"))))
                .isEqualTo("IllegalStateException: outer; caused by IllegalArgumentException: inner");
        assertThat(DeadLetters.rejected("s", null).failedAt(NOW).build().getReason())
                .isEqualTo("(no message)");
    }

    @Test
    void shouldNameTheErrorClassWithoutAnExceptionObject() {
        DeadLetter d = DeadLetters.rejected("s", "bad row")
                .errorClass(IllegalArgumentException.class)
                .failedAt(NOW)
                .build();
        assertThat(d.getErrorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(DeadLetters.describe(new IllegalStateException(" "))).isEqualTo("IllegalStateException");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
