package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.stages.FeatureNames.*;

import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.featurestream.cleaning.TransactionCleaner;
import io.fraudstream.featurestream.stages.CardStage;
import io.fraudstream.featurestream.stages.Checked;
import io.fraudstream.featurestream.stages.CleaningProcessor;
import io.fraudstream.featurestream.stages.EnrichedTransaction;
import io.fraudstream.featurestream.stages.EventTimeExtractors;
import io.fraudstream.featurestream.stages.InputProgress;
import io.fraudstream.featurestream.stages.LabelValidationProcessor;
import io.fraudstream.featurestream.stages.MerchantEvent;
import io.fraudstream.featurestream.stages.MerchantEventSerde;
import io.fraudstream.featurestream.stages.MerchantLookup;
import io.fraudstream.featurestream.stages.MerchantStage;
import io.fraudstream.featurestream.stages.MerchantState;
import io.fraudstream.featurestream.stages.ProgressEmitter;
import io.fraudstream.featurestream.stages.ToDeadLetter;
import io.fraudstream.featurestream.stages.Watermarks;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.serde.Sourced;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The feature stream's topology: raw transactions in, {@code TransactionFeatures} out, in event time.
 *
 * <pre>
 * transactions.raw ─► clean ─┬─ invalid ─► transactions.dlq
 *                            └─ valid ─► enrich (reference.merchants, reference.cards: GlobalKTables)
 *                                     ─► card-features [card-history] (dedupe, per-card windows) ─┬─────────────────┐
 *   merchant-features [merchant-waiting; reads the global store merchant-state-store]: merchant and     │                 │
 *   terminal features as of t - lag, once the merchant partition's published watermark is past it ◄─────┘                 │
 *                                     ─► transactions.features (and, in the one-hop application, scoring)               │
 *                                                                                                                       │
 *   (off the scoring path) key by merchant ─► transaction-progress (+ watermarks) ◄─────────────────────────────────────┘
 *                                     ─► repartition merchant-transactions (watermarks to every partition) ─┐
 * transactions.labels ─► validate ─┬─ invalid ─► transactions.dlq                                           │
 *                                  └─ valid ─► key by merchant ─► label-progress (+ watermarks)             │
 *                                     ─► repartition merchant-labels (watermarks to every partition) ───────┤
 *                                                                                                           ▼
 *        merchant-state [merchant-history, terminal-history, merchant-pending, merchant-watermarks, merchant-unpublished]:
 *        events applied in event-time order up to the smallest watermark of the upstream tasks; changed histories,
 *        then the watermark, published ─► features.merchant-state (compacted) ─► merchant-state-store (global, every
 *        instance)
 * </pre>
 *
 * <p>Records Kafka Streams cannot deserialize, and records a processor throws on, go to {@code transactions.dlq}
 * through the {@link io.fraudstream.runtime.streams.DeadLetterExceptionHandler} configured in the Streams
 * properties ({@link FeatureStreamConfig#streamsProps}). Every operator, store and repartition topic is named
 * ({@link io.fraudstream.featurestream.stages.FeatureNames}), and the builder enforces it
 * ({@code ensure.explicit.internal.resource.naming}).
 *
 * <p>Exactness: the merchant stage is fed by tasks partitioned by card (and by label), which work through their
 * partitions at different speeds; it applies events in event-time order up to the smallest watermark of those tasks
 * ({@link Watermarks}) and publishes its state with that watermark ({@link MerchantState}). A transaction's merchant
 * features are taken as of {@code t - lag} from that state once it is complete up to there ({@link MerchantLookup}), so
 * they do not depend on consumption speed or on the number of partitions. The scoring path crosses no topic: in live
 * traffic the published state is within the lag of the wall clock and no transaction waits. Output order: a
 * transaction that waited for merchant state (replay, catch-up) leaves after later ones of its card; each record
 * carries its event time.
 *
 * <p>Nothing a producer sends can make the broker refuse a record this topology writes: event times outside the
 * accepted range (at most {@code features.event.time.max.future.ms}, capped at the broker's default 1 hour, after the
 * wall clock) never become record timestamps ({@link EventTimeExtractors}); dead letters are stamped with the
 * processing time and carry the original headers as a field, not as headers ({@link ToDeadLetter}); values and headers
 * above {@link io.fraudstream.featurestream.cleaning.RecordLimits} are dead-lettered, not copied.
 */
public final class FeatureTopology {

    /**
     * The processor node that forwards every completed feature record (key: card token, value:
     * {@link io.fraudstream.schemas.avro.TransactionFeatures}, trace headers) to the {@code transactions.features}
     * sink. An application that composes this topology with more processing (the one-hop application's scoring)
     * attaches its processors to this node.
     */
    public static final String FEATURES_NODE = MERCHANT_FEATURES;

    private FeatureTopology() {}

    /**
     * Builds the topology. Pure: creates no clients and starts nothing.
     *
     * @param topics   topic names and serdes
     * @param settings cleaning, windows, grace, caps
     * @param metrics  where the stream's own counters go
     */
    public static Topology build(TopicCatalogue topics, FeatureSettings settings, FeatureStreamMetrics metrics) {
        return build(topics, settings, metrics, InputProgress.ALWAYS_CAUGHT_UP);
    }

    /**
     * Builds the topology. Pure: creates no clients and starts nothing.
     *
     * @param topics        topic names and serdes
     * @param settings      cleaning, windows, grace, caps, ordering
     * @param metrics       where the stream's own counters go
     * @param inputProgress whether a card-stage or label task has read its input partition to the end (only then may it
     *                      say it is idle)
     */
    public static Topology build(
            TopicCatalogue topics,
            FeatureSettings settings,
            FeatureStreamMetrics metrics,
            InputProgress inputProgress) {
        StreamsBuilder builder = new StreamsBuilder(namingEnforced());
        builder.addStateStore(bytesStore(CARD_STORE, settings.inMemoryStores(), false));
        builder.addStateStore(store(MERCHANT_STORE, settings.inMemoryStores(), true));
        builder.addStateStore(terminalStore(settings.inMemoryStores()));
        builder.addStateStore(bytesStore(MERCHANT_PENDING_STORE, settings.inMemoryStores(), false));
        builder.addStateStore(store(MERCHANT_WATERMARK_STORE, true, false));
        builder.addStateStore(bytesStore(MERCHANT_UNPUBLISHED_STORE, settings.inMemoryStores(), true));
        builder.addStateStore(bytesStore(MERCHANT_WAITING_STORE, settings.inMemoryStores(), false));
        builder.addGlobalStore(
                merchantStateStore(),
                topics.featuresMerchantState().name(),
                Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName(MERCHANT_STATE_SOURCE),
                MerchantStateCopy::new);

        GlobalKTable<String, MerchantProfile> merchants = builder.globalTable(
                topics.referenceMerchants().name(),
                Consumed.with(
                                topics.referenceMerchants().keySerde(),
                                topics.referenceMerchants().valueSerde())
                        .withName(REFERENCE_MERCHANTS_SOURCE),
                Materialized.<String, MerchantProfile, KeyValueStore<Bytes, byte[]>>as(MERCHANT_REFERENCE_STORE)
                        .withKeySerde(topics.referenceMerchants().keySerde())
                        .withValueSerde(topics.referenceMerchants().valueSerde()));
        GlobalKTable<String, CardProfile> cards = builder.globalTable(
                topics.referenceCards().name(),
                Consumed.with(
                                topics.referenceCards().keySerde(),
                                topics.referenceCards().valueSerde())
                        .withName(REFERENCE_CARDS_SOURCE),
                Materialized.<String, CardProfile, KeyValueStore<Bytes, byte[]>>as(CARD_REFERENCE_STORE)
                        .withKeySerde(topics.referenceCards().keySerde())
                        .withValueSerde(topics.referenceCards().valueSerde()));

        TransactionCleaner cleaner = new TransactionCleaner(
                settings.currencies(),
                settings.outlierCapMinor(),
                settings.earliestEventTime(),
                settings.maxFutureSkew(),
                settings.clock());
        KStream<String, Checked<CleanedTransaction>> checked = builder.stream(
                        topics.transactionsRaw().name(),
                        Consumed.with(
                                        topics.transactionsRaw().keySerde(),
                                        Sourced.serde(topics.transactionsRaw()
                                                .valueSerde()
                                                .deserializer()))
                                .withTimestampExtractor(new EventTimeExtractors.TransactionTime(settings, metrics))
                                .withName(RAW_SOURCE))
                .processValues(() -> new CleaningProcessor(cleaner, metrics, settings.clock()), Named.as(CLEAN));
        Map<String, KStream<String, Checked<CleanedTransaction>>> cleaned = checked.split(Named.as(CLEAN_SPLIT))
                .branch((k, v) -> !v.passed(), Branched.as(INVALID_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        toDeadLetters(cleaned.get(CLEAN_SPLIT + INVALID_BRANCH), topics, INVALID_TO_DEAD_LETTER, DLQ_SINK_INVALID);

        KStream<String, EnrichedTransaction> enriched = cleaned.get(CLEAN_SPLIT + VALID_BRANCH)
                .mapValues(c -> new EnrichedTransaction(c.value(), null, null), Named.as(VALID_UNWRAP))
                .leftJoin(
                        merchants,
                        (card, e) -> e.cleaned().transaction().getMerchantId(),
                        EnrichedTransaction::withMerchant,
                        Named.as(ENRICH_MERCHANT))
                .leftJoin(cards, (card, e) -> card, EnrichedTransaction::withCard, Named.as(ENRICH_CARD))
                .peek((k, e) -> countMissingReferences(e, metrics), Named.as("count-missing-references"));

        MerchantEventSerde merchantEvents = new MerchantEventSerde();
        FeatureSettings.Ordering ordering = settings.ordering();
        KStream<String, TransactionFeatures> cardFeatures =
                enriched.processValues(() -> new CardStage(settings, metrics), Named.as(CARD_FEATURES), CARD_STORE);
        cardFeatures
                .process(
                        () -> new MerchantLookup(settings, metrics),
                        Named.as(MERCHANT_FEATURES),
                        MERCHANT_WAITING_STORE)
                .to(
                        topics.transactionsFeatures().name(),
                        Produced.with(
                                        topics.transactionsFeatures().keySerde(),
                                        topics.transactionsFeatures().valueSerde())
                                .withName(FEATURES_SINK));
        KStream<String, MerchantEvent> transactionsByMerchant = cardFeatures
                .selectKey((card, f) -> f.getTransaction().getMerchantId(), Named.as(KEY_BY_MERCHANT))
                .mapValues(MerchantEvent::transaction, Named.as(WRAP_TRANSACTION))
                .process(
                        () -> new ProgressEmitter(
                                Watermarks.TRANSACTIONS,
                                topics.transactionsRaw().name(),
                                inputProgress,
                                ordering.interval(),
                                ordering.lateness(),
                                ordering.idleAfter()),
                        Named.as(TRANSACTION_PROGRESS))
                .repartition(Repartitioned.with(Serdes.String(), merchantEvents)
                        .withStreamPartitioner(Watermarks.PARTITIONER)
                        .withName(MERCHANT_TRANSACTIONS)
                        .withNumberOfPartitions(settings.merchantPartitions()));

        Map<String, KStream<String, Checked<FraudLabel>>> labels = builder.stream(
                        topics.transactionsLabels().name(),
                        Consumed.with(
                                        topics.transactionsLabels().keySerde(),
                                        Sourced.serde(topics.transactionsLabels()
                                                .valueSerde()
                                                .deserializer()))
                                .withTimestampExtractor(new EventTimeExtractors.LabelTime(settings))
                                .withName(LABELS_SOURCE))
                .processValues(() -> new LabelValidationProcessor(settings, metrics), Named.as(VALIDATE_LABEL))
                .split(Named.as(LABEL_SPLIT))
                .branch((k, v) -> !v.passed(), Branched.as(INVALID_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        toDeadLetters(
                labels.get(LABEL_SPLIT + INVALID_BRANCH), topics, INVALID_LABEL_TO_DEAD_LETTER, DLQ_SINK_INVALID_LABEL);
        KStream<String, MerchantEvent> labelsByMerchant = labels.get(LABEL_SPLIT + VALID_BRANCH)
                .mapValues(Checked::value, Named.as(LABEL_UNWRAP))
                .selectKey((card, l) -> l.getMerchantId(), Named.as(LABEL_KEY_BY_MERCHANT))
                .mapValues(MerchantEvent::label, Named.as(WRAP_LABEL))
                .process(
                        () -> new ProgressEmitter(
                                Watermarks.LABELS,
                                topics.transactionsLabels().name(),
                                inputProgress,
                                ordering.interval(),
                                ordering.lateness(),
                                ordering.idleAfter()),
                        Named.as(LABEL_PROGRESS))
                .repartition(Repartitioned.with(Serdes.String(), merchantEvents)
                        .withStreamPartitioner(Watermarks.PARTITIONER)
                        .withName(MERCHANT_LABELS)
                        .withNumberOfPartitions(settings.merchantPartitions()));

        Set<String> upstreams = Watermarks.upstreams(ordering.rawPartitions(), ordering.labelPartitions());
        transactionsByMerchant
                .merge(labelsByMerchant, Named.as(MERGE_MERCHANT_EVENTS))
                .process(
                        () -> new MerchantStage(settings, metrics, upstreams),
                        Named.as(MERCHANT_STATE),
                        MERCHANT_STORE,
                        TERMINAL_STORE,
                        MERCHANT_PENDING_STORE,
                        MERCHANT_WATERMARK_STORE,
                        MERCHANT_UNPUBLISHED_STORE)
                .to(
                        topics.featuresMerchantState().name(),
                        Produced.with(Serdes.Bytes(), Serdes.ByteArray())
                                .withStreamPartitioner(MerchantState.partitioner(settings.merchantPartitions()))
                                .withName(MERCHANT_STATE_SINK));
        return builder.build();
    }

    private static <T> void toDeadLetters(
            KStream<String, Checked<T>> rejected, TopicCatalogue topics, String mapName, String sinkName) {
        rejected.process(ToDeadLetter<T>::new, Named.as(mapName))
                .to(
                        topics.transactionsDlq().name(),
                        Produced.<byte[], DeadLetter>with(
                                        topics.transactionsDlq().keySerde(),
                                        topics.transactionsDlq().valueSerde())
                                .withName(sinkName));
    }

    private static void countMissingReferences(EnrichedTransaction e, FeatureStreamMetrics metrics) {
        if (e.merchant() == null) {
            metrics.referenceMissing("merchant");
        }
        if (e.card() == null) {
            metrics.referenceMissing("card");
        }
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name, boolean inMemory, boolean cached) {
        KeyValueBytesStoreSupplier supplier =
                inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
        StoreBuilder<KeyValueStore<String, byte[]>> b =
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray());
        return cached ? b.withCachingEnabled() : b.withCachingDisabled();
    }

    /** The per-terminal histories: byte keys (merchant id, separator, terminal id), cached like the merchant store. */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> terminalStore(boolean inMemory) {
        KeyValueBytesStoreSupplier supplier = inMemory
                ? Stores.inMemoryKeyValueStore(TERMINAL_STORE)
                : Stores.persistentKeyValueStore(TERMINAL_STORE);
        return Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /**
     * A store ordered by its byte keys; without a cache where entries are mostly written once and deleted once (held
     * transactions, card events), with one where the same keys are written often (unpublished keys).
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> bytesStore(
            String name, boolean inMemory, boolean cached) {
        KeyValueBytesStoreSupplier supplier =
                inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
        StoreBuilder<KeyValueStore<Bytes, byte[]>> b =
                Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray());
        return cached ? b.withCachingEnabled() : b.withCachingDisabled();
    }

    /**
     * The global store of {@code features.merchant-state}: in memory (rebuilt from the compacted topic at start: one
     * record per merchant and terminal), no cache (card tasks read it while the global thread writes it) and no
     * changelog (the topic is its changelog).
     */
    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> merchantStateStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(MERCHANT_STATE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingDisabled();
    }

    /** Copies {@code features.merchant-state} into its global store as it is (a null value deletes). */
    private static final class MerchantStateCopy
            implements org.apache.kafka.streams.processor.api.Processor<Bytes, byte[], Void, Void> {
        private KeyValueStore<Bytes, byte[]> store;

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
            store = context.getStateStore(MERCHANT_STATE_STORE);
        }

        @Override
        public void process(org.apache.kafka.streams.processor.api.Record<Bytes, byte[]> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }

    /**
     * A topology config that makes {@code build()} fail on any auto-generated internal name. TopologyConfig needs a
     * StreamsConfig, which needs an application id and bootstrap servers: placeholders, as only topology-level
     * settings are read from it.
     */
    private static TopologyConfig namingEnforced() {
        return new TopologyConfig(new StreamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "feature-stream-topology",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "topology-only:9092",
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)));
    }
}
