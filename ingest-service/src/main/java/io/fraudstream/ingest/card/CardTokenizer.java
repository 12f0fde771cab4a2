package io.fraudstream.ingest.card;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a card number (PAN) into a stable, keyed, non-reversible token, so that no PAN is ever produced to Kafka.
 *
 * <h2>Token format</h2>
 * {@code "tok_" + base64url(HMAC-SHA-256(secret, digits))[0..22)}, where {@code digits} are the PAN's ASCII digits
 * after removing spaces and dashes. 22 base64url characters carry 132 bits of the MAC. The token is a pure
 * function of (secret, digits): the same secret gives the same token in every run, process and host, so
 * every source (HTTP, replay, generator) keys the same card alike; another secret gives unrelated tokens.
 *
 * <h2>Collision odds</h2>
 * With 132-bit tokens, the probability that any two of n distinct cards share a token is about
 * n² / 2¹³³: for a billion cards (n = 10⁹) about 10⁻²², negligible. Without the secret, a token cannot be
 * linked back to a PAN by enumerating the (small) PAN space: that is why it is an HMAC and not a plain hash.
 *
 * <h2>Secret</h2>
 * At least 32 bytes (256 bits) of random data, e.g. {@code openssl rand -base64 32}. Losing it means new tokens
 * for every card (history no longer joins); leaking it lets an attacker who also has PAN candidates confirm them.
 * Keep it in a secret store, never in the repository.
 *
 * <p>Thread-safe: each thread uses its own {@link Mac} instance.
 */
public final class CardTokenizer {

    /** Prefix of every token. */
    public static final String TOKEN_PREFIX = "tok_";
    /** Base64url characters kept after the prefix (132 bits). */
    public static final int TOKEN_CHARS = 22;
    /** Minimum secret length in bytes. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Shortest accepted PAN (ISO/IEC 7812 allows 8, issuers in practice 12+). */
    public static final int MIN_PAN_DIGITS = 12;
    /** Longest accepted PAN. */
    public static final int MAX_PAN_DIGITS = 19;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> mac;

    /**
     * @param secret the HMAC key, at least {@value #MIN_SECRET_BYTES} bytes; copied
     * @throws IllegalArgumentException if {@code secret} is null or shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public CardTokenizer(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("card token secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, was " + (secret == null ? "null" : secret.length + " bytes")
                    + " (generate one with: openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
        this.mac = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail at construction, not at first use, if HmacSHA256 is unavailable
    }

    /**
     * Parses a configured secret (the value of {@code card.token.secret}) and builds a tokenizer.
     * Accepted forms, after trimming:
     * <ul>
     *   <li>{@code base64:<standard or url-safe base64>} — e.g. the output of {@code openssl rand -base64 32}</li>
     *   <li>{@code hex:<hex digits>} — e.g. the output of {@code openssl rand -hex 32}</li>
     *   <li>no prefix: hex if the value is only hex digits of even length, otherwise base64 (standard or url-safe)</li>
     * </ul>
     * The decoded secret must be at least {@value #MIN_SECRET_BYTES} bytes. Error messages never echo the value.
     *
     * @throws IllegalArgumentException if the value is missing, not decodable, or too short
     */
    public static CardTokenizer fromConfig(String secretBase64OrHex) {
        return new CardTokenizer(decodeSecret(secretBase64OrHex));
    }

    /** Decodes a configured secret as documented in {@link #fromConfig(String)} (length not checked). */
    public static byte[] decodeSecret(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "card token secret is missing (generate one with: openssl rand -base64 32)");
        }
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("hex:")) {
                return HexFormat.of().parseHex(v.substring(4).trim());
            }
            if (lower.startsWith("base64:")) {
                return base64(v.substring(7).trim());
            }
            if (v.length() % 2 == 0 && v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(v);
            }
            return base64(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "card token secret is neither valid hex nor valid base64 " + "(use hex:<digits> or base64:<text>)");
        }
    }

    private static byte[] base64(String s) {
        return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(s)
                : Base64.getDecoder().decode(s);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /**
     * Validates and protects a PAN.
     *
     * @param pan the card number; spaces and dashes are ignored
     * @return its token, BIN (first 6 digits) and last 4 digits
     * @throws InvalidPanException if it is not 12–19 digits or fails the Luhn check; the message never contains it
     */
    public ProtectedCard protect(String pan) {
        byte[] digits = normalize(pan);
        try {
            String token = token(digits);
            String bin = new String(digits, 0, 6, StandardCharsets.US_ASCII);
            String last4 = new String(digits, digits.length - 4, 4, StandardCharsets.US_ASCII);
            return new ProtectedCard(token, bin, last4);
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /** The token of a PAN; same validation as {@link #protect(String)}. */
    public String tokenFor(String pan) {
        byte[] digits = normalize(pan);
        try {
            return token(digits);
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /** True if {@code s} has the shape of a token this class makes (does not prove it came from this secret). */
    public static boolean looksLikeToken(String s) {
        if (s == null || s.length() != TOKEN_PREFIX.length() + TOKEN_CHARS || !s.startsWith(TOKEN_PREFIX)) {
            return false;
        }
        for (int i = TOKEN_PREFIX.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    private String token(byte[] digits) {
        byte[] h = mac.get().doFinal(digits);
        return TOKEN_PREFIX + B64URL.encodeToString(h).substring(0, TOKEN_CHARS);
    }

    /** ASCII digits of the PAN without separators; validates length, characters and Luhn. */
    static byte[] normalize(String pan) {
        if (pan == null) {
            throw new InvalidPanException("card number is missing");
        }
        byte[] out = new byte[Math.min(pan.length(), 64)];
        int n = 0;
        for (int i = 0; i < pan.length(); i++) {
            char c = pan.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            if (c < '0' || c > '9') {
                Arrays.fill(out, (byte) 0);
                throw new InvalidPanException("card number must contain only digits, spaces and dashes");
            }
            if (n == out.length) {
                Arrays.fill(out, (byte) 0);
                throw new InvalidPanException(
                        "card number must have " + MIN_PAN_DIGITS + " to " + MAX_PAN_DIGITS + " digits");
            }
            out[n++] = (byte) c;
        }
        if (n < MIN_PAN_DIGITS || n > MAX_PAN_DIGITS) {
            Arrays.fill(out, (byte) 0);
            throw new InvalidPanException(
                    "card number must have " + MIN_PAN_DIGITS + " to " + MAX_PAN_DIGITS + " digits, had " + n);
        }
        if (!Luhn.valid(out, 0, n)) {
            Arrays.fill(out, (byte) 0);
            throw new InvalidPanException("card number fails the Luhn check");
        }
        byte[] digits = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return digits;
    }
}
