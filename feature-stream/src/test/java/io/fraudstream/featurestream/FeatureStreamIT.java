package io.fraudstream.featurestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.localstack.Acknowledged;
import io.fraudstream.localstack.ChildJvm;
import io.fraudstream.localstack.CommittedReader;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The feature stream on the real local stack: exactly-once end to end, two instances splitting the partitions, and a
 * kill -9 followed by a restart. Each test uses its own topics and application id. Expected features come from the
 * same records run through TopologyTestDriver ({@link Workload} explains why that is exact).
 */
@ExtendWith(LocalStackExtension.class)
class FeatureStreamIT {

    private static final Duration DEADLINE =
            Duration.ofSeconds(300); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static StackState stack;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void connect(StackState state) {
        stack = state;
        registry = SchemaRegistryClient.builder(state.registryUrl()).build();
    }

    @AfterAll
    static void disconnect() throws Exception {
        registry.close();
    }

    /** A catalogue with topics of its own, created on the broker. */
    private static TopicCatalogue isolatedTopics(String suffix) {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder();
        for (String id : TopicCatalogue.IDS) {
            b.name(id, id + "-" + suffix);
        }
        TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(topics.all());
        }
        return topics;
    }

    private static Map<String, String> config(TopicCatalogue topics, String appId, Path stateDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("service.name", appId);
        c.put("topics.provision", "false");
        for (String id : TopicCatalogue.IDS) {
            c.put("topics." + id + ".name", topics.byId(id).name());
        }
        c.put("streams.state.dir", stateDir.toString());
        c.put("streams.commit.interval.ms", "200");
        // the workload sends some transactions up to 10 minutes behind their partition's latest: within the lateness
        // bound, the merchant stage applies them in order, as TopologyTestDriver (one partition, all held) does
        c.put(FeatureStreamConfig.WATERMARK_LATENESS, String.valueOf(Workload.MAX_DISORDER.toMillis()));
        // and the tests pause between batches: a task idle during a pause stops being waited for, and a transaction of
        // the next batch up to 10 minutes behind would then be late (flagged); no pause here lasts 10 s
        c.put(FeatureStreamConfig.WATERMARK_IDLE, "10000");
        return c;
    }

    private static FeatureStreamService startInProcess(Map<String, String> config) {
        FeatureStreamService service = FeatureStreamService.start(new FeatureStreamConfig(config));
        await().atMost(DEADLINE).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private static void produce(TopicCatalogue topics, List<Workload.Item> items) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
        var serializer = topics.transactionsRaw().valueSerde().serializer();
        String topic = topics.transactionsRaw().name();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(items.size());
        for (Workload.Item item : items) {
            records.add(new ProducerRecord<>(
                    topic, item.key(), item.tx() != null ? serializer.serialize(topic, item.tx()) : item.bytes()));
        }
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            Acknowledged.send(producer, records);
        }
    }

    /** The features TopologyTestDriver computes for {@code items}, by transaction id. */
    private static Map<String, TransactionFeatures> expected(List<Workload.Item> items) {
        Map<String, TransactionFeatures> out = new HashMap<>();
        try (FeatureDriver d = new FeatureDriver()) {
            for (Workload.Item item : items) {
                if (item.tx() != null) {
                    d.raw.pipeInput(item.key(), item.tx());
                } else {
                    d.rawBytes.pipeInput(item.key(), item.bytes());
                }
            }
            for (TransactionFeatures f : d.features.readValuesToList()) {
                assertThat(out.put(f.getTransaction().getTransactionId(), f))
                        .as("TTD emits each id once")
                        .isNull();
            }
        }
        return out;
    }

    /** Reads {@code topic} with read_committed until {@code count} records arrived, then what a further poll brings. */
    private static <V> List<V> readCommitted(
            String topic, org.apache.kafka.common.serialization.Deserializer<V> deserializer, int count) {
        try (CommittedReader<V> reader =
                new CommittedReader<>(stack.bootstrapServers(), topic, deserializer, DEADLINE)) {
            reader.awaitAtLeast(count);
            reader.drain(Duration.ofSeconds(
                    2)); // nothing more arrives (no duplicates) after the stream committed everything
            return List.copyOf(reader.values);
        }
    }

    private static void assertExactly(TopicCatalogue topics, Workload w) {
        assertExactly(topics, w, 0);
    }

    /** Features exactly as TopologyTestDriver computes them; dead letters: the workload's plus {@code otherDeadLetters}. */
    private static void assertExactly(TopicCatalogue topics, Workload w, int otherDeadLetters) {
        Map<String, TransactionFeatures> expected = expected(w.items);
        List<TransactionFeatures> actual = readCommitted(
                topics.transactionsFeatures().name(),
                topics.transactionsFeatures().valueSerde().deserializer(),
                expected.size());
        Map<String, TransactionFeatures> byId = new HashMap<>();
        for (TransactionFeatures f : actual) {
            assertThat(byId.put(f.getTransaction().getTransactionId(), f))
                    .as("duplicate output for %s", f.getTransaction().getTransactionId())
                    .isNull();
        }
        assertThat(byId.keySet()).isEqualTo(expected.keySet());
        expected.forEach(
                (id, f) -> assertThat(byId.get(id)).as("features of %s", id).isEqualTo(f));
        int deadLetters = w.invalid + w.garbage;
        List<DeadLetter> letters = readCommitted(
                topics.transactionsDlq().name(),
                topics.transactionsDlq().valueSerde().deserializer(),
                deadLetters + otherDeadLetters);
        assertThat(letters).hasSize(deadLetters + otherDeadLetters);
        assertThat(expected.size() + deadLetters + w.duplicates)
                .as("in = out + DLQ + duplicates")
                .isEqualTo(w.items.size());
    }

    @Test
    void shouldEmitEveryTransactionExactlyOnceWithTheExpectedFeatures() throws Exception {
        TopicCatalogue topics = isolatedTopics("eos");
        Workload w = Workload.generate(11, 3_000, 80, 3, Duration.ofDays(5), true);
        try (FeatureStreamService service =
                startInProcess(config(topics, "fs-it-eos", Files.createTempDirectory("fs-eos")))) {
            produce(topics, w.items);
            assertExactly(topics, w);
        }
    }

    @Test
    void shouldSplitPartitionsBetweenTwoInstancesAndProduceWhatOneWould() throws Exception {
        TopicCatalogue topics = isolatedTopics("scale");
        Workload w = Workload.generate(12, 3_000, 80, 3, Duration.ofDays(5), true);
        String app = "fs-it-scale";
        try (FeatureStreamService a = startInProcess(config(topics, app, Files.createTempDirectory("fs-a")));
                FeatureStreamService b = startInProcess(config(topics, app, Files.createTempDirectory("fs-b")))) {
            await().atMost(DEADLINE)
                    .until(() -> activeTasks(a) > 0
                            && activeTasks(b) > 0
                            && a.streams().state() == KafkaStreams.State.RUNNING
                            && b.streams().state() == KafkaStreams.State.RUNNING);
            produce(topics, w.items);
            assertExactly(topics, w);
            assertThat(activeTasks(a) + activeTasks(b))
                    .as("3 sub-topologies x 3 partitions, split")
                    .isEqualTo(9);
        }
    }

    /** Not the Confluent wire format: magic byte 7. */
    private static final byte[] GARBAGE = {7, 1, 2, 3, 4, 5, 6};

    @Test
    void shouldSendAnUndecodableReferenceRecordToTheDeadLetterTopicAndKeepRunning() throws Exception {
        TopicCatalogue topics = isolatedTopics("ref");
        Workload w = Workload.generate(14, 200, 20, 3, Duration.ofDays(1), false);
        try (FeatureStreamService service =
                startInProcess(config(topics, "fs-it-ref", Files.createTempDirectory("fs-ref")))) {
            // Given a running feature stream, when a record its merchant table cannot decode arrives
            String topic = topics.referenceMerchants().name();
            Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            long offset;
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                offset = producer.send(new ProducerRecord<>(topic, 0, "m-bad", GARBAGE))
                        .get()
                        .offset();
            }
            // Then it becomes a dead letter naming its source, written by the global thread, which keeps running
            List<DeadLetter> letters = readCommitted(
                    topics.transactionsDlq().name(),
                    topics.transactionsDlq().valueSerde().deserializer(),
                    1);
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.getStage()).isEqualTo(io.fraudstream.featurestream.stages.DeadLetterStages.DESERIALIZE);
                assertThat(d.getSourceTopic()).isEqualTo(topic);
                assertThat(d.getSourcePartition()).isZero();
                assertThat(d.getSourceOffset()).isEqualTo(offset);
                byte[] value = new byte[d.getValue().remaining()];
                d.getValue().duplicate().get(value);
                assertThat(value).isEqualTo(GARBAGE);
            });
            // and transactions keep flowing
            produce(topics, w.items);
            assertExactly(topics, w, 1);
            assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void shouldSetAsideWhatABrokerWouldRefuseToCopyAndKeepRunning() throws Exception {
        TopicCatalogue topics = isolatedTopics("hostile");
        Workload w = Workload.generate(15, 300, 20, 3, Duration.ofDays(1), false);
        try (FeatureStreamService service =
                startInProcess(config(topics, "fs-it-hostile", Files.createTempDirectory("fs-hostile")))) {
            // Given records any direct producer can send: a far-future and a maximal event time (their dead letters, if
            // stamped with the event time, are refused by the broker: message.timestamp.after.max.ms), an oversize
            // field, hostile headers and a key that is not UTF-8
            String topic = topics.transactionsRaw().name();
            var serializer = topics.transactionsRaw().valueSerde().serializer();
            var template = Txns.tx("hostile", java.time.Instant.now());
            List<ProducerRecord<byte[], byte[]>> hostile = new ArrayList<>();
            for (java.time.Instant t : List.of(
                    java.time.Instant.parse("2100-01-01T00:00:00Z"), java.time.Instant.ofEpochMilli(Long.MAX_VALUE))) {
                hostile.add(new ProducerRecord<>(
                        topic,
                        Txns.CARD.getBytes(),
                        serializer.serialize(
                                topic, Txns.tx("future-" + t.toEpochMilli(), t).build())));
            }
            hostile.add(new ProducerRecord<>(
                    topic,
                    Txns.CARD.getBytes(),
                    serializer.serialize(
                            topic,
                            template.setTransactionId("oversize")
                                    .setDeviceId("d".repeat(300_000))
                                    .build())));
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add(io.fraudstream.schemas.topics.TraceHeaders.PRODUCED_MS, "99999999999999999999".getBytes());
            headers.add("x-binary", new byte[] {(byte) 0xff, 0});
            hostile.add(new ProducerRecord<>(
                    topic,
                    null,
                    Txns.CARD.getBytes(),
                    serializer.serialize(
                            topic,
                            template.setTransactionId("headers")
                                    .setDeviceId(null)
                                    .setEventTime(java.time.Instant.parse("2100-01-01T00:00:00Z"))
                                    .build()),
                    headers));
            hostile.add(new ProducerRecord<>(
                    topic,
                    new byte[] {(byte) 0xc3, 0x28},
                    serializer.serialize(
                            topic,
                            Txns.tx("not-utf8-key", java.time.Instant.now()).build())));
            Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                Acknowledged.send(producer, hostile);
            }
            // When ordinary traffic follows
            produce(topics, w.items);
            // Then every hostile record is a dead letter, the traffic's features are exact, and the stream still runs
            assertExactly(topics, w, hostile.size());
            assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** Per input partition of the application's group: committed offset / end offset (a failing test shows where it stopped). */
    private static String groupLag(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            var committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            StringBuilder b = new StringBuilder("group " + group + " committed/end:");
            committed.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Object::toString)))
                    .forEach(e -> b.append(' ')
                            .append(e.getKey())
                            .append(' ')
                            .append(e.getValue() == null ? "-" : e.getValue().offset())
                            .append('/')
                            .append(ends.get(e.getKey()).offset()));
            return b.toString();
        } catch (Exception e) {
            return "group " + group + ": offsets unknown (" + e + ")";
        }
    }

    private static int activeTasks(FeatureStreamService s) {
        return s.streams().metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenKilledMidStreamAndRestarted() throws Exception {
        TopicCatalogue topics = isolatedTopics("kill");
        Workload w = Workload.generate(13, 6_000, 120, 3, Duration.ofDays(5), true);
        Path stateDir = Files.createTempDirectory("fs-kill");
        Map<String, String> config = config(topics, "fs-it-kill", stateDir);
        // the killed member never leaves the group: the restart waits for its session to expire (default 45 s)
        config.put("streams.session.timeout.ms", "10000");
        try (ChildJvm first = ChildJvm.start(FeatureStreamMain.class, config, stateDir.resolve("first.log"))) {
            produce(topics, w.items.subList(0, w.items.size() / 2));
            // wait until the child has committed some output, then kill -9 it mid-stream
            first.explainFailure(() -> readCommitted(
                    topics.transactionsFeatures().name(),
                    topics.transactionsFeatures().valueSerde().deserializer(),
                    100));
            produce(topics, w.items.subList(w.items.size() / 2, w.items.size() * 3 / 4));
            first.kill();
        }
        try (ChildJvm second = ChildJvm.start(FeatureStreamMain.class, config, stateDir.resolve("second.log"))) {
            produce(topics, w.items.subList(w.items.size() * 3 / 4, w.items.size()));
            second.explainFailure(() -> {
                try {
                    assertExactly(topics, w);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n" + groupLag("fs-it-kill"), e);
                }
            });
        }
    }
}
