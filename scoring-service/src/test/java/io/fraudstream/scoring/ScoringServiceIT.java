package io.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.localstack.Acknowledged;
import io.fraudstream.localstack.ChildJvm;
import io.fraudstream.localstack.CommittedReader;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.models.TestModels;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
 * The real {@link ScoringService} (Kafka Streams, exactly_once_v2, HTTP) on the shared local stack, with topics and an
 * application id of its own: rules-only scoring before any model, hot swap to a signed model and to its successor
 * while events flow (each event scored exactly once, by the old or the new model), rejection of a tampered model,
 * the HTTP queries, and the alerts subset.
 */
@ExtendWith(LocalStackExtension.class)
class ScoringServiceIT {

    private static final Duration DEADLINE =
            Duration.ofSeconds(60); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static final int N = 100;
    private static final String DENIED_CARD = "card-denied";
    private static final List<String> SCORING_TOPIC_IDS = List.of(
            TopicCatalogue.TRANSACTIONS_FEATURES,
            TopicCatalogue.TRANSACTIONS_SCORED,
            TopicCatalogue.FRAUD_ALERTS,
            TopicCatalogue.FRAUD_MODELS,
            TopicCatalogue.TRANSACTIONS_DLQ);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StackState stack;
    private static SchemaRegistryClient registry;
    private final HttpClient http = HttpClient.newHttpClient();

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
    void shouldScoreEveryEventExactlyOnceThroughHotSwapsAndAnswerQueriesOverHttp() throws Exception {
        String run = "scoring-it-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = isolatedTopics(run);
        Path stateDir = Files.createTempDirectory("scoring-it");
        try (KafkaProducer<String, byte[]> producer = producer(Map.of());
                KafkaProducer<String, byte[]> modelProducer = producer(TopicCatalogue.MODEL_PRODUCER_CONFIGS);
                CommittedReader<ScoredTransaction> scored = reader(topics.transactionsScored())) {
            try (ScoringService service = startInProcess(config(topics, run, stateDir))) {
                String base = "http://127.0.0.1:" + service.httpPort();
                assertThat(get(base + "/v1/models/current").path("mode").asText())
                        .isEqualTo("RULES_ONLY_NO_MODEL");

                // (a) Given no model; When N events arrive (one on a deny-listed card); Then all are decided by rules
                // alone
                List<String> a = send(producer, topics, "a", N, true);
                List<ScoredTransaction> outA = scored.awaitTotal(N);
                assertThat(outA)
                        .extracting(ScoredTransaction::getDecidedBy)
                        .containsOnly(DecidedBy.RULES_ONLY_NO_MODEL);
                assertThat(outA).extracting(ScoredTransaction::getModelVersion).containsOnlyNulls();
                assertThat(ids(outA)).containsExactlyInAnyOrderElementsOf(a);

                // (b) When signed model v1 is published; Then it is served and scores the next N events
                publish(modelProducer, topics, TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
                awaitChampionVersion(base, 1);
                List<String> b = send(producer, topics, "b", N, false);
                List<ScoredTransaction> outB = scored.awaitTotal(2 * N).subList(N, 2 * N);
                assertThat(ids(outB)).containsExactlyInAnyOrderElementsOf(b);
                assertThat(outB).extracting(ScoredTransaction::getModelVersion).containsOnly(1L);
                assertThat(outB).extracting(ScoredTransaction::getModelId).containsOnly("fraud-lr");
                assertThat(outB)
                        .extracting(ScoredTransaction::getDecision)
                        .contains(Decision.APPROVE, Decision.DECLINE);

                // (c) When v2 is published between two halves of N events; Then each is scored once, by v1 or v2
                List<String> c = new ArrayList<>(send(producer, topics, "c1-", N / 2, false));
                publish(modelProducer, topics, TestModels.signed(TestModels.xgboost(), "fraud-xgb", 2));
                c.addAll(send(producer, topics, "c2-", N / 2, false));
                List<ScoredTransaction> outC = scored.awaitTotal(3 * N).subList(2 * N, 3 * N);
                assertThat(ids(outC)).containsExactlyInAnyOrderElementsOf(c);
                assertThat(outC).extracting(ScoredTransaction::getModelVersion).allMatch(v -> v == 1L || v == 2L);
                assertThat(outC).extracting(ScoredTransaction::getDecidedBy).containsOnly(DecidedBy.MODEL);
                assertNoVersionGoesBackWithinAPartition(scored, 2 * N, 3 * N);
                awaitChampionVersion(base, 2);

                // and the drift gauge is exposed (NaN until a full window of scores has been seen)
                assertThat(request(base + "/metrics").body()).contains("fraudstream_scoring_score_psi");

                // (d) When a tampered v3 is published; Then it is rejected (metric) and v2 keeps serving
                double rejectedBefore = rejectedModels(base);
                ModelRecord tampered = TestModels.signed(TestModels.logistic(), "fraud-lr", 3);
                tampered.setDeclineThreshold(0.99);
                publish(modelProducer, topics, tampered);
                await().atMost(DEADLINE).until(() -> rejectedModels(base) > rejectedBefore);
                assertThat(get(base + "/v1/models/current")
                                .path("champion")
                                .path("version")
                                .asLong())
                        .isEqualTo(2L);
                List<String> d = send(producer, topics, "d", N, false);
                List<ScoredTransaction> all = scored.awaitTotal(4 * N);
                List<ScoredTransaction> outD = all.subList(3 * N, 4 * N);
                assertThat(ids(outD)).containsExactlyInAnyOrderElementsOf(d);
                assertThat(outD).extracting(ScoredTransaction::getModelVersion).containsOnly(2L);

                // exactly once overall: count in = out, no duplicate ids, nothing more arrives
                assertThat(scored.drain(Duration.ofSeconds(1)))
                        .as("records after all %d were scored", 4 * N)
                        .isEmpty();
                assertThat(ids(all)).doesNotHaveDuplicates().hasSize(4 * N);

                // (e) GET /v1/scores/{id}: the stored score of a scored id; 404 JSON for an unknown one
                ScoredTransaction sample = outB.getFirst();
                HttpResponse<String> found = request(base + "/v1/scores/" + sample.getTransactionId());
                assertThat(found.statusCode()).isEqualTo(200);
                JsonNode score = JSON.readTree(found.body());
                assertThat(score.path("transactionId").asText()).isEqualTo(sample.getTransactionId());
                assertThat(score.path("score").asDouble()).isEqualTo(sample.getScore());
                assertThat(score.path("modelVersion").asLong()).isEqualTo(1L);
                HttpResponse<String> unknown = request(base + "/v1/scores/no-such-transaction");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(JSON.readTree(unknown.body()).path("status").asInt()).isEqualTo(404);

                // (f) fraud.alerts holds exactly the REVIEW and DECLINE subset, once each, keyed by card
                Set<String> expectedAlerts = all.stream()
                        .filter(s -> s.getDecision() == Decision.REVIEW || s.getDecision() == Decision.DECLINE)
                        .map(ScoredTransaction::getTransactionId)
                        .collect(Collectors.toSet());
                assertThat(expectedAlerts).as("the workload raises alerts").hasSizeGreaterThan(N / 10);
                try (CommittedReader<ScoredTransaction> alerts = reader(topics.fraudAlerts())) {
                    List<ScoredTransaction> alerted = alerts.awaitTotal(expectedAlerts.size());
                    assertThat(alerts.drain(Duration.ofSeconds(1))).isEmpty();
                    assertThat(ids(alerted))
                            .doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(expectedAlerts);
                    assertThat(alerts.keys)
                            .isEqualTo(alerted.stream()
                                    .map(ScoredTransaction::getCardToken)
                                    .toList());
                }
            }

            // (g) When the service restarts on the same state; Then it rebuilds v2 (not the rejected v3) from the
            // models topic and scores only the new events, once each
            try (ScoringService restarted = startInProcess(config(topics, run, stateDir))) {
                String base = "http://127.0.0.1:" + restarted.httpPort();
                awaitChampionVersion(base, 2);
                List<String> g = send(producer, topics, "g", N, false);
                List<ScoredTransaction> outG = scored.awaitTotal(5 * N).subList(4 * N, 5 * N);
                assertThat(ids(outG)).containsExactlyInAnyOrderElementsOf(g);
                assertThat(outG).extracting(ScoredTransaction::getModelVersion).containsOnly(2L);
                assertThat(scored.drain(Duration.ofSeconds(1)))
                        .as("records after all %d were scored", 5 * N)
                        .isEmpty();
            }
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenKilledMidScoringAndRestarted() throws Exception {
        String run = "scoring-kill-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = isolatedTopics(run);
        Path stateDir = Files.createTempDirectory("scoring-kill");
        Map<String, String> config = config(topics, run, stateDir);
        // the killed member never leaves the group: the restart waits for its session to expire (default 45 s)
        config.put("streams.session.timeout.ms", "10000");
        int total = 6 * N;
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(Map.of());
                KafkaProducer<String, byte[]> modelProducer = producer(TopicCatalogue.MODEL_PRODUCER_CONFIGS);
                CommittedReader<ScoredTransaction> scored = reader(topics.transactionsScored())) {
            publish(modelProducer, topics, TestModels.signed(TestModels.xgboost(), "fraud-xgb", 1));
            try (ChildJvm first = ChildJvm.start(ScoringMain.class, config, stateDir.resolve("first.log"))) {
                // Given a scoring service in a child JVM that has committed some scores
                sent.addAll(send(producer, topics, "k1-", 2 * N, false));
                first.explainFailure(() -> scored.awaitAtLeast(N / 2));
                // When more events arrive and it is killed with SIGKILL while scoring them
                sent.addAll(send(producer, topics, "k2-", 2 * N, false));
                first.kill();
            }
            // Then a restarted instance scores the rest, and every event is committed exactly once
            try (ChildJvm second = ChildJvm.start(ScoringMain.class, config, stateDir.resolve("second.log"))) {
                sent.addAll(send(producer, topics, "k3-", 2 * N, false));
                second.explainFailure(() -> {
                    List<ScoredTransaction> out = scored.awaitTotal(total);
                    assertThat(scored.drain(Duration.ofSeconds(2)))
                            .as("records after all %d were scored", total)
                            .isEmpty();
                    assertThat(ids(out)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
                    assertThat(out)
                            .extracting(ScoredTransaction::getModelVersion)
                            .containsOnly(1L);
                });
            }
        }
    }

    @Test
    void shouldFindAScoreWhicheverInstanceStoredIt() throws Exception {
        String run = "scoring-iq-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = isolatedTopics(run);
        try (KafkaProducer<String, byte[]> producer = producer(Map.of());
                CommittedReader<ScoredTransaction> scored = reader(topics.transactionsScored());
                ScoringService a = startInProcess(config(topics, run, Files.createTempDirectory("scoring-iq-a")));
                ScoringService b = startInProcess(config(topics, run, Files.createTempDirectory("scoring-iq-b")))) {
            // Given two instances sharing the partitions
            await().atMost(DEADLINE)
                    .until(() -> activeTasks(a) > 0
                            && activeTasks(b) > 0
                            && a.streams().state() == KafkaStreams.State.RUNNING
                            && b.streams().state() == KafkaStreams.State.RUNNING);
            List<String> sent = send(producer, topics, "q", N, false);
            scored.awaitTotal(N);
            String baseA = "http://127.0.0.1:" + a.httpPort();
            String baseB = "http://127.0.0.1:" + b.httpPort();
            // When every id is asked of instance A; Then each is found, some of them in B's store
            int onlyOnB = 0;
            for (String id : sent) {
                HttpResponse<String> r = request(baseA + "/v1/scores/" + id);
                assertThat(r.statusCode()).as("GET %s on A: %s", id, r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("transactionId").asText())
                        .isEqualTo(id);
                if (request(baseA + "/v1/scores/" + id + "?scope=local").statusCode() == 404) {
                    assertThat(request(baseB + "/v1/scores/" + id + "?scope=local")
                                    .statusCode())
                            .isEqualTo(200);
                    onlyOnB++;
                }
            }
            assertThat(onlyOnB).as("scores stored on B and answered through A").isPositive();
            assertThat(request(baseB + "/v1/scores/no-such-transaction").statusCode())
                    .isEqualTo(404);
        }
    }

    private static int activeTasks(ScoringService s) {
        return s.streams().metadataForLocalThreads().stream()
                .mapToInt(t -> t.activeTasks().size())
                .sum();
    }

    /** In each partition (scored in order), records {@code from..to} never go from a newer model version to an older one. */
    private static void assertNoVersionGoesBackWithinAPartition(
            CommittedReader<ScoredTransaction> scored, int from, int to) {
        Map<Integer, Long> last = new HashMap<>();
        for (int i = from; i < to; i++) {
            long version = scored.values.get(i).getModelVersion();
            Long before = last.put(scored.partitions.get(i), version);
            assertThat(version)
                    .as(
                            "version of %s after %s in its partition",
                            scored.values.get(i).getTransactionId(), before)
                    .isGreaterThanOrEqualTo(before == null ? 0 : before);
        }
    }

    private static ScoringService startInProcess(Map<String, String> config) {
        ScoringService service = ScoringService.start(new ScoringConfig(config));
        await().atMost(DEADLINE).until(() -> service.streams().state() == KafkaStreams.State.RUNNING);
        return service;
    }

    /** A catalogue whose scoring topics are named for this run, created on the broker. */
    private static TopicCatalogue isolatedTopics(String run) {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder();
        SCORING_TOPIC_IDS.forEach(id -> b.name(id, id + "-" + run));
        TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            new TopicProvisioner(admin)
                    .ensure(SCORING_TOPIC_IDS.stream()
                            .<TopicSpec<?, ?>>map(topics::byId)
                            .toList());
        }
        return topics;
    }

    private static Map<String, String> config(TopicCatalogue topics, String run, Path stateDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("service.name", run);
        c.put("topics.provision", "false");
        SCORING_TOPIC_IDS.forEach(
                id -> c.put("topics." + id + ".name", topics.byId(id).name()));
        c.put(ScoringConfig.SIGNING_KEY, TestModels.KEY);
        c.put(ScoringConfig.DENY_CARDS, DENIED_CARD);
        c.put("http.port", "0");
        c.put("streams.state.dir", stateDir.toString());
        c.put("streams.commit.interval.ms", "100");
        return c;
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends {@code n} featured transactions with ids {@code prefix + i}: every third risky, the rest safe; with
     * {@code denied}, the first is on the deny-listed card. Returns the ids.
     */
    private static List<String> send(
            KafkaProducer<String, byte[]> producer, TopicCatalogue topics, String prefix, int n, boolean denied) {
        var serializer = topics.transactionsFeatures().valueSerde().serializer();
        String topic = topics.transactionsFeatures().name();
        List<String> ids = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            String card = denied && i == 0 ? DENIED_CARD : "card-" + (i % 17);
            TransactionFeatures f = i % 3 == 0 ? Txns.risky(id, card) : Txns.safe(id, card);
            records.add(new ProducerRecord<>(topic, card, serializer.serialize(topic, f)));
            ids.add(id);
        }
        Acknowledged.send(producer, records);
        return ids;
    }

    private static void publish(KafkaProducer<String, byte[]> producer, TopicCatalogue topics, ModelRecord model)
            throws Exception {
        String topic = topics.fraudModels().name();
        byte[] value = topics.fraudModels().valueSerde().serializer().serialize(topic, model);
        producer.send(new ProducerRecord<>(topic, model.getSlot().name().toLowerCase(java.util.Locale.ROOT), value))
                .get();
    }

    private void awaitChampionVersion(String base, long version) {
        await().atMost(DEADLINE)
                .until(() -> get(base + "/v1/models/current")
                                .path("champion")
                                .path("version")
                                .asLong(-1)
                        == version);
    }

    /** Sum of the rejected-model counters at {@code /metrics}. */
    private double rejectedModels(String base) throws IOException, InterruptedException {
        String prefix = ScoringMetrics.REJECTED.replace('.', '_') + "_total";
        return request(base + "/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = request(url);
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> request(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(List<ScoredTransaction> scored) {
        return scored.stream().map(ScoredTransaction::getTransactionId).toList();
    }

    /** A read_committed reader of {@code spec}'s topic from the beginning. */
    private static CommittedReader<ScoredTransaction> reader(TopicSpec<String, ScoredTransaction> spec) {
        return new CommittedReader<>(
                stack.bootstrapServers(), spec.name(), spec.valueSerde().deserializer(), DEADLINE);
    }
}
