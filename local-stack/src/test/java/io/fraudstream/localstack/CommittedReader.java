package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A {@code read_committed} consumer of one topic from the beginning, for integration tests that count what a
 * transactional (exactly-once) application committed: values, keys, partitions and append timestamps in arrival
 * order. {@link #awaitTotal} waits with a deadline for a count and fails on more; {@link #drain} shows what arrives
 * after that (duplicates would).
 */
public final class CommittedReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrapServers;
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
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.deserializer = deserializer;
        this.deadline = deadline;
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code total} records arrived in all, failing after the deadline or on more; returns all so far. */
    public List<V> awaitTotal(int total) {
        awaitCount(total);
        assertThat(values).as("no more than %d records on %s", total, topic).hasSize(total);
        return List.copyOf(values);
    }

    /** Polls until at least {@code total} records arrived in all; returns all so far (more are allowed). */
    public List<V> awaitAtLeast(int total) {
        awaitCount(total);
        return List.copyOf(values);
    }

    private void awaitCount(int total) {
        try {
            await().atMost(deadline).until(() -> {
                poll(Duration.ofMillis(200));
                return values.size() >= total;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "expected at least " + total + " committed records on " + topic + " within " + deadline + ", read "
                            + values.size() + "; " + offsets(),
                    e);
        }
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
                throw new AssertionError(
                        "records kept arriving on " + topic + " for " + deadline + " (" + values.size() + " so far)");
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

    /**
     * Per partition: this reader's position, the last stable offset and the high watermark. A last stable offset
     * below the high watermark that does not move is an open (or hanging) transaction.
     */
    private String offsets() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> stable = consumer.endOffsets(assigned); // read_committed: the last stable offset
        Map<TopicPartition, Long> high = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            assigned.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> high.put(tp, info.offset()));
        } catch (Exception e) {
            return "offsets unknown: " + e;
        }
        StringBuilder b = new StringBuilder("position/last stable offset/high watermark:");
        assigned.stream()
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .forEach(tp -> b.append(" p")
                        .append(tp.partition())
                        .append(' ')
                        .append(consumer.position(tp))
                        .append('/')
                        .append(stable.get(tp))
                        .append('/')
                        .append(high.get(tp)));
        return b.toString();
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
