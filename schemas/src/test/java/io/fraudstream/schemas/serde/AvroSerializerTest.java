package io.fraudstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.TestRecords;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

    private static final String TOPIC = "transactions.labels";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldWriteConfluentWireFormat() {
        // Given
        registry.put(0x01020304, "transactions.labels-value", FraudLabel.getClassSchema());
        AvroSerializer<FraudLabel> serializer = new AvroSerializer<>(registry, false, false);

        // When
        byte[] bytes = serializer.serialize(TOPIC, TestRecords.chargeback().build());

        // Then
        assertThat(bytes)
                .isEqualTo(WireBytes.header(0x01020304)
                        .string("txn-0001-7f3a")
                        .string("ct_5d2c9a41e0b7f6a3c1d8e2b4a6f09c7d")
                        .string("m-coffee-42")
                        .varLong(TestRecords.LUNCH_TUESDAY.toEpochMilli())
                        .varLong(TestRecords.CHARGEBACK_DAY.toEpochMilli())
                        .varLong(0)
                        .varLong(0)
                        .optString("lost_stolen")
                        .optString("reason code 4837")
                        .optString("t-7")
                        .bytes());
    }

    @Test
    void shouldWriteEveryTransactionFieldInSchemaOrder() {
        // Given
        registry.put(9, "transactions.raw-value", Transaction.getClassSchema());
        AvroSerializer<Transaction> serializer = new AvroSerializer<>(registry, false, false);

        // When
        byte[] bytes =
                serializer.serialize("transactions.raw", TestRecords.coffee().build());

        // Then
        assertThat(bytes)
                .isEqualTo(WireBytes.header(9)
                        .string("txn-0001-7f3a")
                        .string("ct_5d2c9a41e0b7f6a3c1d8e2b4a6f09c7d")
                        .optString("453201")
                        .optString("0366")
                        .string("m-coffee-42")
                        .optString("t-7")
                        .optString("5814")
                        .optString("GB")
                        .varLong(450)
                        .string("GBP")
                        .varLong(TestRecords.LUNCH_TUESDAY.toEpochMilli())
                        .varLong(0) // channel POS
                        .varLong(2) // entryMode CONTACTLESS
                        .optDouble(51.5136)
                        .optDouble(-0.0983)
                        .nullBranch()
                        .optString("dev-9")
                        .optString("generator")
                        .optLong(TestRecords.INGESTED.toEpochMilli())
                        .bytes());
    }

    @Test
    void shouldRegisterUnderTopicNameStrategySubjectsOnce() {
        // Given
        AvroSerializer<FraudLabel> values = new AvroSerializer<>(registry, true, false);
        AvroSerializer<FraudLabel> keys = new AvroSerializer<>(registry, true, true);

        // When
        for (int i = 0; i < 3; i++) {
            values.serialize(TOPIC, TestRecords.chargeback().build());
        }
        keys.serialize(TOPIC, TestRecords.chargeback().build());

        // Then
        assertThat(registry.registerCalls()).isEqualTo(2);
        assertThat(registry.latest("transactions.labels-value").schema()).isEqualTo(FraudLabel.getClassSchema());
        assertThat(registry.latest("transactions.labels-key").schema()).isEqualTo(FraudLabel.getClassSchema());
    }

    @Test
    void shouldCacheIdPerTopic() {
        // Given
        AvroSerializer<FraudLabel> serializer = new AvroSerializer<>(registry, true, false);

        // When
        serializer.serialize("a", TestRecords.chargeback().build());
        serializer.serialize("b", TestRecords.chargeback().build());
        serializer.serialize("a", TestRecords.chargeback().build());
        serializer.serialize("b", TestRecords.chargeback().build());

        // Then
        assertThat(registry.registerCalls()).isEqualTo(2);
    }

    @Test
    void shouldFailWhenSchemaNotRegisteredAndAutoRegisterOff() {
        AvroSerializer<FraudLabel> serializer = new AvroSerializer<>(registry, false, false);

        assertThatThrownBy(() ->
                        serializer.serialize(TOPIC, TestRecords.chargeback().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("not registered under subject 'transactions.labels-value'")
                .hasMessageContaining("auto.register.schemas is false");
        assertThat(registry.registerCalls()).isZero();
    }

    @Test
    void shouldWrapRegistryFailure() {
        registry.failWith(new SchemaRegistryException(
                "POST http://r/subjects/x/versions: HTTP 409, error_code 409: incompatible",
                "http://r/subjects/x/versions",
                409,
                409,
                null));
        AvroSerializer<FraudLabel> serializer = new AvroSerializer<>(registry, true, false);

        assertThatThrownBy(() ->
                        serializer.serialize(TOPIC, TestRecords.chargeback().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("cannot register schema io.fraudstream.schemas.avro.FraudLabel")
                .hasMessageContaining("HTTP 409, error_code 409");
    }

    @Test
    void shouldWriteNullAsTombstone() {
        assertThat(new AvroSerializer<FraudLabel>(registry, true, false).serialize(TOPIC, null))
                .isNull();
        assertThat(registry.registerCalls()).isZero();
    }

    @Test
    void shouldWrapInvalidRecordInsteadOfThrowingNpe() {
        // Given a record with required fields left null (the no-arg constructor skips the builder's checks)
        AvroSerializer<FraudLabel> serializer = new AvroSerializer<>(registry, true, false);

        // When / Then
        assertThatThrownBy(() -> serializer.serialize(TOPIC, new FraudLabel()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic '" + TOPIC + "'")
                .hasMessageContaining("FraudLabel");
        // and the thread's encoder is clean for the next record
        assertThat(new AvroDeserializer<>(registry, FraudLabel.class, false)
                        .deserialize(
                                TOPIC,
                                serializer.serialize(
                                        TOPIC, TestRecords.chargeback().build())))
                .isEqualTo(TestRecords.chargeback().build());
    }

    @Test
    void shouldFailClearlyWhenNotConfigured() {
        assertThatThrownBy(() -> new AvroSerializer<FraudLabel>()
                        .serialize(TOPIC, TestRecords.chargeback().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not configured");
    }
}
