package io.fraudstream.inprocess;

import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts, from now on, the committed scored transactions that the generator made fraudulent ({@link Traffic.Truth})
 * and how many of them were alerted (REVIEW or DECLINE): the demo's "fraud caught". A background consumer thread;
 * close it to stop.
 */
public final class ScoredTally implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final SchemaRegistryClient registry;
    private final Thread thread;
    private final AtomicLong fraudScored = new AtomicLong();
    private final AtomicLong fraudCaught = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();

    private ScoredTally(
            KafkaConsumer<String, byte[]> consumer, SchemaRegistryClient registry, String topic, Traffic.Truth truth) {
        this.consumer = consumer;
        this.registry = registry;
        Deserializer<ScoredTransaction> deserializer = AvroSerdes.create(registry, false)
                .forValue(ScoredTransaction.class)
                .deserializer();
        consumer.subscribe(List.of(topic));
        thread = Thread.ofPlatform().name("scored-tally").daemon().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        ScoredTransaction s = deserializer.deserialize(r.topic(), r.headers(), r.value());
                        scored.incrementAndGet();
                        if (truth.isFraud(s.getTransactionId())) {
                            fraudScored.incrementAndGet();
                            if (s.getDecision() == Decision.REVIEW || s.getDecision() == Decision.DECLINE) {
                                fraudCaught.incrementAndGet();
                            }
                        }
                    }
                }
            } catch (WakeupException closing) {
                // close() woke the consumer
            } finally {
                consumer.close();
            }
        });
    }

    /** Starts counting records of {@code topic} appended from now on. */
    public static ScoredTally start(String bootstrapServers, String registryUrl, String topic, Traffic.Truth truth) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "tally-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new ScoredTally(
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer()),
                SchemaRegistryClient.builder(registryUrl).build(),
                topic,
                truth);
    }

    public long scored() {
        return scored.get();
    }

    public long fraudScored() {
        return fraudScored.get();
    }

    public long fraudCaught() {
        return fraudCaught.get();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
        registry.close();
    }
}
