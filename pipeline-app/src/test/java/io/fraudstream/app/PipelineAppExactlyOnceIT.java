package io.fraudstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.localstack.Acknowledged;
import io.fraudstream.localstack.ChildJvm;
import io.fraudstream.localstack.CommittedReader;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.RestartableBroker;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.streams.StreamsService;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-hop application's exactly-once promise under failure, on the real local stack: whatever happens mid-stream —
 * a kill -9 of its instance and a restart, a second instance joining, a kill -9 of the broker and its restart — every
 * raw transaction is scored exactly once or dead-lettered: on {@code transactions.scored} (read {@code read_committed})
 * every valid, first-seen transaction id exactly once, on {@code transactions.features} the same ids, each once; on
 * {@code transactions.dlq} exactly the undecodable and invalid records (by source offset); and raw in = scored + dead
 * letters + duplicates dropped, the duplicates being those the test re-sent.
 *
 * <p>Each test has its own topics, application id and state directories. The traffic ({@link Traffic}) re-sends earlier
 * transactions, so the duplicate check spans the failure too. It is sent in three parts — before the failure, just
 * before it (the failure comes once the application has committed some of that part, so it strikes mid-stream) and
 * after it — or, for the joining instance, in small chunks paced by the application's commits until the second
 * instance has taken over tasks.
 */
@ExtendWith(LocalStackExtension.class)
class PipelineAppExactlyOnceIT {

    private static final Duration DEADLINE =
            Duration.ofMinutes(4); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static final int N = 3_000;
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

    @Test
    void shouldScoreEveryTransactionExactlyOnceWhenAnInstanceIsKilledMidStreamAndRestarted() throws Exception {
        String run = run("kill");
        TopicCatalogue topics = isolatedTopics(run, stack.bootstrapServers());
        Traffic traffic = Traffic.generate(31, run, N);
        Path stateDir = Files.createTempDirectory("onehop-kill");
        Map<String, String> config = config(topics, run, stack.bootstrapServers(), stateDir);
        // the killed member never leaves the group: the restart waits for its session to expire (default 45 s)
        config.put("streams.session.timeout.ms", "10000");
        Sent sent = new Sent();
        try (ChildJvm first = ChildJvm.start(PipelineAppMain.class, config, stateDir.resolve("first.log"));
                CommittedReader<ScoredTransaction> progress = scoredReader(stack.bootstrapServers(), topics)) {
            // Given a one-hop application in a child JVM that has committed some scores
            produce(stack.bootstrapServers(), topics, traffic.part(0), sent);
            first.explainFailure(() -> progress.awaitAtLeast(100));
            // When more transactions arrive and it is killed with SIGKILL once it has committed some of them
            produce(stack.bootstrapServers(), topics, traffic.part(1), sent);
            first.explainFailure(() -> progress.awaitAtLeast(traffic.scorableBefore(1) + 1));
            first.kill();
        }
        System.out.printf(
                "kill -9 and restart: %d of the %d scores due were committed when the instance was killed (%d before the "
                        + "second part)%n",
                committedNow(stack.bootstrapServers(), topics), traffic.validIds.size(), traffic.scorableBefore(1));
        // Then a restarted instance completes the rest, and every transaction is accounted for exactly once
        try (ChildJvm second = ChildJvm.start(PipelineAppMain.class, config, stateDir.resolve("second.log"))) {
            produce(stack.bootstrapServers(), topics, traffic.part(2), sent);
            second.explainFailure(
                    () -> assertAccountedFor(stack.bootstrapServers(), topics, traffic, sent, "kill -9 and restart"));
        }
    }

    @Test
    void shouldScoreEveryTransactionExactlyOnceWhenASecondInstanceJoinsMidStream() throws Exception {
        String run = run("join");
        TopicCatalogue topics = isolatedTopics(run, stack.bootstrapServers());
        Traffic traffic = Traffic.generate(32, run, N);
        Path stateDir = Files.createTempDirectory("onehop-join");
        Sent sent = new Sent();
        try (PipelineAppService first = PipelineAppService.start(new PipelineAppConfig(
                        config(topics, run, stack.bootstrapServers(), stateDir.resolve("first"))));
                CommittedReader<ScoredTransaction> progress = scoredReader(stack.bootstrapServers(), topics)) {
            // Given one instance that runs every task and has committed some scores
            await().atMost(DEADLINE).until(() -> first.streams().state() == KafkaStreams.State.RUNNING);
            produce(stack.bootstrapServers(), topics, traffic.part(0), sent);
            progress.awaitAtLeast(100);
            int allTasks = activeTasks(first);
            try (ChildJvm second = ChildJvm.start(
                    PipelineAppMain.class,
                    config(topics, run, stack.bootstrapServers(), stateDir.resolve("second")),
                    stateDir.resolve("second.log"))) {
                // When a second instance of the same application joins while more transactions keep arriving (in small
                // chunks, each sent once the application has committed more scores: traffic flows through the
                // rebalance)
                List<Traffic.Raw> rest = traffic.records.subList(traffic.part(0).size(), traffic.records.size());
                int next = 0;
                while (next < rest.size() && activeTasks(first) == allTasks) {
                    List<Traffic.Raw> chunk = rest.subList(next, Math.min(next + 15, rest.size()));
                    produce(stack.bootstrapServers(), topics, chunk, sent);
                    next += chunk.size();
                    int committed = progress.values.size();
                    second.explainFailure(() -> progress.awaitAtLeast(committed + 1));
                }
                int sentBeforeSplit = traffic.part(0).size() + next;
                System.out.printf(
                        "second instance joining: the first instance gave up tasks after %d of %d records were sent%n",
                        sentBeforeSplit, traffic.records.size());
                assertThat(next)
                        .as(
                                "records left to send when the second instance took over tasks (else it joined after the traffic)")
                        .isLessThan(rest.size());
                produce(stack.bootstrapServers(), topics, rest.subList(next, rest.size()), sent);
                second.explainFailure(() -> {
                    // Then the two split the tasks, and every transaction is accounted for exactly once
                    await().atMost(DEADLINE)
                            .until(() -> first.streams().state() == KafkaStreams.State.RUNNING
                                    && activeTasks(first) > 0
                                    && activeTasks(first) < allTasks);
                    assertAccountedFor(stack.bootstrapServers(), topics, traffic, sent, "second instance joining");
                });
            }
        }
    }

    @Test
    void shouldScoreEveryTransactionExactlyOnceWhenTheBrokerIsKilledMidStreamAndRestarted(@TempDir Path dir)
            throws Exception {
        String run = run("broker");
        try (RestartableBroker broker = RestartableBroker.start(dir.resolve("broker"))) {
            // the application's topics on a broker of its own; the schemas in the shared registry (in-memory, not in
            // Kafka)
            TopicCatalogue topics = isolatedTopics(run, broker.bootstrapServers());
            Traffic traffic = Traffic.generate(33, run, N);
            Sent sent = new Sent();
            try (PipelineAppService app = PipelineAppService.start(
                    new PipelineAppConfig(config(topics, run, broker.bootstrapServers(), dir.resolve("state"))))) {
                // Given a running one-hop application that has committed some scores
                await().atMost(DEADLINE).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
                int committed;
                try (CommittedReader<ScoredTransaction> progress = scoredReader(broker.bootstrapServers(), topics)) {
                    produce(broker.bootstrapServers(), topics, traffic.part(0), sent);
                    progress.awaitAtLeast(100);
                    // When more transactions arrive and the broker is killed with SIGKILL once some of them are
                    // committed, then restarted
                    produce(broker.bootstrapServers(), topics, traffic.part(1), sent);
                    committed =
                            progress.awaitAtLeast(traffic.scorableBefore(1) + 1).size();
                }
                broker.kill();
                System.out.printf(
                        "broker kill -9 and restart: the broker was killed after %d of the %d scores due were committed "
                                + "(%d before the second part)%n",
                        committed, traffic.validIds.size(), traffic.scorableBefore(1));
                broker.startAgain();
                awaitRawPartitionsLed(broker.bootstrapServers(), topics);
                produce(broker.bootstrapServers(), topics, traffic.part(2), sent);
                // Then the application recovers by itself, and every transaction is accounted for exactly once
                assertAccountedFor(broker.bootstrapServers(), topics, traffic, sent, "broker kill -9 and restart");
                assertThat(app.streams().state())
                        .as("the application's state after the broker came back")
                        .isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(uncaughtExceptions(app))
                        .as("uncaught exceptions in stream threads (%s)", StreamsService.UNCAUGHT_EXCEPTIONS_METRIC)
                        .isZero();
            }
        }
    }

    // ---- the traffic ------------------------------------------------------------------------------------------------

    /**
     * Seeded raw records for one test: valid transactions of 200 cards at 40 merchants, one second of event time apart in
     * the hour before now, with about 1 % undecodable records, 1 % invalid ones (negative amount) and 1 % re-sent
     * earlier valid transactions (same card key, same bytes: duplicates the application must drop), split in three
     * parts.
     */
    private static final class Traffic {
        /** Garbage: not the Confluent wire format (magic byte 7). */
        private static final byte[] GARBAGE_PREFIX = {7};

        final List<Raw> records = new ArrayList<>();
        /** Ids of the valid transactions, each once, in order of first sending. */
        final Set<String> validIds = new LinkedHashSet<>();

        int duplicates;

        /**
         * One raw record: a transaction, or undecodable bytes (tx null).
         *
         * @param bad       undecodable or invalid: must become a dead letter
         * @param duplicate a re-sent transaction: must be dropped
         */
        record Raw(String key, Transaction tx, byte[] garbage, boolean bad, boolean duplicate) {
            boolean scorable() {
                return !bad && !duplicate;
            }
        }

        static Traffic generate(long seed, String run, int n) {
            Traffic t = new Traffic();
            Random r = new Random(seed);
            Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
            List<Transaction> valid = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String card = run + "card-" + r.nextInt(200);
                int roll = r.nextInt(100);
                if (roll == 0 && !valid.isEmpty()) {
                    Transaction again = valid.get(r.nextInt(valid.size()));
                    t.records.add(new Raw(again.getCardToken(), again, null, false, true));
                    t.duplicates++;
                    continue;
                }
                if (roll == 1) {
                    byte[] junk = new byte[8 + r.nextInt(16)];
                    r.nextBytes(junk);
                    junk[0] = GARBAGE_PREFIX[0];
                    t.records.add(new Raw(card, null, junk, true, false));
                    continue;
                }
                boolean invalid = roll == 2;
                Transaction tx = Transaction.newBuilder()
                        .setTransactionId(run + "tx-" + i)
                        .setCardToken(card)
                        .setMerchantId(run + "m-" + r.nextInt(40))
                        .setMerchantCategoryCode("5411")
                        .setMerchantCountry("DE")
                        .setAmountMinor(invalid ? -5 : 100 + r.nextInt(20_000))
                        .setCurrency("EUR")
                        .setEventTime(start.plusSeconds(i))
                        .setChannel(r.nextBoolean() ? Channel.POS : Channel.ECOMMERCE)
                        .setEntryMode(EntryMode.CHIP)
                        .build();
                t.records.add(new Raw(card, tx, null, invalid, false));
                if (!invalid) {
                    valid.add(tx);
                    t.validIds.add(tx.getTransactionId());
                }
            }
            return t;
        }

        /** Part {@code i} of three: the first half, the next quarter, the last quarter. */
        List<Raw> part(int i) {
            return records.subList(start(i), start(i + 1));
        }

        private int start(int part) {
            return new int[] {0, records.size() / 2, records.size() * 3 / 4, records.size()}[part];
        }

        /** How many transactions of the parts before {@code part} must be scored. */
        int scorableBefore(int part) {
            return (int) records.subList(0, start(part)).stream()
                    .filter(Raw::scorable)
                    .count();
        }

        int bad() {
            return (int) records.stream().filter(Raw::bad).count();
        }
    }

    /** What the broker acknowledged: how many records, and where each bad one went (its dead letter must name that). */
    private static final class Sent {
        final Set<String> badOffsets = new HashSet<>();
        int count;

        void add(List<Traffic.Raw> part, List<RecordMetadata> acknowledged) {
            for (int i = 0; i < part.size(); i++) {
                count++;
                if (part.get(i).bad()) {
                    badOffsets.add(acknowledged.get(i).partition() + "@"
                            + acknowledged.get(i).offset());
                }
            }
        }
    }

    /** Sends {@code part} (in order) to the raw topic; returns once the broker acknowledged every record. */
    private static void produce(String bootstrap, TopicCatalogue topics, List<Traffic.Raw> part, Sent sent) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
        String topic = topics.transactionsRaw().name();
        var serializer = topics.transactionsRaw().valueSerde().serializer();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(part.size());
        for (Traffic.Raw raw : part) {
            records.add(new ProducerRecord<>(
                    topic, raw.key(), raw.tx() != null ? serializer.serialize(topic, raw.tx()) : raw.garbage()));
        }
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            sent.add(part, Acknowledged.send(producer, records));
        }
    }

    /**
     * Waits until the restarted broker leads every raw partition again (it answers offset queries for them). Without
     * this wait the test's own idempotent producer, created while the broker is still loading its partitions, was seen
     * to get NOT_LEADER_OR_FOLLOWER and then OUT_OF_ORDER_SEQUENCE_NUMBER for every retry of one partition until its
     * delivery timeout (Kafka 4.3 client and broker): a client-side hazard of the test, not of the application, whose
     * transactional producers carried on.
     */
    private static void awaitRawPartitionsLed(String bootstrap, TopicCatalogue topics) {
        Map<TopicPartition, OffsetSpec> raw = new HashMap<>();
        for (int p = 0; p < topics.transactionsRaw().partitions(); p++) {
            raw.put(new TopicPartition(topics.transactionsRaw().name(), p), OffsetSpec.latest());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(DEADLINE)
                    .ignoreExceptions()
                    .until(() -> admin.listOffsets(raw)
                                    .all()
                                    .get(10, TimeUnit.SECONDS)
                                    .size()
                            == raw.size());
        }
    }

    // ---- the checks -------------------------------------------------------------------------------------------------

    /** A read_committed reader of {@code transactions.scored}, to follow the application's progress. */
    private static CommittedReader<ScoredTransaction> scoredReader(String bootstrap, TopicCatalogue topics) {
        return reader(
                bootstrap,
                topics.transactionsScored().name(),
                topics.transactionsScored().valueSerde().deserializer());
    }

    /** How many scores are committed now (a diagnostic: reads until a poll brings nothing). */
    private static int committedNow(String bootstrap, TopicCatalogue topics) {
        try (CommittedReader<ScoredTransaction> reader = scoredReader(bootstrap, topics)) {
            reader.awaitAtLeast(1);
            return reader.readUntilQuiet(Duration.ofSeconds(1)).size();
        }
    }

    private static void assertAccountedFor(
            String bootstrap, TopicCatalogue topics, Traffic traffic, Sent sent, String scenario) {
        assertThat(sent.count).as("records sent").isEqualTo(traffic.records.size());
        List<String> scored = ids(
                bootstrap,
                topics.transactionsScored().name(),
                topics.transactionsScored().valueSerde().deserializer(),
                traffic.validIds.size(),
                ScoredTransaction::getTransactionId);
        List<String> featured = ids(
                bootstrap,
                topics.transactionsFeatures().name(),
                topics.transactionsFeatures().valueSerde().deserializer(),
                traffic.validIds.size(),
                f -> f.getTransaction().getTransactionId());
        List<DeadLetter> dead;
        try (CommittedReader<DeadLetter> reader = reader(
                bootstrap,
                topics.transactionsDlq().name(),
                topics.transactionsDlq().valueSerde().deserializer())) {
            reader.awaitAtLeast(traffic.bad());
            reader.drain(Duration.ofSeconds(2));
            dead = List.copyOf(reader.values);
        }
        System.out.printf(
                "%s: %d raw in, %d scored, %d featured, %d dead letters, %d duplicates sent%n",
                scenario, traffic.records.size(), scored.size(), featured.size(), dead.size(), traffic.duplicates);
        assertThat(scored)
                .as("%s: scored ids, each once", scenario)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(traffic.validIds);
        assertThat(featured)
                .as("%s: featured ids, each once", scenario)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(traffic.validIds);
        assertThat(dead)
                .as("%s: dead letters name the raw topic", scenario)
                .allSatisfy(d -> assertThat(d.getSourceTopic())
                        .isEqualTo(topics.transactionsRaw().name()));
        assertThat(dead)
                .extracting(d -> d.getSourcePartition() + "@" + d.getSourceOffset())
                .as("%s: dead letters, by source partition@offset", scenario)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent.badOffsets);
        long duplicatesDropped = traffic.records.size() - scored.size() - dead.size();
        assertThat(duplicatesDropped)
                .as("%s: raw in - scored - dead letters = the duplicates sent", scenario)
                .isEqualTo(traffic.duplicates);
    }

    /** The transaction ids committed to {@code topic}: waits for {@code expected}, then reads what one more poll brings. */
    private static <V> List<String> ids(
            String bootstrap,
            String topic,
            Deserializer<V> deserializer,
            int expected,
            java.util.function.Function<V, String> id) {
        try (CommittedReader<V> reader = reader(bootstrap, topic, deserializer)) {
            reader.awaitAtLeast(expected);
            reader.drain(Duration.ofSeconds(2)); // duplicates would come after everything expected was read
            return reader.values.stream().map(id).toList();
        }
    }

    private static <V> CommittedReader<V> reader(String bootstrap, String topic, Deserializer<V> deserializer) {
        return new CommittedReader<>(bootstrap, topic, deserializer, DEADLINE);
    }

    // ---- set-up -----------------------------------------------------------------------------------------------------

    private static String run(String scenario) {
        return "onehop-eos-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** A catalogue of topics of this run's own, created on {@code bootstrap}. */
    private static TopicCatalogue isolatedTopics(String run, String bootstrap) {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder();
        for (String id : TopicCatalogue.IDS) {
            b.name(id, run + id);
        }
        TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin).ensure(topics.all());
        }
        return topics;
    }

    private static Map<String, String> config(TopicCatalogue topics, String run, String bootstrap, Path stateDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
        c.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        c.put(RuntimeConfig.SERVICE_NAME, run + "pipeline-app");
        c.put("topics.provision", "false");
        for (String id : TopicCatalogue.IDS) {
            c.put(RuntimeConfig.topicNameKey(id), topics.byId(id).name());
        }
        c.put("streams.state.dir", stateDir.toString());
        c.put("streams.commit.interval.ms", "200");
        c.put(ScoringConfig.SIGNING_KEY, "one-hop-exactly-once-it-signing-key-0123456789");
        return c;
    }

    private static int activeTasks(PipelineAppService app) {
        return app.streams().metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    /** {@link StreamsService#UNCAUGHT_EXCEPTIONS_METRIC} from the application's {@code /metrics}. */
    private static double uncaughtExceptions(PipelineAppService app) throws Exception {
        String name = StreamsService.UNCAUGHT_EXCEPTIONS_METRIC.replace('.', '_');
        String body = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> samples = body.lines().filter(l -> l.startsWith(name)).toList();
        assertThat(samples).as("%s on /metrics", name).isNotEmpty();
        return samples.stream()
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
