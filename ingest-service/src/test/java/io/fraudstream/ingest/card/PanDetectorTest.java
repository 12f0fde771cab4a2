package io.fraudstream.ingest.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PanDetectorTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111111",
                "card 4111 1111 1111 1111 ok",
                "x4111-1111-1111-1111y",
                "{\"pan\":\"5555555555554444\"}",
                "378282246310005",
                "4222222222222",
                "4111111111111111110",
                "note: 6011 1111 1111 1117.",
                "tx-42 4111111111111111"
            })
    void shouldFindPanLikeText(String text) {
        assertThat(PanDetector.containsPanLike(text)).isTrue();
        assertThat(PanDetector.containsPanLike(text.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "tok_AbCdEfGhIjKlMnOpQrStUv",
                "4111111111111112",
                "411111111111",
                "2025-03-01T12:00:00Z",
                "123e4567-e89b-12d3-a456-426614174000",
                "4111  1111 1111 1111",
                "amount 12345 EUR",
                "4111--1111-1111-1111"
            })
    void shouldNotFlagOtherText(String text) {
        assertThat(PanDetector.containsPanLike(text)).isFalse();
    }

    @Test
    void shouldFindAPanInAvroBinaryBehindItsLengthPrefix() {
        // an Avro string: zig-zag length, then the bytes; a 16-digit PAN has length prefix 32 (' '),
        // preceded here by the last byte of an earlier field that happens to be a digit
        byte[] pan = "4111111111111111".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[pan.length + 3];
        bytes[0] = 0x00;
        bytes[1] = '7';
        bytes[2] = (byte) (pan.length * 2);
        System.arraycopy(pan, 0, bytes, 3, pan.length);
        assertThat(PanDetector.containsPanLike(bytes)).isTrue();

        // a prefix that is itself a digit glued to the PAN
        byte[] glued = ("0" + "4111111111111111").getBytes(StandardCharsets.US_ASCII);
        assertThat(PanDetector.containsPanLike(glued)).isTrue();
    }

    @Test
    void shouldHandleNull() {
        assertThat(PanDetector.containsPanLike((CharSequence) null)).isFalse();
        assertThat(PanDetector.containsPanLike((byte[]) null)).isFalse();
    }
}
