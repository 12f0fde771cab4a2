package io.fraudstream.ingest.http;

import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic (read_committed) from the beginning to its end, decoding values with the catalogue serde. */
final class TopicReader {
    private TopicReader() {}

    record Read<V>(ConsumerRecord<byte[], byte[]> raw, V value) {}

    static <V> List<Read<V>> readAll(String bootstrap, TopicSpec<?, V> spec) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<Read<V>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(spec.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Instant deadline = Instant.now().plusSeconds(60);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) throw new AssertionError("could not read " + spec.name());
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new Read<>(r, spec.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                }
            }
        }
        return out;
    }

    static <V> Map<String, List<Read<V>>> byId(Collection<Read<V>> reads, Function<V, CharSequence> id) {
        Map<String, List<Read<V>>> m = new java.util.HashMap<>();
        for (Read<V> r : reads)
            m.computeIfAbsent(id.apply(r.value()).toString(), k -> new ArrayList<>())
                    .add(r);
        return m;
    }
}
