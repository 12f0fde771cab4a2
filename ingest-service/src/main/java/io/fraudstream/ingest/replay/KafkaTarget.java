package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.runtime.topics.ServiceTopics;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka side of a bulk run (replay, generator, benchmarks): schema registry client, topic catalogue and an
 * {@link IngestPublisher} tuned for throughput rather than for an HTTP request's latency bound (long delivery and
 * blocking timeouts, 20 ms linger; every {@code producer.*} key still wins). Topics are provisioned first when
 * {@code topics.provision} is true. Close it to flush and release everything.
 */
public final class KafkaTarget implements AutoCloseable {
    private final SchemaRegistryClient registry;
    private final TopicCatalogue catalogue;
    private final IngestPublisher publisher;

    private KafkaTarget(SchemaRegistryClient registry, TopicCatalogue catalogue, IngestPublisher publisher) {
        this.registry = registry;
        this.catalogue = catalogue;
        this.publisher = publisher;
    }

    /** Connects as {@code config} says. */
    public static KafkaTarget open(IngestConfig config) {
        ServiceTopics topics = ServiceTopics.open(config, config.autoRegisterSchemas());
        try {
            return new KafkaTarget(
                    topics.registry(),
                    topics.catalogue(),
                    new IngestPublisher(topics.catalogue(), bulkProducerProps(config), null));
        } catch (RuntimeException e) {
            topics.close();
            throw e;
        }
    }

    /** Producer settings for bulk runs. */
    static Map<String, Object> bulkProducerProps(IngestConfig config) {
        Map<String, Object> p = new LinkedHashMap<>(config.producerProps());
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000L);
        p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-bulk");
        return p;
    }

    /** The catalogue in use. */
    public TopicCatalogue catalogue() {
        return catalogue;
    }

    /** The publisher. */
    public IngestPublisher publisher() {
        return publisher;
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
