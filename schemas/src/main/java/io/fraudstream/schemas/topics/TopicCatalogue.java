package io.fraudstream.schemas.topics;

import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.serde.Utf8Serde;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * Every topic of fraudstream, typed, in one immutable place. Topic names appear nowhere else: services ask the
 * catalogue for a {@link TopicSpec} and use its name and serdes.
 *
 * <p>Built from {@link Settings} (names, partitions, replication, retention; parsed from configuration by the
 * service runtime) and a {@link ValueSerdes} that makes the Avro value serdes.
 *
 * <p>Retention is by record timestamp, and records carry event time: a replay of history would be deleted at
 * once by a short retention, so topics that hold history (raw, features, labels, DLQ) keep records forever by
 * default. The scoring service's outputs ({@code transactions.scored}, {@code fraud.alerts}) carry the time of
 * scoring instead, so their 30-day retention keeps the last 30 days of decisions whatever the event times.
 */
public final class TopicCatalogue {

    /** Logical ids of every topic; also their default names. */
    public static final String TRANSACTIONS_RAW = "transactions.raw";

    public static final String TRANSACTIONS_DLQ = "transactions.dlq";
    public static final String TRANSACTIONS_FEATURES = "transactions.features";
    public static final String TRANSACTIONS_LABELS = "transactions.labels";
    public static final String TRANSACTIONS_SCORED = "transactions.scored";
    public static final String FRAUD_ALERTS = "fraud.alerts";
    public static final String FRAUD_MODELS = "fraud.models";
    public static final String REFERENCE_MERCHANTS = "reference.merchants";
    public static final String REFERENCE_CARDS = "reference.cards";
    public static final String FEATURES_MERCHANT_STATE = "features.merchant-state";

    /** All ids, in the order topics are listed and created. */
    public static final List<String> IDS = List.of(
            TRANSACTIONS_RAW,
            TRANSACTIONS_DLQ,
            TRANSACTIONS_FEATURES,
            TRANSACTIONS_LABELS,
            TRANSACTIONS_SCORED,
            FRAUD_ALERTS,
            FRAUD_MODELS,
            REFERENCE_MERCHANTS,
            REFERENCE_CARDS,
            FEATURES_MERCHANT_STATE);

    /** The ids of the topics whose values are Avro records with a registry subject: all but the internal ones. */
    public static final List<String> AVRO_IDS =
            IDS.stream().filter(id -> !id.equals(FEATURES_MERCHANT_STATE)).toList();

    private static final Duration SCORED_RETENTION = Duration.ofDays(30);

    /**
     * Largest record {@value #FRAUD_MODELS} accepts by default, in bytes (8 MiB; topic config {@code max.message.bytes}).
     * A boosted-trees model serializes to about 2 MB (0.7 MB compressed), over Kafka's 1 MB default; 8 MiB leaves
     * room for bigger models. Producers of models need {@code max.request.size} and consumers
     * {@code max.partition.fetch.bytes} of at least this much: see {@link #MODEL_PRODUCER_CONFIGS} and
     * {@link #MODEL_CONSUMER_CONFIGS}.
     */
    public static final int MODELS_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    /** Producer settings a publisher of {@value #FRAUD_MODELS} needs (record size, compression). */
    public static final Map<String, Object> MODEL_PRODUCER_CONFIGS =
            Map.of("max.request.size", MODELS_MAX_MESSAGE_BYTES, "compression.type", "zstd");

    /** Consumer settings a reader of {@value #FRAUD_MODELS} needs (fetch sizes at least one model record). */
    public static final Map<String, Object> MODEL_CONSUMER_CONFIGS = Map.of(
            "max.partition.fetch.bytes",
            MODELS_MAX_MESSAGE_BYTES,
            "fetch.max.bytes",
            Math.max(MODELS_MAX_MESSAGE_BYTES, 52_428_800));

    private final TopicSpec<String, Transaction> transactionsRaw;
    private final TopicSpec<byte[], DeadLetter> transactionsDlq;
    private final TopicSpec<String, TransactionFeatures> transactionsFeatures;
    private final TopicSpec<String, FraudLabel> transactionsLabels;
    private final TopicSpec<String, ScoredTransaction> transactionsScored;
    private final TopicSpec<String, ScoredTransaction> fraudAlerts;
    private final TopicSpec<String, ModelRecord> fraudModels;
    private final TopicSpec<String, MerchantProfile> referenceMerchants;
    private final TopicSpec<String, CardProfile> referenceCards;
    private final TopicSpec<Bytes, byte[]> featuresMerchantState;
    private final List<TopicSpec<?, ?>> all;
    private final List<TopicSpec<?, ?>> avro;
    private final Map<String, Schema> valueSchemas = new LinkedHashMap<>();

    private TopicCatalogue(Settings s, ValueSerdes typeSerdes) {
        Serde<String> str = Utf8Serde.create();
        RecordingSerdes serdes = new RecordingSerdes(typeSerdes);
        transactionsRaw = spec(
                s,
                TRANSACTIONS_RAW,
                "Transactions as received. Key: card token. Value: Transaction.",
                str,
                serdes.forValue(Transaction.class),
                CleanupPolicy.DELETE,
                Optional.empty());
        transactionsDlq = spec(
                s,
                TRANSACTIONS_DLQ,
                "Records a stage could not process. Key: the original key bytes. Value: DeadLetter (original bytes, reason, stage, source topic/partition/offset).",
                Serdes.ByteArray(),
                serdes.forValue(DeadLetter.class),
                CleanupPolicy.DELETE,
                Optional.empty());
        transactionsFeatures = spec(
                s,
                TRANSACTIONS_FEATURES,
                "Cleaned, enriched transactions with their features. Key: card token. Value: TransactionFeatures.",
                str,
                serdes.forValue(TransactionFeatures.class),
                CleanupPolicy.DELETE,
                Optional.empty());
        transactionsLabels = spec(
                s,
                TRANSACTIONS_LABELS,
                "Fraud labels (chargebacks, analyst verdicts), arriving late. Key: card token. Value: FraudLabel.",
                str,
                serdes.forValue(FraudLabel.class),
                CleanupPolicy.DELETE,
                Optional.empty());
        transactionsScored = spec(
                s,
                TRANSACTIONS_SCORED,
                "Every featured transaction with its score, decision and reasons. Key: card token. Value: ScoredTransaction.",
                str,
                serdes.forValue(ScoredTransaction.class),
                CleanupPolicy.DELETE,
                Optional.of(SCORED_RETENTION));
        fraudAlerts = spec(
                s,
                FRAUD_ALERTS,
                "The REVIEW and DECLINE subset of the scored transactions. Key: card token. Value: ScoredTransaction.",
                str,
                serdes.forValue(ScoredTransaction.class),
                CleanupPolicy.DELETE,
                Optional.of(SCORED_RETENTION));
        fraudModels = spec(
                s,
                FRAUD_MODELS,
                "Models in service, compacted. Key: model slot (champion, challenger). Value: ModelRecord.",
                str,
                serdes.forValue(ModelRecord.class),
                CleanupPolicy.COMPACT,
                Optional.empty(),
                Map.of(
                        org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        String.valueOf(MODELS_MAX_MESSAGE_BYTES)));
        referenceMerchants = spec(
                s,
                REFERENCE_MERCHANTS,
                "Merchant reference data, compacted. Key: merchant id. Value: MerchantProfile.",
                str,
                serdes.forValue(MerchantProfile.class),
                CleanupPolicy.COMPACT,
                Optional.empty());
        referenceCards = spec(
                s,
                REFERENCE_CARDS,
                "Card reference data, compacted. Key: card token. Value: CardProfile.",
                str,
                serdes.forValue(CardProfile.class),
                CleanupPolicy.COMPACT,
                Optional.empty());
        featuresMerchantState = spec(
                s,
                FEATURES_MERCHANT_STATE,
                "Merchant and terminal state the feature stream's merchant stage publishes, compacted; every feature-stream "
                        + "instance reads it as a global store. Key: kind byte and merchant (terminal) id, or a stage "
                        + "partition's watermark. Value: the merchant history (feature stream's internal binary form).",
                Serdes.Bytes(),
                Serdes.ByteArray(),
                CleanupPolicy.COMPACT,
                Optional.empty());
        avro = List.of(
                transactionsRaw,
                transactionsDlq,
                transactionsFeatures,
                transactionsLabels,
                transactionsScored,
                fraudAlerts,
                fraudModels,
                referenceMerchants,
                referenceCards);
        all = java.util.stream.Stream.concat(avro.stream(), java.util.stream.Stream.of(featuresMerchantState))
                .toList();
        List<Class<?>> types = serdes.types;
        for (int i = 0; i < avro.size(); i++) {
            valueSchemas.put(avro.get(i).id(), SpecificData.get().getSchema(types.get(i)));
        }
        for (String id : java.util.stream.Stream.concat(s.overrides.keySet().stream(), s.configs.keySet().stream())
                .toList()) {
            if (!IDS.contains(id)) {
                throw new IllegalArgumentException("unknown topic id '" + id + "' (known: " + IDS + ")");
            }
        }
    }

    /** Builds the catalogue; topic names and layout from {@code settings}, value serdes from {@code serdes}. */
    public static TopicCatalogue create(Settings settings, ValueSerdes serdes) {
        return new TopicCatalogue(
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(serdes, "serdes"));
    }

    private static <K, V> TopicSpec<K, V> spec(
            Settings s,
            String id,
            String doc,
            Serde<K> keySerde,
            Serde<V> valueSerde,
            CleanupPolicy policy,
            Optional<Duration> defaultRetention) {
        return spec(s, id, doc, keySerde, valueSerde, policy, defaultRetention, Map.of());
    }

    private static <K, V> TopicSpec<K, V> spec(
            Settings s,
            String id,
            String doc,
            Serde<K> keySerde,
            Serde<V> valueSerde,
            CleanupPolicy policy,
            Optional<Duration> defaultRetention,
            Map<String, String> defaultConfigs) {
        Override o = s.overrides.getOrDefault(id, Override.NONE);
        int partitions = o.partitions()
                .orElse(policy == CleanupPolicy.COMPACT && FRAUD_MODELS.equals(id) ? 1 : s.defaultPartitions);
        Optional<Duration> retention = o.retention().isPresent() ? o.retention().get() : defaultRetention;
        Map<String, String> configs = new LinkedHashMap<>(defaultConfigs);
        configs.putAll(s.configs.getOrDefault(id, Map.of()));
        return new TopicSpec<>(
                id,
                o.name().orElse(id),
                doc,
                keySerde,
                valueSerde,
                partitions,
                s.replicationFactor,
                policy,
                retention,
                configs);
    }

    /** {@value #TRANSACTIONS_RAW}: transactions as received. */
    public TopicSpec<String, Transaction> transactionsRaw() {
        return transactionsRaw;
    }

    /** {@value #TRANSACTIONS_DLQ}: dead letters from every stage. */
    public TopicSpec<byte[], DeadLetter> transactionsDlq() {
        return transactionsDlq;
    }

    /** {@value #TRANSACTIONS_FEATURES}: featured transactions. */
    public TopicSpec<String, TransactionFeatures> transactionsFeatures() {
        return transactionsFeatures;
    }

    /** {@value #TRANSACTIONS_LABELS}: late fraud labels. */
    public TopicSpec<String, FraudLabel> transactionsLabels() {
        return transactionsLabels;
    }

    /** {@value #TRANSACTIONS_SCORED}: scored transactions. */
    public TopicSpec<String, ScoredTransaction> transactionsScored() {
        return transactionsScored;
    }

    /** {@value #FRAUD_ALERTS}: REVIEW and DECLINE decisions. */
    public TopicSpec<String, ScoredTransaction> fraudAlerts() {
        return fraudAlerts;
    }

    /** {@value #FRAUD_MODELS}: compacted model slots. */
    public TopicSpec<String, ModelRecord> fraudModels() {
        return fraudModels;
    }

    /** {@value #REFERENCE_MERCHANTS}: compacted merchant profiles. */
    public TopicSpec<String, MerchantProfile> referenceMerchants() {
        return referenceMerchants;
    }

    /** {@value #REFERENCE_CARDS}: compacted card profiles. */
    public TopicSpec<String, CardProfile> referenceCards() {
        return referenceCards;
    }

    /**
     * {@value #FEATURES_MERCHANT_STATE}: merchant state published by the feature stream (compacted; binary, not Avro:
     * only the feature stream reads it).
     */
    public TopicSpec<Bytes, byte[]> featuresMerchantState() {
        return featuresMerchantState;
    }

    /** Every topic, in {@link #IDS} order. */
    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    /** The topics whose values are Avro records registered in the schema registry: all but the internal ones. */
    public List<TopicSpec<?, ?>> avroTopics() {
        return avro;
    }

    /** The topic with logical id {@code id}. */
    public TopicSpec<?, ?> byId(String id) {
        return all.stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic id '" + id + "' (known: " + IDS + ")"));
    }

    /**
     * The Avro schema of the values of the topic with logical id {@code id}: the schema its value serde writes and
     * registers, in the form {@link Schema#toString()} gives (named types defined inline, no references). Every topic
     * but {@value #FEATURES_MERCHANT_STATE} (internal binary values) has one.
     */
    public Schema valueSchema(String id) {
        Schema schema = valueSchemas.get(id);
        if (schema == null) {
            throw new IllegalArgumentException(
                    "no Avro value schema for topic id '" + id + "' (known: " + valueSchemas.keySet() + ")");
        }
        return schema;
    }

    /** Remembers, in order, the value type of each serde it makes: the value types of {@link #all} in order. */
    private static final class RecordingSerdes implements ValueSerdes {
        private final ValueSerdes delegate;
        private final List<Class<?>> types = new java.util.ArrayList<>();

        RecordingSerdes(ValueSerdes delegate) {
            this.delegate = delegate;
        }

        @java.lang.Override
        public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
            types.add(type);
            return delegate.forValue(type);
        }
    }

    /** Per-topic overrides of the defaults. Empty optionals keep the default. */
    public record Override(
            Optional<String> name, Optional<Integer> partitions, Optional<Optional<Duration>> retention) {
        static final Override NONE = new Override(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Immutable layout settings; build with {@link #builder()}. */
    public static final class Settings {
        private final int defaultPartitions;
        private final short replicationFactor;
        private final Map<String, Override> overrides;
        private final Map<String, Map<String, String>> configs;

        private Settings(Builder b) {
            this.defaultPartitions = b.defaultPartitions;
            this.replicationFactor = b.replicationFactor;
            this.overrides = Map.copyOf(b.overrides);
            Map<String, Map<String, String>> c = new LinkedHashMap<>();
            b.configs.forEach((id, m) -> c.put(id, Map.copyOf(m)));
            this.configs = Map.copyOf(c);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Defaults: 3 partitions, replication factor 1, default names. */
        public static Settings defaults() {
            return builder().build();
        }

        public static final class Builder {
            private int defaultPartitions = 3;
            private short replicationFactor = 1;
            private final Map<String, Override> overrides = new LinkedHashMap<>();
            private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();

            public Builder defaultPartitions(int partitions) {
                if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
                this.defaultPartitions = partitions;
                return this;
            }

            public Builder replicationFactor(int rf) {
                if (rf < 1 || rf > Short.MAX_VALUE)
                    throw new IllegalArgumentException("replication factor must be >= 1, was " + rf);
                this.replicationFactor = (short) rf;
                return this;
            }

            public Builder name(String id, String name) {
                return update(id, o -> new Override(Optional.of(name), o.partitions(), o.retention()));
            }

            public Builder partitions(String id, int partitions) {
                return update(id, o -> new Override(o.name(), Optional.of(partitions), o.retention()));
            }

            /** Retention for a delete-policy topic; {@code Optional.empty()} means infinite. */
            public Builder retention(String id, Optional<Duration> retention) {
                return update(id, o -> new Override(o.name(), o.partitions(), Optional.of(retention)));
            }

            /**
             * A further broker-side topic config for topic {@code id} (for example {@code max.message.bytes}),
             * added to or replacing the catalogue's default for that key. Not for cleanup policy or retention.
             */
            public Builder config(String id, String key, String value) {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
                configs.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(key, value);
                return this;
            }

            private Builder update(String id, java.util.function.UnaryOperator<Override> f) {
                overrides.put(id, f.apply(overrides.getOrDefault(id, Override.NONE)));
                return this;
            }

            public Settings build() {
                return new Settings(this);
            }
        }
    }
}
