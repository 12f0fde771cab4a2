package io.fraudstream.benchmarks;

import io.fraudstream.schemas.topics.TraceHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of an output topic, and optionally of a dead-letter topic, from the beginning
 * ({@code read_committed}, no consumer group), identifying each record by the transaction id in its value. The raw
 * append time a record carries is its {@link TraceHeaders#RAW_APPEND_MS} header if it has one, else what its value
 * says (the scored record's {@code rawAppendTime}), else unknown (-1).
 */
final class OutputReader implements AutoCloseable {

    /** What an output value says: its transaction id (null if none) and the raw append time it carries (-1 if none). */
    record Identified(String id, long rawAppendMillis) {
        static Identified id(String id) {
            return new Identified(id, -1);
        }
    }

    /** A phase ends when nothing new arrived for this long after its producer finished. */
    static final Duration STALL = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Function<byte[], Identified>> idOf;
    private final String deadLetterTopic;

    private OutputReader(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<String, Function<byte[], Identified>> idOf,
            String deadLetterTopic) {
        this.consumer = consumer;
        this.idOf = idOf;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Reads {@code topic}, and {@code deadLetterTopic} unless null. */
    static OutputReader open(
            String kafka,
            String topic,
            Function<byte[], Identified> idOf,
            String deadLetterTopic,
            Function<byte[], Identified> deadLetterIdOf) {
        Map<String, Function<byte[], Identified>> ids = new HashMap<>(Map.of(topic, idOf));
        if (deadLetterTopic != null) {
            ids.put(deadLetterTopic, deadLetterIdOf);
        }
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = ids.keySet().stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return new OutputReader(consumer, ids, deadLetterTopic);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Reads until every id in {@code expected} came out (either topic), or, once {@code producing} is false,
     * {@code drain} has passed or nothing new arrived for {@link #STALL}. Records of other ids are skipped.
     */
    Observed collect(Set<String> expected, BooleanSupplier producing, Duration drain) {
        Observed o = new Observed();
        long lastProgress = System.nanoTime();
        long produced = Long.MAX_VALUE;
        while (o.size() < expected.size()) {
            var records = consumer.poll(Duration.ofMillis(100));
            long received = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Identified out = idOf.get(r.topic()).apply(r.value());
                long rawAppend = TraceHeaders.get(r.headers(), TraceHeaders.RAW_APPEND_MS)
                        .orElse(out.rawAppendMillis());
                if (expected.contains(out.id())
                        && o.add(
                                out.id(),
                                r.timestamp(),
                                received,
                                rawAppend,
                                r.topic().equals(deadLetterTopic))) {
                    lastProgress = System.nanoTime();
                }
            }
            long now = System.nanoTime();
            if (producing.getAsBoolean()) {
                lastProgress = now;
            } else {
                produced = Math.min(produced, now);
                if (now - lastProgress > STALL.toNanos() || now - produced > drain.toNanos()) {
                    break;
                }
            }
        }
        return o;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
