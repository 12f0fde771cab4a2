package io.fraudstream.schemas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSignatureTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-test-key";
    private static final Instant TRAINED_AT = Instant.parse("2025-03-01T10:00:00Z");

    private final ModelSignature signer = ModelSignature.withKey(KEY);

    @Test
    void shouldVerifyWhatItSigned() {
        ModelRecord signed = signer.sign(unsigned());

        assertThat(signed.getDigestSha256()).isEqualTo(ModelSignature.sha256Hex(new byte[] {1, 2, 3, 4}));
        assertThat(signed.getSignatureAlgorithm()).isEqualTo(ModelSignature.ALGORITHM);
        assertThat(signer.verify(signed)).isEqualTo(new ModelSignature.Verification(true, ""));
    }

    @Test
    void shouldComputeTheKnownSha256OfThePayload() {
        // echo -n abc | sha256sum
        assertThat(ModelSignature.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldDetectATamperedPayload() {
        ModelRecord tampered = signer.sign(unsigned());
        tampered.setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 5}));

        ModelSignature.Verification v = signer.verify(tampered);

        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("do not match digestSha256");
    }

    @Test
    void shouldDetectATamperedPayloadWhoseDigestWasUpdated() {
        ModelRecord tampered = signer.sign(unsigned());
        tampered.setModelBytes(ByteBuffer.wrap(new byte[] {9, 9}));
        tampered.setDigestSha256(ModelSignature.sha256Hex(new byte[] {9, 9}));

        assertThat(signer.verify(tampered).reason()).contains("signature does not match");
    }

    @Test
    void shouldDetectTamperedMetadata() {
        ModelRecord lowerThreshold = signer.sign(unsigned());
        lowerThreshold.setDeclineThreshold(0.01);
        ModelRecord otherFeatures = signer.sign(unsigned());
        otherFeatures.setFeatureNames(List.of("b", "a"));

        assertThat(signer.verify(lowerThreshold).reason()).contains("signature does not match");
        assertThat(signer.verify(otherFeatures).reason()).contains("signature does not match");
    }

    @Test
    void shouldDetectATamperedSignature() {
        ModelRecord signed = signer.sign(unsigned());
        byte[] sig = signed.getSignature().array().clone();
        sig[0] ^= 1;
        signed.setSignature(ByteBuffer.wrap(sig));

        assertThat(signer.verify(signed).reason()).contains("signature does not match");
    }

    @Test
    void shouldRejectASignatureMadeWithAnotherKey() {
        ModelRecord signedElsewhere =
                ModelSignature.withKey("another-key-that-is-long-enough-32b!").sign(unsigned());

        assertThat(signer.verify(signedElsewhere).valid()).isFalse();
    }

    @Test
    void shouldRejectAnUnsignedRecord() {
        ModelRecord record = unsigned();
        record.setDigestSha256(ModelSignature.sha256Hex(new byte[] {1, 2, 3, 4}));

        assertThat(signer.verify(record).reason()).isEqualTo("the model record is not signed");
    }

    @Test
    void shouldKeepTheSignatureWhenOnlyTheSlotChanges() {
        ModelRecord promoted = signer.sign(unsigned());
        promoted.setSlot(ModelSlot.CHAMPION);

        assertThat(signer.verify(promoted).valid()).isTrue();
    }

    @Test
    void shouldRefuseShortKeys() {
        assertThatThrownBy(() -> ModelSignature.withKey("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void shouldNotDependOnMapOrder() {
        ModelRecord a = unsigned();
        ModelRecord b = unsigned();
        java.util.Map<String, Double> insertionOrder = new java.util.LinkedHashMap<>();
        insertionOrder.put("b", 2.0);
        insertionOrder.put("a", 1.0);
        b.setMetrics(insertionOrder);
        a.setMetrics(new java.util.TreeMap<>(Map.of("a", 1.0, "b", 2.0)));

        assertThat(ModelSignature.canonicalBytes(a)).isEqualTo(ModelSignature.canonicalBytes(b));
    }

    private static ModelRecord unsigned() {
        return ModelRecord.newBuilder()
                .setModelId("fraud")
                .setVersion(3)
                .setSlot(ModelSlot.CHALLENGER)
                .setAlgorithm("xgboost")
                .setFormat(ModelFormat.TRIBUO_PROTOBUF)
                .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                .setFeatureSetVersion("fs-1")
                .setFeatureNames(List.of("a", "b"))
                .setReviewThreshold(0.3)
                .setDeclineThreshold(0.8)
                .setMetrics(Map.of("average_precision", 0.7))
                .setTrainingFrom(TRAINED_AT.minusSeconds(86_400 * 30))
                .setTrainingTo(TRAINED_AT)
                .setCreatedAt(TRAINED_AT)
                .setProvenance(Map.of("seed", "42"))
                .setDigestSha256("")
                .build();
    }
}
