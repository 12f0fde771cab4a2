package io.fraudstream.scoring;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.models.ModelLoader;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.model.ModelRegistry;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The scoring topology (Processor API, every node and store named):
 * <pre>
 *  fraud.models ──► {@value #MODELS_SOURCE} ──► {@value #MODELS_LOADER} (global, store {@value #MODELS_STORE})
 *                                                  │ verify · deserialize once · validate · swap (ModelRegistry)
 *  transactions.features ──► {@value #FEATURES_SOURCE} ──► {@value #SCORE} (store {@value #RECENT_SCORES_STORE})
 *        rules · champion score · challenger shadow score · decision · reasons
 *        │    (a score is serialized once: the same bytes go to transactions.scored and the store)
 *        ├──► {@value #SCORED_SINK} → transactions.scored (every event, key = card)
 *        ├──► {@value #ALERTS_SINK} → fraud.alerts (REVIEW and DECLINE, key = card)
 *        └──► {@value #DLQ_SINK} → transactions.dlq (unreadable records, other feature-set versions)
 * </pre>
 * {@link #build} is the standalone scoring service's topology. {@link #addScoring} adds everything right of the
 * features source to any topology, under any parent node: the one-hop application attaches it to the feature
 * topology's node that forwards completed feature records, so one processor serves both deployments.
 *
 * <p>The {@link ModelRegistry} passed in is the one the scoring threads read: it is shared state between the global
 * thread and the stream threads of this instance, which is the point (one deserialization per model and instance).
 */
public final class ScoringTopology {

    public static final String MODELS_SOURCE = "models-source";
    public static final String MODELS_LOADER = "models-loader";
    public static final String MODELS_STORE = "scoring-models-store";
    public static final String FEATURES_SOURCE = "features-source";
    public static final String SCORE = "score";
    public static final String RECENT_SCORES_STORE = "scoring-recent-scores";
    public static final String SCORED_SINK = "scored-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String DLQ_SINK = "dlq-sink";

    private ScoringTopology() {}

    /** Topic names the processors need. */
    record Names(String featuresTopic, String modelsTopic, String scoredTopic, String alertsTopic) {}

    /**
     * Builds the standalone service's topology: a {@value #FEATURES_SOURCE} source of {@code transactions.features}
     * (bytes, decoded by the scoring processor: {@link FeatureInput#encoded}) and {@link #addScoring}.
     *
     * @param topics    the catalogue (names and serdes)
     * @param signature verifier of model records; empty rejects every model (rules-only service)
     * @param settings  rules, thresholds, reasons, retention, clock
     * @param registry  the models in service (filled by the global processor, read by the scoring processor)
     * @param metrics   meters
     */
    public static Topology build(
            TopicCatalogue topics,
            Optional<ModelSignature> signature,
            ScoringSettings settings,
            ModelRegistry registry,
            ScoringMetrics metrics) {
        Topology t = new Topology();
        t.addSource(
                FEATURES_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                topics.transactionsFeatures().name());
        addScoring(
                t,
                FEATURES_SOURCE,
                FeatureInput.encoded(topics.transactionsFeatures().valueSerde().deserializer()),
                topics,
                signature,
                settings,
                registry,
                metrics);
        return t;
    }

    /**
     * Adds scoring to {@code t}: the models global store ({@value #MODELS_SOURCE}, {@value #MODELS_LOADER},
     * {@value #MODELS_STORE}), the {@value #SCORE} processor under {@code parentNode} with its
     * {@value #RECENT_SCORES_STORE} store, and the {@value #SCORED_SINK} and {@value #ALERTS_SINK} sinks; for
     * {@linkplain FeatureInput#encoded encoded} input, which can be unreadable, also the {@value #DLQ_SINK} sink.
     * {@code parentNode} forwards feature records keyed by card token, of the type {@code input} says.
     *
     * @param t          the topology to add to (none of the names above may be taken in it)
     * @param parentNode the node whose feature records are scored
     * @param input      what {@code parentNode} forwards
     * @param topics     the catalogue (names and serdes)
     * @param signature  verifier of model records; empty rejects every model (rules-only decisions)
     * @param settings   rules, thresholds, reasons, retention, clock
     * @param registry   the models in service (filled by the global processor, read by the scoring processor)
     * @param metrics    meters
     */
    public static <V> Topology addScoring(
            Topology t,
            String parentNode,
            FeatureInput<V> input,
            TopicCatalogue topics,
            Optional<ModelSignature> signature,
            ScoringSettings settings,
            ModelRegistry registry,
            ScoringMetrics metrics) {
        Names names = new Names(
                topics.transactionsFeatures().name(),
                topics.fraudModels().name(),
                topics.transactionsScored().name(),
                topics.fraudAlerts().name());
        ModelLoader loader = new ModelLoader(signature, FeatureSet.VERSION, FeatureVector.featureNames());
        Serde<ModelRecord> modelSerde = topics.fraudModels().valueSerde();
        Serde<ScoredTransaction> scoredSerde = topics.transactionsScored().valueSerde();
        Serde<ScoredTransaction> alertSerde = topics.fraudAlerts().valueSerde();
        Serde<DeadLetter> dlqSerde = topics.transactionsDlq().valueSerde();

        t.addGlobalStore(
                modelsStore(),
                MODELS_SOURCE,
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                names.modelsTopic(),
                MODELS_LOADER,
                () -> new ModelUpdateProcessor(
                        MODELS_STORE,
                        names.modelsTopic(),
                        modelSerde.deserializer(),
                        loader,
                        registry,
                        metrics,
                        settings.clock()));
        t.addProcessor(
                SCORE,
                () -> new ScoringProcessor<>(
                        names, input, scoredSerde.serializer(), alertSerde.serializer(), registry, settings, metrics),
                parentNode);
        t.addStateStore(recentScoresStore(settings.recentScoresRetention()), SCORE);
        t.addSink(SCORED_SINK, names.scoredTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE);
        t.addSink(ALERTS_SINK, names.alertsTopic(), new StringSerializer(), new ByteArraySerializer(), SCORE);
        if (input instanceof FeatureInput.Encoded) {
            t.addSink(
                    DLQ_SINK, topics.transactionsDlq().name(), new ByteArraySerializer(), dlqSerde.serializer(), SCORE);
        }
        return t;
    }

    /** Global store of the accepted model records' bytes, by slot key; in memory, rebuilt from fraud.models at start. */
    private static StoreBuilder<KeyValueStore<String, byte[]>> modelsStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /**
     * Recent scores by transaction id, timestamped with the scoring wall-clock time and kept for {@code retention}
     * (segmented, changelogged window store; the window size is the retention so a fetch spans it all). Values are the
     * bytes written to transactions.scored (registry wire format, read back by {@link RecentScores}): a score is
     * serialized once for the topic, the store and its changelog.
     */
    private static StoreBuilder<WindowStore<String, byte[]>> recentScoresStore(Duration retention) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(RECENT_SCORES_STORE, retention, retention, false),
                Serdes.String(),
                Serdes.ByteArray());
    }
}
