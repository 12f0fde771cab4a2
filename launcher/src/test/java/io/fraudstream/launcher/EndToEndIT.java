package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.benchmarks.BenchModel;
import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.inprocess.HistoryTraining;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.inprocess.Traffic;
import io.fraudstream.localstack.CommittedReader;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainingOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole system on the shared local stack, as {@code ./fraudstream demo} runs it: generated history with fraud
 * scenarios and late labels → the one-hop application (features, then scoring by rules only, in one Kafka Streams
 * application) → trainer → model published → live traffic scored by it → a second model published while traffic
 * flows. Checks that every raw record comes out exactly once, scored
 * or dead-lettered (or dropped as a counted duplicate), that the swap loses and repeats nothing, and that the model
 * catches more fraud than the rules at the rules' alert rate.
 */
@ExtendWith(LocalStackExtension.class)
class EndToEndIT {

    private static final Duration DEADLINE =
            Duration.ofMinutes(5); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static final String SIGNING_KEY = "end-to-end-test-signing-key-0123456789";
    private static final String CARD_SECRET = "end-to-end-test-card-token-secret-0123456789";

    @Test
    void shouldScoreEveryTransactionOnceThroughTrainingAndAModelSwapAndBeatTheRules(StackState stack) throws Exception {
        String prefix = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> names = new LinkedHashMap<>();
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder();
        for (String id : TopicCatalogue.IDS) {
            names.put(RuntimeConfig.topicNameKey(id), prefix + id);
            b.name(id, prefix + id);
        }
        Pipeline.Settings settings = new Pipeline.Settings(
                stack.bootstrapServers(),
                stack.registryUrl(),
                names,
                prefix,
                Files.createTempDirectory("e2e-state"),
                SIGNING_KEY,
                Optional.of(CARD_SECRET),
                0,
                Optional.empty(),
                Files.createTempDirectory("e2e-reports"),
                Map.of("commit.interval.ms", "100"),
                Map.of());
        try (SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build();
                Admin admin = Admin.create(
                        Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
                Pipeline pipeline = Pipeline.start(settings)) {
            TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
            pipeline.awaitRunning(DEADLINE);
            Traffic.Truth truth = new Traffic.Truth();

            // Given a history of 21 days, decided by rules alone, plus bad records: 3 undecodable, 2 invalid, 4
            // duplicates
            GeneratorSettings history = Traffic.settings(
                    7,
                    Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(400)),
                    Duration.ofDays(21),
                    600,
                    5,
                    10);
            BadRecords bad = BadRecords.send(stack, topics, history.start().plus(Duration.ofDays(10)));
            // When a model is trained on it and published
            TrainingOutcome v1 = HistoryTraining.run(
                    settings,
                    admin,
                    history,
                    truth,
                    ProgressReporter.none(),
                    HistoryTraining.SHORT_HISTORY,
                    RunOptions.defaults(),
                    Progress.none(),
                    line -> {},
                    DEADLINE);
            long version1 = v1.published()
                    .orElseThrow(() -> new AssertionError("not published: " + v1.decision()))
                    .version();
            Pipeline.awaitChampion(pipeline.scoring(), version1, DEADLINE);

            // and live traffic flows, with a second model published while it does
            GeneratorSettings live1 = Traffic.continuation(history, Duration.ofDays(2));
            Traffic.compressed(Pipeline.generatorConfig(settings), live1, truth, ProgressReporter.none());
            // (v1 must get to decide some of it: the first two live days are consumed before the next ones flow and
            // v2 is published; otherwise all of them could still be waiting for merchant state when v2 arrives)
            Pipeline.awaitCaughtUp(admin, settings, DEADLINE);
            long beforeSwap = truth.transactions();
            GeneratorSettings live2 = Traffic.continuation(live1, Duration.ofDays(2));
            AtomicReference<GeneratorRun.Summary> live2Summary = new AtomicReference<>();
            Thread traffic = Thread.ofPlatform()
                    .name("e2e-live")
                    .start(() -> live2Summary.set(Traffic.accelerated(
                            Pipeline.generatorConfig(settings),
                            live2,
                            Duration.ofDays(2).toMillis() / 12_000.0,
                            truth)));
            await().atMost(DEADLINE).until(() -> truth.transactions() > beforeSwap + 500);
            BenchModel.Republished v2 = BenchModel.republish(stack.bootstrapServers(), topics, SIGNING_KEY);
            traffic.join(DEADLINE.toMillis());
            assertThat(live2Summary.get()).as("live traffic finished").isNotNull();
            Pipeline.awaitCaughtUp(admin, settings, DEADLINE);

            // Then every generated transaction is scored exactly once, and the bad records are in the DLQ
            List<ScoredTransaction> scored;
            List<Integer> partitions;
            try (CommittedReader<ScoredTransaction> reader = new CommittedReader<>(
                    stack.bootstrapServers(),
                    topics.transactionsScored().name(),
                    topics.transactionsScored().valueSerde().deserializer(),
                    DEADLINE)) {
                scored = reader.readUntilQuiet(
                        Duration.ofSeconds(3)); // both services have no lag: all output is committed
                partitions = List.copyOf(reader.partitions);
            }
            Set<String> ids = new HashSet<>();
            scored.forEach(s -> assertThat(ids.add(s.getTransactionId()))
                    .as("scored twice: %s", s.getTransactionId())
                    .isTrue());
            List<DeadLetter> dead;
            try (CommittedReader<DeadLetter> reader = new CommittedReader<>(
                    stack.bootstrapServers(),
                    topics.transactionsDlq().name(),
                    topics.transactionsDlq().valueSerde().deserializer(),
                    DEADLINE)) {
                dead = reader.readUntilQuiet(Duration.ofSeconds(2));
            }
            Map<String, Long> deadReasons = dead.stream()
                    .collect(java.util.stream.Collectors.groupingBy(
                            d -> d.getStage() + ": " + d.getReason().replaceAll("[0-9a-f-]{8,}|\\d+", "#"),
                            java.util.stream.Collectors.counting()));
            Set<String> expectedIds = new HashSet<>(truth.transactionIds());
            expectedIds.add(BadRecords.VALID_ID);
            assertThat(ids)
                    .as("scored transaction ids vs generated ones (dead letters: %s)", deadReasons)
                    .containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(dead).as("dead letters: %s", deadReasons).hasSize(bad.undecodable() + bad.invalid());
            assertThat(dead).allSatisfy(d -> assertThat(d.getSourceOffset()).isNotNegative());
            // (one-hop: the features of every scored transaction were written to transactions.features, once)
            assertThat(settings.deployment()).isEqualTo(Pipeline.Deployment.ONE_HOP);
            try (CommittedReader<TransactionFeatures> reader = new CommittedReader<>(
                    stack.bootstrapServers(),
                    topics.transactionsFeatures().name(),
                    topics.transactionsFeatures().valueSerde().deserializer(),
                    DEADLINE)) {
                assertThat(reader.readUntilQuiet(Duration.ofSeconds(2)))
                        .extracting(f -> f.getTransaction().getTransactionId())
                        .as("featured transaction ids vs scored ones")
                        .containsExactlyInAnyOrderElementsOf(ids);
            }
            long duplicates = duplicatesDropped(pipeline);
            long rawIn = truth.transactions() + bad.total();
            assertThat(rawIn)
                    .as("raw in = scored + dead letters + duplicates dropped")
                    .isEqualTo(scored.size() + dead.size() + duplicates);
            assertThat(duplicates).isEqualTo(bad.duplicates());

            // and the history was decided by rules alone, live traffic by v1, then v2 from the swap on, never backwards
            assertThat(scored.subList(0, 100))
                    .extracting(ScoredTransaction::getDecidedBy)
                    .containsOnly(DecidedBy.RULES_ONLY_NO_MODEL);
            Map<Integer, Long> last = new HashMap<>();
            for (int i = 0; i < scored.size(); i++) {
                long v = scored.get(i).getModelVersion() == null
                        ? 0
                        : scored.get(i).getModelVersion();
                Long before = last.put(partitions.get(i), v);
                assertThat(v)
                        .as("model version in partition %d after %s", partitions.get(i), before)
                        .isGreaterThanOrEqualTo(before == null ? 0 : before);
            }
            assertThat(scored).extracting(ScoredTransaction::getModelVersion).contains(version1, v2.version());

            // and at the rules' alert rate, the model catches more fraud than the rules do
            List<ScoredTransaction> byModel =
                    scored.stream().filter(s -> s.getModelVersion() != null).toList();
            assertThat(byModel).hasSizeGreaterThan(1000);
            List<ScoredTransaction> ruleAlerts =
                    byModel.stream().filter(s -> !s.getRulesFired().isEmpty()).toList();
            long fraudInLive = byModel.stream()
                    .filter(s -> truth.isFraud(s.getTransactionId()))
                    .count();
            long rulesCaught = ruleAlerts.stream()
                    .filter(s -> truth.isFraud(s.getTransactionId()))
                    .count();
            int k = Math.max(1, ruleAlerts.size());
            long modelCaught = byModel.stream()
                    .sorted(Comparator.comparingDouble(ScoredTransaction::getScore)
                            .reversed())
                    .limit(k)
                    .filter(s -> truth.isFraud(s.getTransactionId()))
                    .count();
            System.out.printf(
                    "end-to-end: %d transactions scored, %d dead letters, %d duplicates dropped; live events scored by a model: "
                            + "%d with %d fraud; rules alert on %d and catch %d; the model's top %d catch %d%n",
                    scored.size(),
                    dead.size(),
                    duplicates,
                    byModel.size(),
                    fraudInLive,
                    ruleAlerts.size(),
                    rulesCaught,
                    k,
                    modelCaught);
            assertThat(fraudInLive).as("fraud in the live traffic").isPositive();
            assertThat(modelCaught)
                    .as(
                            "fraud in the model's top %d of %d live events (rules alert on %d and catch %d of %d fraud)",
                            k, byModel.size(), ruleAlerts.size(), rulesCaught, fraudInLive)
                    .isGreaterThan(rulesCaught);
            assertThat(scored.stream()
                            .filter(s -> s.getDecision() == Decision.REVIEW || s.getDecision() == Decision.DECLINE))
                    .as("the model raises alerts")
                    .isNotEmpty();
        }
    }

    /** {@code fraudstream_features_duplicates_total} from the feature stream's /metrics. */
    private static long duplicatesDropped(Pipeline pipeline) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + pipeline.features().httpPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> l.startsWith("fraudstream_features_duplicates_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Records that must not become scores: undecodable bytes, invalid transactions, and re-sent duplicates. */
    private record BadRecords(int undecodable, int invalid, int validOnce, int duplicates) {
        static final String VALID_ID = "e2e-dup";

        int total() {
            return undecodable + invalid + validOnce + duplicates;
        }

        static BadRecords send(StackState stack, TopicCatalogue topics, Instant at) throws Exception {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            String topic = topics.transactionsRaw().name();
            var serializer = topics.transactionsRaw().valueSerde().serializer();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                records.add(
                        new ProducerRecord<>(topic, "card-bad", ("not avro " + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 2; i++) {
                Transaction zero = Transaction.newBuilder()
                        .setTransactionId("e2e-invalid-" + i)
                        .setCardToken("card-bad")
                        .setMerchantId("m-bad")
                        .setAmountMinor(0)
                        .setCurrency("EUR")
                        .setEventTime(at)
                        .build();
                records.add(new ProducerRecord<>(topic, "card-bad", serializer.serialize(topic, zero)));
            }
            for (int i = 0; i < 4; i++) {
                Transaction dup = Transaction.newBuilder()
                        .setTransactionId(VALID_ID)
                        .setCardToken("card-dup")
                        .setMerchantId("m-dup")
                        .setAmountMinor(1_000 + i)
                        .setCurrency("EUR")
                        .setEventTime(at.plusSeconds(i))
                        .build();
                records.add(new ProducerRecord<>(topic, "card-dup", serializer.serialize(topic, dup)));
            }
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (ProducerRecord<String, byte[]> r : records) {
                    producer.send(r).get();
                }
            }
            // "e2e-dup" is sent four times: the first is a transaction like any other, the other three are duplicates
            return new BadRecords(3, 2, 1, 3);
        }
    }
}
