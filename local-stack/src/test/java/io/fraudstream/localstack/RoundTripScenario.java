package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The serde round trip the integration tests run against a real broker and registry (the local stack, or
 * Confluent's images under Testcontainers): produce a Transaction with the project's serializer, read it back with
 * the deserializer, and read the raw bytes to check the Confluent wire format.
 */
final class RoundTripScenario {
    private final String bootstrapServers;
    private final String registryUrl;

    RoundTripScenario(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    static Transaction transaction(String id) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken("tok_3f9a1c")
                .setCardBin("411111")
                .setCardLast4("1111")
                .setMerchantId("m-coffee-042")
                .setMerchantCategoryCode("5814")
                .setMerchantCountry("NL")
                .setAmountMinor(1_250L)
                .setCurrency("EUR")
                .setEventTime(Instant.parse("2026-11-20T08:15:30.123Z"))
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CONTACTLESS)
                .setLatitude(52.3676)
                .setLongitude(4.9041)
                .build();
    }

    /** Runs the round trip on {@code topic} and checks everything; returns the schema id found in the bytes. */
    int run(String topic) throws Exception {
        Transaction sent = transaction("tx-" + UUID.randomUUID());
        try (SchemaRegistryClient registry =
                SchemaRegistryClient.builder(registryUrl).build()) {
            Serde<Transaction> serde = AvroSerdes.create(registry, true).forValue(Transaction.class);
            try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    serde.serializer())) {
                producer.send(new ProducerRecord<>(topic, sent.getCardToken(), sent))
                        .get();
            }

            // Typed read with the project's deserializer.
            List<ConsumerRecord<String, Transaction>> typed =
                    readAll(topic, new StringDeserializer(), serde.deserializer());
            assertThat(typed).extracting(ConsumerRecord::value).contains(sent);

            // Raw read: magic byte 0, then the 4-byte big-endian id the registry gave the subject, then Avro binary.
            List<ConsumerRecord<String, byte[]>> raw =
                    readAll(topic, new StringDeserializer(), new ByteArrayDeserializer());
            byte[] bytes = raw.stream()
                    .filter(r -> typed.stream()
                            .anyMatch(t -> t.offset() == r.offset()
                                    && t.partition() == r.partition()
                                    && sent.equals(t.value())))
                    .findFirst()
                    .orElseThrow()
                    .value();
            int registeredId = registry.latest(topic + "-value").id();
            assertThat(bytes[0]).as("magic byte").isZero();
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                    .as("schema id, big-endian")
                    .isEqualTo(registeredId);
            assertThat(registry.getById(registeredId)).isEqualTo(Transaction.getClassSchema());
            byte[] avro = java.util.Arrays.copyOfRange(bytes, 5, bytes.length);
            org.apache.avro.specific.SpecificDatumReader<Transaction> reader =
                    new org.apache.avro.specific.SpecificDatumReader<>(Transaction.class);
            Transaction decoded =
                    reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(avro, null));
            assertThat(decoded)
                    .as("the payload after the 5-byte header is plain Avro binary")
                    .isEqualTo(sent);
            return registeredId;
        }
    }

    /** Reads every record of {@code topic} up to the end offsets seen when it starts. */
    private <V> List<ConsumerRecord<String, V>> readAll(
            String topic, StringDeserializer keys, org.apache.kafka.common.serialization.Deserializer<V> values) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                keys,
                values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(Instant.now())
                        .as("read %s to its end offsets %s", topic, end)
                        .isBefore(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
