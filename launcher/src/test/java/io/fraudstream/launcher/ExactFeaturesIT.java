package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.benchmarks.QualityBench;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.inprocess.Traffic;
import io.fraudstream.localstack.CommittedReader;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exactness rule: a transaction's features are a function of the input records alone, not of consumption speed,
 * partition count, instances or when the stream started. One generated history (fraud scenarios, labels days late,
 * duplicates), written before any stream starts (a backlog), goes through the feature stream once on 1 partition
 * with one instance and once on 6 partitions with two instances, one of them stopped and restarted midway; every
 * feature record must be identical, field by field.
 */
@ExtendWith(LocalStackExtension.class)
class ExactFeaturesIT {

    private static final Duration DEADLINE =
            Duration.ofMinutes(10); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static final String CARD_SECRET = "exact-features-test-card-token-secret-0123456789";
    private static final int DUPLICATES = 40;
    private static SchemaRegistryClient registry;

    @org.junit.jupiter.api.BeforeAll
    static void connect(StackState stack) {
        registry = SchemaRegistryClient.builder(stack.registryUrl()).build();
    }

    @org.junit.jupiter.api.AfterAll
    static void disconnect() {
        registry.close();
    }

    @Test
    void shouldComputeIdenticalFeaturesOnOneAndOnSixPartitionsWithTwoInstancesAndARestart(StackState stack)
            throws Exception {
        GeneratorSettings history = Traffic.settings(
                23,
                Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(300)),
                Duration.ofDays(20),
                400,
                6,
                10);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Pipeline.Settings one = settings(stack, "exact1-" + run + "-", 1);
        Pipeline.Settings six = settings(stack, "exact6-" + run + "-", 6);

        // Given the same history written to both sets of topics before any stream starts, plus re-sent duplicates
        Traffic.Truth truth = new Traffic.Truth();
        Traffic.compressed(Pipeline.generatorConfig(one), history, truth, ProgressReporter.none());
        Traffic.compressed(Pipeline.generatorConfig(six), history, new Traffic.Truth(), ProgressReporter.none());
        resendFirst(stack, rawTopic(one), List.of(rawTopic(one), rawTopic(six)), DUPLICATES);
        int expected = truth.transactionIds().size();

        // When one instance reads the 1-partition topics, and two instances the 6-partition ones, one of them
        // stopped and restarted midway
        Map<String, TransactionFeatures> onOne;
        Map<String, TransactionFeatures> onSix;
        try (FeatureStreamService single = start(one, "single")) {
            FeatureStreamService second = null;
            try (FeatureStreamService first = start(six, "first")) {
                second = start(six, "second");
                try (CommittedReader<TransactionFeatures> progress = reader(stack, six)) {
                    progress.awaitAtLeast(expected / 4);
                }
                second.close();
                second = start(six, "second");
                onSix = readAll(stack, six, expected);
            } finally {
                if (second != null) {
                    second.close();
                }
            }
            onOne = readAll(stack, one, expected);
        }

        // Then each transaction comes out once on each side, with the same features
        assertThat(onOne.keySet()).containsExactlyInAnyOrderElementsOf(truth.transactionIds());
        assertThat(onSix.keySet()).containsExactlyInAnyOrderElementsOf(truth.transactionIds());
        List<String> mismatches = new ArrayList<>();
        onOne.forEach((id, f) -> {
            TransactionFeatures g = onSix.get(id);
            if (!f.equals(g)) {
                mismatches.add(id + ": " + QualityBench.differences(f, g));
            }
        });
        System.out.printf(
                "exact features: %d transactions, %d mismatches between 1 and 6 partitions%n",
                expected, mismatches.size());
        assertThat(mismatches)
                .as("feature records that differ between 1 and 6 partitions (of %d)", expected)
                .hasSizeLessThanOrEqualTo(0);
        // and the history exercised the merchant features (not trivially equal)
        assertThat(onOne.values())
                .anySatisfy(f -> assertThat(f.getMerchantTxnCount30d()).isGreaterThan(50));
        assertThat(onOne.values())
                .anySatisfy(f -> assertThat(f.getMerchantFraudShareDelayed30d())
                        .isNotNull()
                        .isPositive());
        assertThat(onOne.values())
                .anySatisfy(f -> assertThat(f.getMerchantFraudLabels7d()).isPositive());
        // and the terminal features, from transactions and labels that carry terminal ids
        assertThat(onOne.values())
                .anySatisfy(
                        f -> assertThat(f.getTerminalTxnCount30d()).isNotNull().isGreaterThan(1));
        assertThat(onOne.values())
                .anySatisfy(f -> assertThat(f.getTerminalFraudShareDelayed30d())
                        .isNotNull()
                        .isPositive());
        assertThat(onOne.values())
                .anySatisfy(f -> assertThat(f.getTerminalTxnCount30d()).isNull());
        assertThat(onOne.values())
                .noneSatisfy(f -> assertThat(f.getOutOfOrder()).isTrue());
    }

    private static Pipeline.Settings settings(StackState stack, String prefix, int partitions) throws Exception {
        Map<String, String> topics = new LinkedHashMap<>();
        for (String id : TopicCatalogue.IDS) {
            topics.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        topics.put(RuntimeConfig.TOPICS_PARTITIONS, String.valueOf(partitions));
        return new Pipeline.Settings(
                stack.bootstrapServers(),
                stack.registryUrl(),
                topics,
                prefix,
                Files.createTempDirectory(prefix + "state"),
                "unused-signing-key-0123456789abcdef",
                Optional.of(CARD_SECRET),
                0,
                Optional.empty(),
                Files.createTempDirectory(prefix + "reports"),
                Map.of("commit.interval.ms", "100"),
                Map.of());
    }

    private static String rawTopic(Pipeline.Settings s) {
        return s.topics().get(RuntimeConfig.topicNameKey(TopicCatalogue.TRANSACTIONS_RAW));
    }

    private static String featuresTopic(Pipeline.Settings s) {
        return s.topics().get(RuntimeConfig.topicNameKey(TopicCatalogue.TRANSACTIONS_FEATURES));
    }

    private static FeatureStreamService start(Pipeline.Settings s, String instance) {
        FeatureStreamService service = FeatureStreamService.start(
                new FeatureStreamConfig(Pipeline.streamsServiceConfig(s, "feature-stream", "features-" + instance)));
        await().atMost(DEADLINE).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
        return service;
    }

    /** Copies the first {@code n} records of {@code from} (partition 0) to the end of each topic of {@code to}. */
    private static void resendFirst(StackState stack, String from, List<String> to, int n) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>();
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p0 = new TopicPartition(from, 0);
            consumer.assign(List.of(p0));
            consumer.seekToBeginning(List.of(p0));
            long until = System.nanoTime() + DEADLINE.toNanos();
            while (first.size() < n && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (first.size() < n) {
                        first.add(r);
                    }
                });
            }
        }
        assertThat(first).hasSize(n);
        Map<String, Object> p = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : to) {
                for (ConsumerRecord<byte[], byte[]> r : first) {
                    producer.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()))
                            .get();
                }
            }
        }
    }

    private static CommittedReader<TransactionFeatures> reader(StackState stack, Pipeline.Settings s) {
        TopicCatalogue topics =
                TopicCatalogue.create(TopicCatalogue.Settings.defaults(), AvroSerdes.create(registry, true));
        return new CommittedReader<>(
                stack.bootstrapServers(),
                featuresTopic(s),
                topics.transactionsFeatures().valueSerde().deserializer(),
                DEADLINE);
    }

    /** Every feature record, by transaction id, once {@code expected} have arrived and nothing more follows. */
    private static Map<String, TransactionFeatures> readAll(StackState stack, Pipeline.Settings s, int expected) {
        try (CommittedReader<TransactionFeatures> reader = reader(stack, s)) {
            reader.awaitAtLeast(expected);
            reader.drain(Duration.ofSeconds(3));
            Map<String, TransactionFeatures> byId = new HashMap<>();
            for (TransactionFeatures f : reader.values) {
                assertThat(byId.put(f.getTransaction().getTransactionId(), f))
                        .as("emitted twice: %s", f.getTransaction().getTransactionId())
                        .isNull();
            }
            return byId;
        }
    }
}
