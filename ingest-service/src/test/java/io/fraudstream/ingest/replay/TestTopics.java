package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fresh, uniquely named topics on the shared local stack for one test (single-partition raw and labels topics, so
 * that their order is the produced order), a publisher on them, and a reader.
 */
public final class TestTopics implements AutoCloseable {
    private final StackState stack;
    private final SchemaRegistryClient registry;
    private final TopicCatalogue catalogue;
    private final IngestPublisher publisher;

    private TestTopics(
            StackState stack, SchemaRegistryClient registry, TopicCatalogue catalogue, IngestPublisher publisher) {
        this.stack = stack;
        this.registry = registry;
        this.catalogue = catalogue;
        this.publisher = publisher;
    }

    /** Creates topics named {@code <prefix>-<random>.<id>}. */
    public static TestTopics create(StackState stack, String prefix, int partitions) {
        String run = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        TopicCatalogue.Settings.Builder settings =
                TopicCatalogue.Settings.builder().defaultPartitions(partitions);
        for (String id : TopicCatalogue.IDS) {
            settings.name(id, run + id);
        }
        SchemaRegistryClient registry =
                SchemaRegistryClient.builder(stack.registryUrl()).build();
        TopicCatalogue catalogue = TopicCatalogue.create(settings.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            new TopicProvisioner(admin)
                    .ensure(List.of(
                            catalogue.transactionsRaw(),
                            catalogue.transactionsLabels(),
                            catalogue.transactionsDlq(),
                            catalogue.referenceMerchants(),
                            catalogue.referenceCards()));
        }
        IngestPublisher publisher = new IngestPublisher(
                catalogue,
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                null);
        return new TestTopics(stack, registry, catalogue, publisher);
    }

    public TopicCatalogue catalogue() {
        return catalogue;
    }

    public IngestPublisher publisher() {
        return publisher;
    }

    /** Every record of a topic, in partition then offset order, values decoded. */
    public <V> List<Read<V>> readAll(TopicSpec<?, V> spec) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<Read<V>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(spec.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            for (TopicPartition p : parts) {
                c.assign(List.of(p));
                c.seekToBeginning(List.of(p));
                long end = c.endOffsets(List.of(p)).get(p);
                Instant deadline = Instant.now().plusSeconds(60);
                while (c.position(p) < end) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("could not read " + p + " to offset " + end);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        out.add(new Read<>(
                                r.partition(),
                                r.offset(),
                                r.timestamp(),
                                r.key(),
                                spec.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                    }
                }
            }
        }
        return out;
    }

    /** One record read back. */
    public record Read<V>(int partition, long offset, long timestamp, byte[] key, V value) {}

    /** Bootstrap servers of the stack. */
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            publisher.close();
        } finally {
            registry.close();
        }
    }
}
