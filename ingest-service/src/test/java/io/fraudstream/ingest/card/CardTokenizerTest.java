package io.fraudstream.ingest.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardTokenizerTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final String VISA = "4111111111111111";

    final CardTokenizer tokenizer = new CardTokenizer(SECRET);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111111",
                "5555555555554444",
                "378282246310005",
                "6011111111111117",
                "4000056655665556",
                "3056930009020004",
                "4222222222222",
                "6759649826438453",
                "4111111111111111110"
            })
    void shouldProtectLuhnValidPans(String pan) {
        ProtectedCard card = tokenizer.protect(pan);

        assertThat(card.token()).startsWith("tok_").hasSize(4 + 22).matches("tok_[A-Za-z0-9_-]{22}");
        assertThat(card.bin()).isEqualTo(pan.substring(0, 6));
        assertThat(card.last4()).isEqualTo(pan.substring(pan.length() - 4));
        assertThat(card.toString()).doesNotContain(pan);
        assertThat(CardTokenizer.looksLikeToken(card.token())).isTrue();
    }

    @Test
    void shouldGiveTheSameTokenForTheSameSecretAcrossInstances() {
        // a golden value: tokens must not change between releases, or history stops joining
        String golden = new CardTokenizer(SECRET).tokenFor(VISA);
        assertThat(new CardTokenizer(SECRET.clone()).tokenFor(VISA)).isEqualTo(golden);
        assertThat(golden).isEqualTo(expectedToken(SECRET, VISA));
    }

    @Test
    void shouldIgnoreSpacesAndDashes() {
        assertThat(tokenizer.tokenFor("4111 1111 1111 1111")).isEqualTo(tokenizer.tokenFor(VISA));
        assertThat(tokenizer.tokenFor("4111-1111-1111-1111")).isEqualTo(tokenizer.tokenFor(VISA));
    }

    @Test
    void shouldGiveAnotherTokenWithAnotherSecret() {
        assertThat(new CardTokenizer(OTHER_SECRET).tokenFor(VISA)).isNotEqualTo(tokenizer.tokenFor(VISA));
    }

    @Test
    void shouldGiveDistinctTokensToDistinctCards() {
        assertThat(tokenizer.tokenFor(VISA)).isNotEqualTo(tokenizer.tokenFor("5555555555554444"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111112",
                "41111111111",
                "41111111111111111111",
                "4111x11111111111",
                "4111  1111 1111 1111x",
                "",
                "   ",
                "４１１１１１１１１１１１１１１１"
            })
    void shouldRejectBadPansWithoutRepeatingThem(String pan) {
        assertThatThrownBy(() -> tokenizer.protect(pan))
                .isInstanceOf(InvalidPanException.class)
                .satisfies(e -> {
                    String digits = pan.replaceAll("[^0-9]", "");
                    if (digits.length() >= 4) {
                        assertThat(e.getMessage()).doesNotContain(digits).doesNotContain(digits.substring(0, 4));
                    }
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void shouldRejectNull() {
        assertThatThrownBy(() -> tokenizer.tokenFor(null)).isInstanceOf(InvalidPanException.class);
    }

    @Test
    void shouldRejectShortSecrets() {
        assertThatThrownBy(() -> new CardTokenizer(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
        assertThatThrownBy(() -> new CardTokenizer(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCopyTheSecret() {
        byte[] secret = SECRET.clone();
        CardTokenizer t = new CardTokenizer(secret);
        String before = t.tokenFor(VISA);
        Arrays.fill(secret, (byte) 0);
        assertThat(t.tokenFor(VISA)).isEqualTo(before);
    }

    @Test
    void shouldParseHexAndBase64Secrets() {
        String hex = java.util.HexFormat.of().formatHex(SECRET);
        String b64 = java.util.Base64.getEncoder().encodeToString(SECRET);
        String b64url = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
        String expected = tokenizer.tokenFor(VISA);
        for (String s : new String[] {hex, "hex:" + hex, b64, "base64:" + b64, b64url, " " + b64 + "\n"}) {
            assertThat(CardTokenizer.fromConfig(s).tokenFor(VISA)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void shouldRejectBadConfiguredSecretsWithoutEchoingThem() {
        assertThatThrownBy(() -> CardTokenizer.fromConfig(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> CardTokenizer.fromConfig("c2hvcnQ=")).hasMessageContaining("32");
        assertThatThrownBy(() -> CardTokenizer.fromConfig("hex:zz-not-hex-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("zz-not-hex-secret");
    }

    @Test
    void shouldBeThreadSafe() {
        String expected = tokenizer.tokenFor(VISA);
        Set<String> tokens = IntStream.range(0, 20_000)
                .parallel()
                .mapToObj(i -> tokenizer.tokenFor(VISA))
                .collect(Collectors.toSet());
        assertThat(tokens).containsExactly(expected);
    }

    private static String expectedToken(byte[] secret, String digits) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            byte[] h = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
            return "tok_"
                    + java.util.Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(h)
                            .substring(0, 22);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
