package io.fraudstream.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Payloads written by earlier releases (binary files in {@code src/test/resources/payloads}, Confluent wire format,
 * see the README there) must decode with the current deserializer into the current classes, with defaults for the
 * fields the old writer did not have.
 */
class SchemaEvolutionTest {

    private static final Path V0 = Path.of("src/test/resources/payloads/v0");
    private static final Instant SOLD = Instant.parse("2024-11-29T18:45:12.345Z");

    private final Map<String, Schema> v0 = SchemaFiles.parseAll(V0);
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry()
            .put(1001, "transactions.raw-value", v0.get("Transaction"))
            .put(1002, "transactions.features-value", v0.get("TransactionFeatures"))
            .put(1003, "transactions.labels-value", v0.get("FraudLabel"));

    private static Transaction groceriesAsWrittenInV0() {
        return Transaction.newBuilder()
                .setTransactionId("txn-2024-000017")
                .setCardToken("ct_9f86d081884c7d659a2feaa0c55ad015")
                .setCardBin("535522")
                .setCardLast4("4242")
                .setMerchantId("m-grocer-7")
                .setTerminalId("t-03")
                .setMerchantCategoryCode("5411")
                .setMerchantCountry("DE")
                .setAmountMinor(12_999L)
                .setCurrency("EUR")
                .setEventTime(SOLD)
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP)
                .setLatitude(52.52)
                .setLongitude(13.405)
                .setIpAddress(null)
                .setSource("replay")
                .build();
    }

    @Test
    void shouldKeepPayloadsInConfluentWireFormat() throws IOException {
        byte[] bytes = Files.readAllBytes(V0.resolve("transaction-v0-id1001.bin"));

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1001);
    }

    @Test
    void shouldHaveWrittenPayloadsWithAnOlderSchemaThanTheCurrentOne() {
        assertThat(v0.get("Transaction").getField("deviceId")).isNull();
        assertThat(Transaction.getClassSchema().getField("deviceId")).isNotNull();
    }

    @Test
    void shouldDecodeV0TransactionWithDefaultsForNewFields() throws IOException {
        // Given
        byte[] bytes = Files.readAllBytes(V0.resolve("transaction-v0-id1001.bin"));

        // When
        Transaction txn =
                new AvroDeserializer<>(registry, Transaction.class, false).deserialize("transactions.raw", bytes);

        // Then
        assertThat(txn).isEqualTo(groceriesAsWrittenInV0());
        assertThat(txn.getDeviceId()).isNull();
        assertThat(txn.getIngestTime()).isNull();
    }

    @Test
    void shouldDecodeV0FeaturesWithNestedV0Transaction() throws IOException {
        // Given
        byte[] bytes = Files.readAllBytes(V0.resolve("transaction-features-v0-id1002.bin"));

        // When
        TransactionFeatures features = new AvroDeserializer<>(registry, TransactionFeatures.class, false)
                .deserialize("transactions.features", bytes);

        // Then
        assertThat(features.getTransaction()).isEqualTo(groceriesAsWrittenInV0());
        assertThat(features.getFeatureSetVersion()).isEqualTo("fs-1");
        assertThat(features.getEventTime()).isEqualTo(SOLD);
        assertThat(features.getCardTxnCount1h()).isEqualTo(3);
        assertThat(features.getCardAmountSum1h()).isEqualTo(25_498L);
        assertThat(features.getCardAmountMean24h()).isEqualTo(4_210.5);
        assertThat(features.getSecondsSinceLastTxn()).isEqualTo(612.0);
        assertThat(features.getAmountZScore()).isEqualTo(2.75);
        assertThat(features.getHourOfDay()).isEqualTo(18);
        assertThat(features.getIsNight()).isFalse();
        assertThat(features.getIsWeekend()).isFalse();
        assertThat(features.getMerchantTxnCount1d()).isEqualTo(140);
        assertThat(features.getMerchantFraudShareDelayed30d())
                .as("added after v0, default null")
                .isNull();
        assertThat(features.getMerchantFraudLabels7d())
                .as("added after v0, default 0")
                .isZero();
        assertThat(features.getOutOfOrder()).as("added after v0, default false").isFalse();
    }

    @Test
    void shouldDecodeV0FraudLabelWithDefaultsForNewFields() throws IOException {
        // Given
        byte[] bytes = Files.readAllBytes(V0.resolve("fraud-label-v0-id1003.bin"));

        // When
        FraudLabel label =
                new AvroDeserializer<>(registry, FraudLabel.class, false).deserialize("transactions.labels", bytes);

        // Then
        assertThat(label)
                .isEqualTo(FraudLabel.newBuilder()
                        .setTransactionId("txn-2024-000017")
                        .setCardToken("ct_9f86d081884c7d659a2feaa0c55ad015")
                        .setMerchantId("m-grocer-7")
                        .setTransactionTime(SOLD)
                        .setLabelTime(Instant.parse("2024-12-16T10:00:00Z"))
                        .setVerdict(Verdict.FRAUD)
                        .setSource(LabelSource.CHARGEBACK)
                        .setFraudType("counterfeit")
                        .setNote(null)
                        .setTerminalId(null)
                        .build());
        assertThat(label.getTerminalId()).as("added after v0, default null").isNull();
    }
}
