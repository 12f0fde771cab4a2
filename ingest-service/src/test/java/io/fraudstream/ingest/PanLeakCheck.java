package io.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Proves that no card number reached Kafka: reads every record of the given catalogue topics from the beginning
 * to their current end (read_committed), and runs {@link PanDetector} over
 * <ul>
 *   <li>the raw bytes of each key, value and header (Avro binary: strings are stored as plain bytes), and</li>
 *   <li>the decoded value rendered as JSON text ({@code SpecificRecord.toString()}, which writes logical
 *   timestamps as ISO-8601, so epoch milliseconds do not look like 13-digit card numbers) and the key as text.</li>
 * </ul>
 * Usage, from any ingest test (HTTP, replay, generator):
 * <pre>{@code
 * Map<String, Integer> checked = PanLeakCheck.assertNoPan(bootstrap, catalogue,
 *         Set.of(TopicCatalogue.TRANSACTIONS_RAW, TopicCatalogue.TRANSACTIONS_LABELS));
 * assertThat(checked.get("transactions.raw")).isPositive();
 * }</pre>
 * Fails with the topic, partition and offset of every offending record (never the record itself).
 */
public final class PanLeakCheck {

    private PanLeakCheck() {}

    /** One finding: where, and in which rendering. */
    public record Leak(String topic, int partition, long offset, String where) {}

    /**
     * Asserts that no record of the topics with the given catalogue ids holds a PAN-like number.
     *
     * @return records checked per topic name (so the caller can assert the check saw its records)
     */
    public static Map<String, Integer> assertNoPan(
            String bootstrapServers, TopicCatalogue catalogue, Set<String> topicIds) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Leak> leaks = scan(bootstrapServers, catalogue, topicIds, counts);
        assertThat(leaks)
                .as("records holding something that looks like a card number")
                .isEmpty();
        return counts;
    }

    /** Asserts it for every topic of the catalogue. */
    public static Map<String, Integer> assertNoPanAnywhere(String bootstrapServers, TopicCatalogue catalogue) {
        return assertNoPan(bootstrapServers, catalogue, Set.copyOf(TopicCatalogue.IDS));
    }

    /** The findings, without asserting; {@code counts} receives records checked per topic. */
    public static List<Leak> scan(
            String bootstrapServers, TopicCatalogue catalogue, Set<String> topicIds, Map<String, Integer> counts) {
        List<Leak> leaks = new ArrayList<>();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String id : topicIds) {
                TopicSpec<?, ?> spec = catalogue.byId(id);
                List<TopicPartition> parts = consumer.partitionsFor(spec.name(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .collect(Collectors.toList());
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                int n = 0;
                Instant deadline = Instant.now().plusSeconds(120);
                while (!reachedEnd(consumer, end)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("could not read " + spec.name() + " to its end within 120 s");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        n++;
                        check(spec, r, leaks);
                    }
                }
                counts.put(spec.name(), n);
            }
        }
        return leaks;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private static boolean isTraceTime(Header h) {
        if (!TraceHeaders.KEYS.contains(h.key())) {
            return false;
        }
        RecordHeaders one = new RecordHeaders(new Header[] {h});
        return TraceHeaders.read(one, h.key(), System.currentTimeMillis()).present();
    }

    private static void check(TopicSpec<?, ?> spec, ConsumerRecord<byte[], byte[]> r, List<Leak> leaks) {
        if (PanDetector.containsPanLike(r.key())) leaks.add(leak(r, "key bytes"));
        if (PanDetector.containsPanLike(r.value())) leaks.add(leak(r, "value bytes"));
        for (Header h : r.headers()) {
            if (isTraceTime(h)) {
                continue; // decimal epoch milliseconds: 13 digits, and a plausible time, not a card number
            }
            if (PanDetector.containsPanLike(h.value()) || PanDetector.containsPanLike(h.key())) {
                leaks.add(leak(r, "header " + h.key()));
            }
        }
        if (r.key() != null && PanDetector.containsPanLike(new String(r.key(), StandardCharsets.UTF_8))) {
            leaks.add(leak(r, "key text"));
        }
        if (r.value() != null) {
            Object decoded;
            try {
                decoded = spec.valueSerde().deserializer().deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                leaks.add(leak(
                        r,
                        "value not decodable as " + spec.id() + " ("
                                + e.getClass().getSimpleName() + ")"));
                return;
            }
            if (decoded != null && PanDetector.containsPanLike(decoded.toString())) {
                leaks.add(leak(r, "decoded value JSON"));
            }
        }
    }

    private static Leak leak(ConsumerRecord<?, ?> r, String where) {
        return new Leak(r.topic(), r.partition(), r.offset(), where);
    }
}
