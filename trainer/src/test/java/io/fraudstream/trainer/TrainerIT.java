package io.fraudstream.trainer;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.models.LoadedModel;
import io.fraudstream.models.ModelLoader;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.publish.ChampionGate;
import io.fraudstream.trainer.publish.ModelLineage;
import io.fraudstream.trainer.publish.ModelPublisher;
import io.fraudstream.trainer.publish.ScoreScale;
import io.fraudstream.trainer.train.TribuoData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;

/**
 * On the real local stack: labelled history in, a trained, signed model out that a consumer loads, verifies and
 * validates; then the champion gate (re-scoring the champion) and the challenger slot; and a realistic 2.5 MB record
 * through fraud.models.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainerIT {

    private static final String KEY = "integration-test-signing-key-0123456789";
    private static final int TRANSACTIONS = 6_000;
    private static final double FRAUD_RATE = 0.05;

    @TempDir
    Path reports;

    private Map<String, String> settings;
    private SchemaRegistryClient registry;
    private TopicCatalogue topics;

    @BeforeAll
    void produceLabelledHistory(StackState stack) {
        io.fraudstream.runtime.logging.Logging.install(); // Tribuo logs through java.util.logging
        String prefix = "it-trainer-" + UUID.randomUUID() + ".";
        settings = new LinkedHashMap<>();
        settings.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        settings.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        for (String id : List.of(
                TopicCatalogue.TRANSACTIONS_FEATURES,
                TopicCatalogue.TRANSACTIONS_LABELS,
                TopicCatalogue.FRAUD_MODELS)) {
            settings.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        settings.put(TrainerConfig.SIGNING_KEY, KEY);
        settings.put(TrainerConfig.AS_OF, day(60).toString());
        settings.put(
                TrainerConfig.MATURITY_MS, String.valueOf(Duration.ofDays(7).toMillis()));
        settings.put(TrainerConfig.GAP_MS, String.valueOf(Duration.ofDays(2).toMillis()));
        settings.put(TrainerConfig.HOLDOUT_MS, String.valueOf(Duration.ofDays(5).toMillis()));
        settings.put(TrainerConfig.FOLDS, "2");
        settings.put(
                TrainerConfig.FOLD_VALIDATION_MS,
                String.valueOf(Duration.ofDays(5).toMillis()));
        settings.put(TrainerConfig.XGBOOST_MAX_TREES, "20");
        settings.put(TrainerConfig.XGBOOST_MAX_DEPTHS, "3");
        settings.put(TrainerConfig.XGBOOST_ETAS, "0.3");
        settings.put(TrainerConfig.LOGISTIC_LEARNING_RATES, "0.1");
        settings.put(TrainerConfig.LOGISTIC_EPOCHS, "1");
        settings.put(TrainerConfig.CARDS_PER_DAY, "10");
        settings.put(TrainerConfig.THREADS, "2");

        TrainerConfig cfg = config(Map.of());
        registry = SchemaRegistryClient.builder(stack.registryUrl()).build();
        topics = TopicCatalogue.create(cfg.topicSettings(), AvroSerdes.create(registry, true));
        try (var admin = org.apache.kafka.clients.admin.Admin.create(cfg.adminProps())) {
            new io.fraudstream.runtime.topics.TopicProvisioner(admin).ensure(topics.all());
        }
        History history = new History(17);
        try (KafkaProducer<String, TransactionFeatures> fp = new KafkaProducer<>(
                        new HashMap<>(cfg.producerProps()),
                        topics.transactionsFeatures().keySerde().serializer(),
                        topics.transactionsFeatures().valueSerde().serializer());
                KafkaProducer<String, FraudLabel> lp = new KafkaProducer<>(
                        new HashMap<>(cfg.producerProps()),
                        topics.transactionsLabels().keySerde().serializer(),
                        topics.transactionsLabels().valueSerde().serializer())) {
            for (int i = 0; i < TRANSACTIONS; i++) {
                History.Item item = history.next(i);
                fp.send(new ProducerRecord<>(topics.transactionsFeatures().name(), item.card(), item.features()));
                item.label()
                        .ifPresent(l -> lp.send(
                                new ProducerRecord<>(topics.transactionsLabels().name(), item.card(), l)));
            }
            fp.flush();
            lp.flush();
        }
    }

    @AfterAll
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void shouldTrainAndPublishAModelThatAConsumerLoadsVerifiesAndValidates() throws Exception {
        TrainingOutcome outcome = train(ChampionGate.Mode.GATED);

        // then the new model beats chance clearly, the report exists, and it became champion
        assertThat(outcome.decision().outcome()).isEqualTo(ChampionGate.Outcome.PUBLISH_CHAMPION);
        assertThat(outcome.candidate().evaluation().rocAuc()).isGreaterThan(0.85);
        assertThat(outcome.rows())
                .isEqualTo(outcome.data().fraud() + outcome.data().legitimate());
        assertThat(outcome.data().featuresRead()).isEqualTo(TRANSACTIONS);
        assertThat(outcome.reportDir().resolve("report.html")).exists();
        assertThat(Files.readString(outcome.reportDir().resolve("report.html")))
                .contains("<svg")
                .doesNotContain("<script", "src=", "href=", "@import");
        assertThat(Files.readString(outcome.reportDir().resolve("metrics.json")))
                .contains("\"average_precision\"");

        // and a consumer reads it, verifies the signature and predicts with it
        ModelRecord record = latestModel();
        assertThat(record.getSlot()).isEqualTo(ModelSlot.CHAMPION);
        assertThat(record.getVersion()).isEqualTo(1);
        assertThat(ModelSignature.withKey(KEY).verify(record).valid()).isTrue();
        LoadedModel loaded = new ModelLoader(
                        Optional.of(ModelSignature.withKey(KEY)),
                        FeatureSet.VERSION,
                        FeatureVector.featureNames(),
                        ModelLoader.FeatureMatch.EXACT)
                .loadWithModel(record, 0);
        assertThat(record.getFeatureNames()).isEqualTo(FeatureVector.featureNames());
        assertThat(record.getReviewThreshold()).isLessThanOrEqualTo(record.getDeclineThreshold());
        assertThat(record.getMetrics()).containsKeys("average_precision", "roc_auc", "recall_at_1pct_fpr");
        // refit on the whole mature window after the gate, thresholds on the served (calibrated) scale
        assertThat(outcome.finalFit().refit()).isTrue();
        assertThat(record.getTrainingTo()).isEqualTo(outcome.split().window().to());
        assertThat(record.getMetrics().get("final_fit_rows")).isEqualTo((double) outcome.rows());
        assertThat(record.getProvenance())
                .containsEntry("final.fit.window", outcome.split().window().toString());
        // the record's provenance is the published model's own lineage, typed inside the model's protobuf
        Model<?> published =
                Model.deserialize(ModelProto.parseFrom(record.getModelBytes().duplicate()));
        assertThat(ModelLineage.recordProvenance(published)).isEqualTo(record.getProvenance());
        assertThat(published
                        .getProvenance()
                        .getInstanceProvenance()
                        .getMap()
                        .get("data.reads")
                        .toString())
                .contains(
                        topics.transactionsFeatures().name(),
                        topics.transactionsLabels().name(),
                        "end.offsets");
        ScoreScale scale = ScoreScale.of(record);
        assertThat(record.getReviewThreshold())
                .isEqualTo(scale.apply(record.getMetrics().get("threshold_review_raw")));
        double fraudLike = score(loaded, TestFeatures.transaction("new-1", "card-x", day(61), 3.0));
        double legitLike = score(loaded, TestFeatures.transaction("new-2", "card-y", day(61), 0.0));
        assertThat(fraudLike).isGreaterThan(legitLike);
        loaded.close();
    }

    @Test
    @Order(2)
    void shouldNotReplaceAChampionThatTheNewModelDoesNotBeat() throws Exception {
        // the same data and seed give the same evaluated model; the champion is that model refit on the whole window,
        // this holdout included, so it is re-scored partly in-sample (and said to be) and the new model cannot beat it
        TrainingOutcome outcome = train(ChampionGate.Mode.GATED);

        assertThat(outcome.champion()).isPresent();
        assertThat(outcome.championStatus()).contains("re-scored partly on its own training data");
        assertThat(outcome.decision().outcome()).isEqualTo(ChampionGate.Outcome.NOT_PUBLISHED);
        assertThat(outcome.finalFit().refit()).isFalse();
        assertThat(latestModel().getVersion()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void shouldPublishAsChallengerOnRequest() throws Exception {
        TrainingOutcome outcome = train(ChampionGate.Mode.CHALLENGER);

        assertThat(outcome.published()).isPresent();
        ModelRecord record = latestModel();
        assertThat(record.getSlot()).isEqualTo(ModelSlot.CHALLENGER);
        assertThat(record.getVersion()).isEqualTo(2);
        assertThat(ModelSignature.withKey(KEY).verify(record).valid()).isTrue();
    }

    @Test
    @Order(4)
    void shouldCarryAMultiMegabyteModelThroughTheModelsTopic() throws Exception {
        byte[] payload = new byte[2_500_000];
        new Random(1).nextBytes(payload); // incompressible: the worst case for the size limits
        ModelRecord big = ModelSignature.withKey(KEY).sign(latestModel());
        big.setModelBytes(ByteBuffer.wrap(payload));
        big = ModelSignature.withKey(KEY).sign(big);
        big.setSlot(ModelSlot.CHALLENGER);

        new ModelPublisher(config(Map.of()).producerProps()).publish(topics.fraudModels(), big);

        ModelRecord back = latestModel();
        assertThat(back.getModelBytes().remaining()).isEqualTo(payload.length);
        assertThat(ModelSignature.withKey(KEY).verify(back).valid()).isTrue();
    }

    private TrainingOutcome train(ChampionGate.Mode mode) {
        RunOptions options = new RunOptions(Optional.empty(), Optional.empty(), false, mode);
        return new TrainJob(
                        config(Map.of(
                                TrainerConfig.REPORT_DIR,
                                reports.resolve(mode.name() + System.nanoTime()).toString())),
                        options,
                        Progress.none())
                .run()
                .orElseThrow();
    }

    private TrainerConfig config(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(extra);
        return ConfigLoader.create()
                .withEnvironment(Map.of())
                .withOverrides(all)
                .load(TrainerConfig.definition(), TrainerConfig::new);
    }

    private static double score(LoadedModel loaded, TransactionFeatures record) {
        FeatureVector v = FeatureVector.of(record);
        return TribuoData.fraudScore(loaded.model()
                .predict(
                        new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, v.names().toArray(String[]::new), v.values())));
    }

    /** The last record on the models topic, read like the scoring service reads it. */
    private ModelRecord latestModel() {
        Map<String, Object> props = new HashMap<>(config(Map.of()).consumerProps());
        props.putAll(TopicCatalogue.MODEL_CONSUMER_CONFIGS);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var spec = topics.fraudModels();
        try (KafkaConsumer<String, ModelRecord> consumer = new KafkaConsumer<>(
                props, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
            TopicPartition tp = new TopicPartition(spec.name(), 0);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            consumer.seekToBeginning(List.of(tp));
            List<ModelRecord> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
                return consumer.position(tp) >= end;
            });
            return records.get(records.size() - 1);
        }
    }

    /**
     * Seeded labelled history over days 0..40: fraud (5 %) has every feature near 3, legitimate near 0.5 (with noise
     * and some missing values); every fraud is labelled 2 days later, some legitimate transactions too.
     */
    private static final class History {
        private final Random random;

        History(long seed) {
            this.random = new Random(seed);
        }

        record Item(String card, TransactionFeatures features, Optional<FraudLabel> label) {}

        Item next(int i) {
            Instant t = day(40.0 * i / TRANSACTIONS);
            boolean fraud = random.nextDouble() < FRAUD_RATE;
            double level = (fraud ? 2.5 : 0.5) + random.nextGaussian() * 0.8;
            if (random.nextDouble() < 0.05) {
                level = -Math.abs(level); // nullable features missing
            }
            String id = "it-" + i;
            String card = "card-" + random.nextInt(400);
            Optional<FraudLabel> label = fraud
                    ? Optional.of(TestFeatures.label(id, t, t.plus(Duration.ofDays(2)), Verdict.FRAUD))
                    : random.nextDouble() < 0.02
                            ? Optional.of(TestFeatures.label(id, t, t.plus(Duration.ofDays(1)), Verdict.LEGITIMATE))
                            : Optional.empty();
            return new Item(card, TestFeatures.transaction(id, card, t, level), label);
        }
    }
}
