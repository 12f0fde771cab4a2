package io.fraudstream.schemas.model;

import io.fraudstream.schemas.avro.ModelRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link ModelRecord}s: what the trainer does before it publishes a model to {@code fraud.models}
 * and what the scoring service does before it serves one.
 *
 * <p>Two checks, both needed:
 * <ol>
 *     <li>{@code digestSha256} is the lower-case hex SHA-256 of {@code modelBytes} (the payload is intact);</li>
 *     <li>{@code signature} is the HMAC-SHA-256, under a key shared by trainer and scorer, of the record's
 *     {@linkplain #canonicalBytes canonical bytes} (the payload's digest and every field that changes what is served
 *     or how: ids, version, algorithm, format, feature-set version, feature names, thresholds, metrics, training
 *     window, creation time, provenance, reference score distribution). The {@code slot} is not covered, so a
 *     record keeps its signature when promoted from challenger to champion.</li>
 * </ol>
 * Instances are immutable and thread-safe (a fresh {@link Mac} per call).
 *
 * <pre>{@code
 * ModelSignature signer = ModelSignature.withKey(secret);          // at least 32 bytes
 * ModelRecord signed = signer.sign(unsignedRecord);                 // sets digestSha256, signature, signatureAlgorithm
 * ModelSignature.Verification v = signer.verify(received);
 * if (!v.valid()) reject(v.reason());
 * }</pre>
 */
public final class ModelSignature {

    /** JCA name of the signature algorithm, stored in {@code ModelRecord.signatureAlgorithm}. */
    public static final String ALGORITHM = "HmacSHA256";
    /** Shortest key accepted, in bytes (the HMAC-SHA-256 output size). */
    public static final int MIN_KEY_BYTES = 32;
    /** Version tag at the start of the canonical bytes; a new layout gets a new tag. */
    static final String CANONICAL_VERSION = "fraudstream-model-record-v1";

    private final byte[] key;

    private ModelSignature(byte[] key) {
        this.key = key.clone();
    }

    /**
     * A signer/verifier with this shared secret.
     *
     * @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_BYTES} bytes
     */
    public static ModelSignature withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the model signing key must be at least " + MIN_KEY_BYTES + " bytes, was " + key.length);
        }
        return new ModelSignature(key);
    }

    /** {@link #withKey(byte[])} with the UTF-8 bytes of {@code secret} (as configured, for example from an environment variable). */
    public static ModelSignature withKey(String secret) {
        return withKey(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of {@code payload}. */
    public static String sha256Hex(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A copy of {@code record} with {@code digestSha256} computed from its {@code modelBytes} and {@code signature} /
     * {@code signatureAlgorithm} set. The input is not modified.
     */
    public ModelRecord sign(ModelRecord record) {
        ModelRecord copy = shallowCopy(record);
        copy.setDigestSha256(sha256Hex(bytes(record.getModelBytes())));
        copy.setSignatureAlgorithm(ALGORITHM);
        copy.setSignature(ByteBuffer.wrap(hmac(canonicalBytes(copy))));
        return copy;
    }

    /** Checks the payload digest, then the signature; the first failure is the reason. Never throws on bad input. */
    public Verification verify(ModelRecord record) {
        if (record == null) {
            return Verification.failed("no model record");
        }
        if (record.getModelBytes() == null || !record.getModelBytes().hasRemaining()) {
            return Verification.failed("the model record has no model bytes");
        }
        String actualDigest = sha256Hex(bytes(record.getModelBytes()));
        if (record.getDigestSha256() == null
                || !MessageDigest.isEqual(
                        actualDigest.getBytes(StandardCharsets.US_ASCII),
                        record.getDigestSha256().getBytes(StandardCharsets.US_ASCII))) {
            return Verification.failed("the model bytes do not match digestSha256 (recorded " + record.getDigestSha256()
                    + ", computed " + actualDigest + "): the payload was altered or damaged");
        }
        if (record.getSignature() == null) {
            return Verification.failed("the model record is not signed");
        }
        if (!ALGORITHM.equals(record.getSignatureAlgorithm())) {
            return Verification.failed("unsupported signature algorithm '" + record.getSignatureAlgorithm()
                    + "' (expected " + ALGORITHM + ")");
        }
        byte[] expected = hmac(canonicalBytes(record));
        if (!MessageDigest.isEqual(expected, bytes(record.getSignature()))) {
            return Verification.failed("the signature does not match: the record's metadata was altered, "
                    + "or it was signed with another key");
        }
        return Verification.ok();
    }

    /**
     * The bytes the signature covers, independent of Avro encoding: a version tag, then each covered field in a
     * fixed order, strings as length-prefixed UTF-8, numbers big-endian, maps sorted by key. {@code slot},
     * {@code modelBytes} (covered through {@code digestSha256}), {@code signature} and {@code signatureAlgorithm}
     * are not included.
     */
    public static byte[] canonicalBytes(ModelRecord r) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            string(out, CANONICAL_VERSION);
            string(out, r.getModelId());
            out.writeLong(r.getVersion());
            string(out, r.getAlgorithm());
            string(out, r.getFormat() == null ? null : r.getFormat().name());
            string(out, r.getDigestSha256());
            string(out, r.getFeatureSetVersion());
            List<String> names = r.getFeatureNames() == null ? List.of() : r.getFeatureNames();
            out.writeInt(names.size());
            for (String name : names) {
                string(out, name);
            }
            out.writeDouble(r.getReviewThreshold());
            out.writeDouble(r.getDeclineThreshold());
            Map<String, Double> metrics = new TreeMap<>(r.getMetrics() == null ? Map.of() : r.getMetrics());
            out.writeInt(metrics.size());
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                string(out, e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeLong(
                    r.getTrainingFrom() == null
                            ? Long.MIN_VALUE
                            : r.getTrainingFrom().toEpochMilli());
            out.writeLong(
                    r.getTrainingTo() == null
                            ? Long.MIN_VALUE
                            : r.getTrainingTo().toEpochMilli());
            out.writeLong(
                    r.getCreatedAt() == null ? Long.MIN_VALUE : r.getCreatedAt().toEpochMilli());
            Map<String, String> provenance = new TreeMap<>(r.getProvenance() == null ? Map.of() : r.getProvenance());
            out.writeInt(provenance.size());
            for (Map.Entry<String, String> e : provenance.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            List<Double> distribution = r.getScoreDistribution() == null ? List.of() : r.getScoreDistribution();
            out.writeInt(distribution.size());
            for (Double d : distribution) {
                out.writeDouble(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: in-memory stream
        }
        return buffer.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /**
     * Field-by-field copy sharing the field values (Avro's builder copy would deep-copy enums through Avro's class
     * resolution, which Avro 1.12.2 refuses for untrusted classes).
     */
    private static ModelRecord shallowCopy(ModelRecord record) {
        ModelRecord copy = new ModelRecord();
        for (int i = 0; i < ModelRecord.getClassSchema().getFields().size(); i++) {
            copy.put(i, record.get(i));
        }
        return copy;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * The outcome of {@link #verify}.
     *
     * @param valid  true if digest and signature both check out
     * @param reason why not, for logs and metrics; empty when valid
     */
    public record Verification(boolean valid, String reason) {
        static Verification ok() {
            return new Verification(true, "");
        }

        static Verification failed(String reason) {
            return new Verification(false, reason);
        }
    }
}
