package io.fraudstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.schemas.TestRecords;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.FakeRegistryServer;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldRoundTripValuesThroughCatalogueSerdes() {
        // Given
        TopicCatalogue topics =
                TopicCatalogue.create(TopicCatalogue.Settings.defaults(), AvroSerdes.create(registry, true));
        Serde<Transaction> serde = topics.transactionsRaw().valueSerde();
        Transaction coffee = TestRecords.coffee().build();

        // When
        byte[] bytes = serde.serializer().serialize("transactions.raw", coffee);
        Transaction back = serde.deserializer().deserialize("transactions.raw", bytes);

        // Then
        assertThat(back).isEqualTo(coffee);
        assertThat(registry.latest("transactions.raw-value").schema()).isEqualTo(Transaction.getClassSchema());
    }

    @Test
    void shouldUseKeySubjectForKeySerde() {
        AvroSerde<FraudLabel> serde = AvroSerdes.create(registry, true).forKey(FraudLabel.class);

        byte[] bytes =
                serde.serializer().serialize("t", TestRecords.chargeback().build());

        assertThat(serde.deserializer().deserialize("t", bytes))
                .isEqualTo(TestRecords.chargeback().build());
        assertThat(registry.latest("t-key").schema()).isEqualTo(FraudLabel.getClassSchema());
    }

    @Test
    void shouldBeSafeToShareAcrossThreads() throws Exception {
        // Given
        AvroSerde<Transaction> serde = AvroSerdes.create(registry, true).forValue(Transaction.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // When
            List<Future<List<Transaction>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Transaction> out = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        Transaction txn = TestRecords.coffee()
                                .setTransactionId(thread + "-" + i)
                                .setAmountMinor(i)
                                .build();
                        out.add(serde.deserializer()
                                .deserialize("x", serde.serializer().serialize("x", txn)));
                    }
                    return out;
                }));
            }

            // Then
            for (int t = 0; t < 4; t++) {
                List<Transaction> out = results.get(t).get();
                for (int i = 0; i < out.size(); i++) {
                    assertThat(out.get(i).getTransactionId()).isEqualTo(t + "-" + i);
                    assertThat(out.get(i).getAmountMinor()).isEqualTo(i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldConfigureByClassNameFromKafkaProperties() throws Exception {
        // Given a registry that assigns id 5 and serves it back
        try (FakeRegistryServer server = new FakeRegistryServer()) {
            server.on("POST", "/subjects/transactions.labels-value/versions", 200, "{\"id\":5}");
            server.on(
                    "GET",
                    "/schemas/ids/5",
                    200,
                    new ObjectMapper()
                            .createObjectNode()
                            .put("schema", FraudLabel.getClassSchema().toString())
                            .toString());
            Map<String, Object> config = Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url(),
                    AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "true",
                    AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, FraudLabel.class.getName());

            // When
            byte[] bytes;
            FraudLabel back;
            try (Serializer<FraudLabel> serializer = newInstance(AvroSerializer.class);
                    Deserializer<FraudLabel> deserializer = newInstance(AvroDeserializer.class)) {
                serializer.configure(config, false);
                deserializer.configure(config, false);
                bytes = serializer.serialize(
                        "transactions.labels", TestRecords.chargeback().build());
                back = deserializer.deserialize("transactions.labels", bytes);
            }

            // Then
            assertThat(bytes).startsWith(0, 0, 0, 0, 5);
            assertThat(back).isEqualTo(TestRecords.chargeback().build());
            assertThat(server.requests())
                    .extracting(FakeRegistryServer.Request::path)
                    .containsExactly("/subjects/transactions.labels-value/versions", "/schemas/ids/5");
        }
    }

    @Test
    void shouldConfigureSerdeByClassName() {
        try (AvroSerde<FraudLabel> serde = new AvroSerde<>()) {
            serde.configure(
                    Map.of(
                            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                            "http://127.0.0.1:1",
                            AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE,
                            FraudLabel.class),
                    true);

            assertThat(serde.serializer()).isInstanceOf(AvroSerializer.class);
            assertThat(serde.deserializer()).isInstanceOf(AvroDeserializer.class);
        }
    }

    @Test
    void shouldRejectMissingRegistryUrl() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRejectMissingOrWrongRecordType() {
        Map<String, String> noType = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1");
        Map<String, String> wrongType = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://127.0.0.1:1",
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                String.class.getName());

        assertThatThrownBy(() -> new AvroDeserializer<>().configure(noType, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.value.type");
        assertThatThrownBy(() -> new AvroDeserializer<>().configure(wrongType, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("SpecificRecord");
    }

    @Test
    void shouldRejectInvalidAutoRegisterFlag() {
        assertThatThrownBy(() -> new AvroSerializer<>()
                        .configure(
                                Map.of(
                                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                                        "http://127.0.0.1:1",
                                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                                        "yes"),
                                false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @SuppressWarnings("unchecked")
    private static <T> T newInstance(Class<?> type) throws ReflectiveOperationException {
        return (T) type.getDeclaredConstructor().newInstance();
    }
}
