package io.fraudstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.TestRecords;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

    private static final String TOPIC = "transactions.labels";
    private static final int LABEL_ID = 300;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry()
            .put(LABEL_ID, "transactions.labels-value", FraudLabel.getClassSchema())
            .put(301, "transactions.raw-value", Transaction.getClassSchema());
    private final AvroDeserializer<FraudLabel> deserializer = new AvroDeserializer<>(registry, FraudLabel.class, false);

    /** The chargeback of {@link TestRecords#chargeback()}, encoded by hand. */
    private static byte[] chargebackBytes(int schemaId) {
        return WireBytes.header(schemaId)
                .string("txn-0001-7f3a")
                .string("ct_5d2c9a41e0b7f6a3c1d8e2b4a6f09c7d")
                .string("m-coffee-42")
                .varLong(TestRecords.LUNCH_TUESDAY.toEpochMilli())
                .varLong(TestRecords.CHARGEBACK_DAY.toEpochMilli())
                .varLong(0) // verdict FRAUD
                .varLong(0) // source CHARGEBACK
                .optString("lost_stolen")
                .optString("reason code 4837")
                .optString("t-7")
                .bytes();
    }

    @Test
    void shouldDecodeHandBuiltWireFormat() {
        // When
        FraudLabel label = deserializer.deserialize(TOPIC, chargebackBytes(LABEL_ID));

        // Then
        assertThat(label).isEqualTo(TestRecords.chargeback().build());
    }

    @Test
    void shouldDecodeFromByteBufferSliceWithHeaders() {
        // Given the payload in the middle of a bigger array, as a consumer may hand it over
        byte[] payload = chargebackBytes(LABEL_ID);
        byte[] padded = new byte[payload.length + 10];
        System.arraycopy(payload, 0, padded, 7, payload.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 7, payload.length);

        // When
        FraudLabel label = deserializer.deserialize(TOPIC, new RecordHeaders(), slice);

        // Then
        assertThat(label).isEqualTo(TestRecords.chargeback().build());
    }

    @Test
    void shouldDecodeFromDirectByteBuffer() {
        byte[] payload = chargebackBytes(LABEL_ID);
        ByteBuffer direct =
                ByteBuffer.allocateDirect(payload.length).put(payload).flip();

        assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), direct))
                .isEqualTo(TestRecords.chargeback().build());
    }

    @Test
    void shouldReadNullAsTombstone() {
        assertThat(deserializer.deserialize(TOPIC, (byte[]) null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null))
                .isNull();
    }

    @Test
    void shouldFetchWriterSchemaOncePerId() {
        // When
        for (int i = 0; i < 5; i++) {
            deserializer.deserialize(TOPIC, chargebackBytes(LABEL_ID));
        }

        // Then
        assertThat(registry.getByIdCalls()).isEqualTo(1);
    }

    @Test
    void shouldRejectPayloadWithoutMagicByte() {
        // Given a plain Avro payload without the header
        byte[] bytes = Arrays.copyOfRange(chargebackBytes(LABEL_ID), 5, chargebackBytes(LABEL_ID).length);
        bytes[0] = 0x1a; // length 13 of "txn-0001-7f3a", as it would be without a header

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("unknown magic byte 26");
    }

    @Test
    void shouldRejectPayloadShorterThanHeader() {
        byte[] bytes = WireBytes.header(LABEL_ID).bytes();
        byte[] shortBytes = Arrays.copyOf(bytes, 3);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, shortBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("3 bytes is shorter than the 5-byte wire format header");
    }

    @Test
    void shouldRejectTruncatedPayload() {
        byte[] full = chargebackBytes(LABEL_ID);
        byte[] truncated = Arrays.copyOf(full, full.length - 6);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("does not decode with writer schema id " + LABEL_ID);
    }

    @Test
    void shouldRejectCorruptEnumIndex() {
        byte[] bytes = WireBytes.header(LABEL_ID)
                .string("t")
                .string("c")
                .string("m")
                .varLong(1)
                .varLong(2)
                .varLong(17) // no such verdict
                .varLong(0)
                .nullBranch()
                .nullBranch()
                .bytes();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("does not decode with writer schema id " + LABEL_ID);
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] full = chargebackBytes(LABEL_ID);
        byte[] longer = Arrays.copyOf(full, full.length + 2);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, chargebackBytes(4242)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("unknown schema id 4242");
    }

    @Test
    void shouldWrapRegistryFailure() {
        // Given
        registry.failWith(new SchemaRegistryException(
                "schema registry at http://127.0.0.1:1 unreachable after 6 attempts: ConnectException",
                "http://127.0.0.1:1/schemas/ids/300",
                SchemaRegistryException.NONE,
                SchemaRegistryException.NONE,
                null));

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, chargebackBytes(LABEL_ID)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("cannot fetch writer schema id 300")
                .hasMessageContaining("unreachable after 6 attempts")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void shouldRejectWriterSchemaOfAnotherRecord() {
        // Given a Transaction id on a FraudLabel topic
        byte[] bytes = WireBytes.header(301).string("x").bytes();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "writer schema id 301 (io.fraudstream.schemas.avro.Transaction) cannot be read as io.fraudstream.schemas.avro.FraudLabel");
    }

    @Test
    void shouldNameKeyPartForKeyDeserializer() {
        AvroDeserializer<FraudLabel> keys = new AvroDeserializer<>(registry, FraudLabel.class, true);

        assertThatThrownBy(() -> keys.deserialize(TOPIC, new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("cannot deserialize key of topic '" + TOPIC + "'");
    }

    @Test
    void shouldFailClearlyWhenNotConfigured() {
        AvroDeserializer<FraudLabel> unconfigured = new AvroDeserializer<>();

        assertThatThrownBy(() -> unconfigured.deserialize(TOPIC, chargebackBytes(LABEL_ID)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not configured");
    }
}
