package io.fraudstream.benchmarks;

import io.fraudstream.benchmarks.training.HistoryProducer;
import io.fraudstream.benchmarks.training.SyntheticHistory;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.inprocess.HistoryTraining;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.inprocess.Traffic;
import io.fraudstream.models.ModelSlots;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainJob;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.publish.ChampionGate;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real gradient-boosted model for benchmarks: the trainer's synthetic labelled history (a learnable signal over
 * the real feature set) is produced to the benchmark's training topics and the whole training job runs on it with
 * the XGBoost candidate only, publishing a signed champion to the benchmark's models topic.
 */
public final class BenchModel {

    /** Signing key of benchmark models (they live in the benchmark's own topics, never in the real ones). */
    public static final String SIGNING_KEY = "fraudstream-benchmark-models-only-not-a-secret";

    private BenchModel() {}

    /**
     * Trains on {@code rows} synthetic rows written to {@code training}'s topics and publishes the model to
     * {@code modelsTopic}; returns the outcome.
     */
    public static TrainingOutcome trainAndPublish(
            BenchStack stack, BenchTopics training, String modelsTopic, long rows, PrintWriter out) {
        Map<String, String> c = new LinkedHashMap<>(training.configOverrides());
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        c.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        c.put(RuntimeConfig.topicNameKey(TopicCatalogue.FRAUD_MODELS), modelsTopic);
        c.put(TrainerConfig.SIGNING_KEY, SIGNING_KEY);
        c.put(TrainerConfig.CANDIDATES, "xgboost");
        c.put(TrainerConfig.XGBOOST_MAX_DEPTHS, "6");
        // a fixed 100 trees, not early stopping's count: the scoring figures stay comparable across trainer changes
        c.put(TrainerConfig.XGBOOST_EARLY_STOPPING_ROUNDS, "0");
        c.put(TrainerConfig.XGBOOST_TREES, "100");
        c.put(TrainerConfig.MODEL_ID, "bench-xgb");
        c.put(TrainerConfig.REPORT_DIR, ".fraudstream/reports/bench");
        TrainerConfig cfg = new TrainerConfig(c);
        long start = System.nanoTime();
        SyntheticHistory history = new SyntheticHistory(rows, Instant.parse("2025-01-01T00:00:00Z"), 60, 0.01, 7);
        HistoryProducer.produce(
                history,
                rows,
                cfg.producerProps(),
                training.catalogue().transactionsFeatures(),
                training.catalogue().transactionsLabels(),
                Progress.none());
        TrainingOutcome o = new TrainJob(
                        cfg,
                        new RunOptions(
                                java.util.Optional.empty(), java.util.Optional.empty(), false, ChampionGate.Mode.FORCE),
                        Progress.none())
                .run()
                .orElseThrow();
        out.printf(
                Locale.ROOT,
                "model: %s on %d synthetic rows, holdout ROC AUC %.3f, AP %.3f, published as v%d (%.0f s)%n",
                o.candidate().name(),
                o.rows(),
                o.candidate().evaluation().rocAuc(),
                o.candidate().evaluation().averagePrecision(),
                o.published().map(TrainingOutcome.Published::version).orElse(-1L),
                (System.nanoTime() - start) / 1e9);
        out.flush();
        return o;
    }

    /**
     * Publishes the current champion of {@code topics} again as the next version (re-signed, same model), as a
     * trainer would publish a retrained one; returns the new version and the wall-clock time of the broker's ack.
     */
    public static Republished republish(BenchStack stack, TopicCatalogue topics) throws Exception {
        return republish(stack.bootstrapServers(), topics, SIGNING_KEY);
    }

    /** As {@link #republish(BenchStack, TopicCatalogue)}, on any broker, signing with {@code signingKey}. */
    public static Republished republish(String bootstrapServers, TopicCatalogue topics, String signingKey)
            throws Exception {
        String topic = topics.fraudModels().name();
        Map<String, Object> cc = new HashMap<>(TopicCatalogue.MODEL_CONSUMER_CONFIGS);
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-models-" + System.nanoTime());
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ModelRecord champion = null;
        try (KafkaConsumer<String, ModelRecord> consumer = new KafkaConsumer<>(
                cc, new StringDeserializer(), topics.fraudModels().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (champion == null && System.nanoTime() < until) {
                for (ConsumerRecord<String, ModelRecord> r : consumer.poll(Duration.ofMillis(200))) {
                    champion = r.value();
                }
            }
        }
        if (champion == null) {
            throw new IllegalStateException("no model on " + topic);
        }
        champion.setVersion(champion.getVersion() + 1);
        champion.setCreatedAt(Instant.now());
        ModelRecord next = ModelSignature.withKey(signingKey).sign(champion);
        Map<String, Object> pc = new HashMap<>(TopicCatalogue.MODEL_PRODUCER_CONFIGS);
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, ModelRecord> producer = new KafkaProducer<>(
                pc, new StringSerializer(), topics.fraudModels().valueSerde().serializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, ModelSlots.key(next.getSlot()), next))
                    .get();
            return new Republished(next.getVersion(), System.currentTimeMillis(), md.offset());
        }
    }

    /** A republished model: its version and when the broker acknowledged it (wall clock, ms). */
    public record Republished(long version, long ackedAtMillis, long offset) {}

    /**
     * A model trained on what it will score: 30 days of generated history go through a feature stream and a scoring
     * service of their own (the training topics), and the trainer publishes to the measured topics' fraud.models.
     * (A model trained on synthetic features would see other distributions here, and alert on most events.)
     */
    static void trainOnGeneratedHistory(
            BenchStack stack,
            BenchTopics training,
            TopicCatalogue measured,
            Path stateDir,
            Path reportDir,
            int historyCards,
            PrintWriter out)
            throws Exception {
        Map<String, String> names = new LinkedHashMap<>(training.configOverrides());
        names.remove("topics.provision");
        names.put(
                io.fraudstream.runtime.config.RuntimeConfig.topicNameKey(TopicCatalogue.FRAUD_MODELS),
                measured.fraudModels().name());
        Pipeline.Settings s = new Pipeline.Settings(
                stack.bootstrapServers(),
                stack.registryUrl(),
                names,
                "bench-history-" + Long.toString(System.nanoTime(), 36) + "-",
                stateDir.resolve("history"),
                BenchModel.SIGNING_KEY,
                Optional.of(java.util.Base64.getEncoder()
                        .encodeToString(BenchTraffic.CARD_SECRET.getBytes(StandardCharsets.UTF_8))),
                0,
                Optional.empty(),
                reportDir,
                Map.of("commit.interval.ms", "100"),
                Map.of());
        long start = System.nanoTime();
        GeneratorSettings history = Traffic.settings(
                11,
                Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(400)),
                Duration.ofDays(30),
                historyCards,
                4,
                10);
        try (Pipeline p = Pipeline.start(s);
                Admin admin = Admin.create(
                        Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            p.awaitRunning(Duration.ofMinutes(3));
            TrainingOutcome o = HistoryTraining.run(
                    s,
                    admin,
                    history,
                    new Traffic.Truth(),
                    ProgressReporter.none(),
                    HistoryTraining.SHORT_HISTORY,
                    new RunOptions(Optional.empty(), Optional.empty(), false, ChampionGate.Mode.FORCE),
                    io.fraudstream.trainer.Progress.none(),
                    line -> {},
                    Duration.ofMinutes(15));
            out.printf(
                    Locale.ROOT,
                    "model: %s trained on %,d rows of generated history that went through the feature stream "
                            + "(holdout ROC AUC %.3f, AP %.3f), published as v%d (%.0f s)%n",
                    o.candidate().name(),
                    o.rows(),
                    o.candidate().evaluation().rocAuc(),
                    o.candidate().evaluation().averagePrecision(),
                    o.published().map(TrainingOutcome.Published::version).orElse(-1L),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
        }
    }
}
