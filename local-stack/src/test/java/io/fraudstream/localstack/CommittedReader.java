package io.fraudstream.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code read_committed} consumer of one topic from the beginning, for integration tests that count what a
 * transactional (exactly-once) application committed: values, keys, partitions and append timestamps in arrival
 * order. {@link #awaitTotal} waits with a deadline for a count and fails on more; {@link #drain} shows what arrives
 * after that (duplicates would).
 */
public final class CommittedReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Deserializer<V> deserializer;
    private final Duration deadline;
    public final List<V> values = new ArrayList<>();
    public final List<String> keys = new ArrayList<>();
    public final List<Integer> partitions = new ArrayList<>();
    public final List<Long> timestamps = new ArrayList<>();

    /** Subscribes to {@code topic} on {@code bootstrapServers} with a fresh group, from the earliest offset. */
    public CommittedReader(String bootstrapServers, String topic, Deserializer<V> deserializer, Duration deadline) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.deserializer = deserializer;
        this.deadline = deadline;
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code total} records arrived in all, failing after the deadline or on more; returns all so far. */
    public List<V> awaitTotal(int total) {
        await().atMost(deadline).untilAsserted(() -> {
            poll(Duration.ofMillis(200));
            assertThat(values.size()).as("committed records on %s", topic).isGreaterThanOrEqualTo(total);
        });
        assertThat(values).as("no more than %d records on %s", total, topic).hasSize(total);
        return List.copyOf(values);
    }

    /** Polls until at least {@code total} records arrived in all; returns all so far (more are allowed). */
    public List<V> awaitAtLeast(int total) {
        await().atMost(deadline).untilAsserted(() -> {
            poll(Duration.ofMillis(200));
            assertThat(values.size()).as("committed records on %s", topic).isGreaterThanOrEqualTo(total);
        });
        return List.copyOf(values);
    }

    /**
     * Reads until a poll of {@code quiet} brings nothing (use it once the producers are known to be done, e.g. after
     * their consumer lag reached zero); returns all so far.
     */
    public List<V> readUntilQuiet(Duration quiet) {
        long until = System.nanoTime() + deadline.toNanos();
        int before;
        do {
            before = values.size();
            poll(quiet);
            if (System.nanoTime() > until) {
                throw new AssertionError("records kept arriving on " + topic + " for " + deadline + " (" + values.size() + " so far)");
            }
        } while (values.size() > before);
        return List.copyOf(values);
    }

    /** What arrives in one more poll of {@code timeout} after everything expected was read. */
    public List<V> drain(Duration timeout) {
        int before = values.size();
        poll(timeout);
        return List.copyOf(values.subList(before, values.size()));
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            keys.add(r.key());
            partitions.add(r.partition());
            timestamps.add(r.timestamp());
            values.add(deserializer.deserialize(topic, r.headers(), r.value()));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
