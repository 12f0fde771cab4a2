package io.fraudstream.runtime.config;

import io.fraudstream.schemas.topics.TopicCatalogue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * The configuration every fraudstream service shares, declared once in {@link #baseDefinition()} and parsed once,
 * at construction, into final typed fields.
 *
 * <p>Load it with {@link ConfigLoader} (defaults &lt; local stack file &lt; properties file &lt; environment &lt;
 * overrides). Kafka client settings pass through untouched under the prefixes {@code kafka.} (every client),
 * {@code producer.}, {@code consumer.}, {@code admin.} and {@code streams.} (one client kind, overlaid on
 * {@code kafka.}); every other key must be declared, so a typo is a startup error rather than a silently
 * ignored setting.
 *
 * <p>A service with keys of its own extends both the definition and the class:
 * <pre>{@code
 * public final class ScoringConfig extends RuntimeConfig {
 *     public static ConfigDef definition() {
 *         return RuntimeConfig.baseDefinition("scoring-service")
 *                 .define("scoring.review.threshold", Type.DOUBLE, 0.5, Range.between(0, 1), Importance.HIGH, "...");
 *     }
 *     private final double reviewThreshold;
 *     public ScoringConfig(Map<?, ?> props) {
 *         super(definition(), props);
 *         reviewThreshold = getDouble("scoring.review.threshold");
 *     }
 * }
 * ScoringConfig cfg = ConfigLoader.create().withOverrides(cli).load(ScoringConfig.definition(), ScoringConfig::new);
 * }</pre>
 */
public class RuntimeConfig extends AbstractConfig {

    /** Kafka bootstrap servers, {@code host:port,...}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Base URL of the Confluent-compatible Schema Registry API. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** The service's name: Kafka Streams application id, metrics tag. */
    public static final String SERVICE_NAME = "service.name";
    /** Interface the HTTP endpoints bind to. */
    public static final String HTTP_HOST = "http.host";
    /** Port the HTTP endpoints bind to; 0 = ephemeral. */
    public static final String HTTP_PORT = "http.port";
    /** Default partition count of the catalogue's topics. */
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    /** Replication factor of the catalogue's topics. */
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    /** Whether to create missing topics (and verify existing ones) at start. */
    public static final String TOPICS_PROVISION = "topics.provision";
    /** Compression codec of every record the service's Kafka Streams application writes. */
    public static final String OUTPUT_COMPRESSION = "output.compression";
    /** What a Kafka Streams thread's uncaught exception does. */
    public static final String STREAMS_UNCAUGHT_EXCEPTION_POLICY = "streams.uncaught.exception.policy";
    /** How long a graceful shutdown may take. */
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdown.timeout.ms";
    /** Connection file written by {@code ./fraudstream local start}. */
    public static final String LOCAL_STACK_FILE = "local.stack.file";

    /**
     * Prefixes of keys handed to Kafka clients untouched (prefix stripped). {@code kafka.} applies to every
     * client; the others to one kind of client, overlaid on {@code kafka.}. Declared keys under these prefixes
     * (such as {@value #STREAMS_UNCAUGHT_EXCEPTION_POLICY}) are fraudstream's own and never passed through.
     */
    public static final List<String> PASS_THROUGH_PREFIXES =
            List.of("kafka.", "producer.", "consumer.", "admin.", "streams.");

    /** Keys a {@linkplain #LOCAL_STACK_FILE local stack connection file} may supply. */
    public static final List<String> LOCAL_STACK_KEYS = List.of(KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL);

    private static final String KAFKA_PREFIX = "kafka.";

    private final List<String> bootstrapServers;
    private final Optional<URI> schemaRegistryUrl;
    private final String serviceName;
    private final String httpHost;
    private final int httpPort;
    private final TopicCatalogue.Settings topicSettings;
    private final boolean provisionTopics;
    private final OutputCompression outputCompression;
    private final StreamThreadExceptionResponse uncaughtExceptionPolicy;
    private final Duration shutdownTimeout;
    private final Optional<Path> localStackFile;
    private final Map<String, Object> kafkaClientProps;
    private final Map<String, Object> producerProps;
    private final Map<String, Object> consumerProps;
    private final Map<String, Object> adminProps;
    private final Map<String, Object> streamsProps;

    /**
     * Producer settings of the Kafka Streams services unless configured: 256 KB batches (Kafka's default is 16 KB),
     * compressed as {@value #OUTPUT_COMPRESSION} says (LZ4 by default), and a linger of 5 ms instead of the 100 ms
     * Kafka Streams sets: under exactly-once a record is visible only after its transaction commits, which flushes
     * anyway, but a long linger alone delays every append before it. The measured effect is in the README's benchmark
     * tables ("Measured: the one-hop application").
     */
    static final Map<String, String> STREAMS_PRODUCER_DEFAULTS = Map.of(
            StreamsConfig.producerPrefix("batch.size"), "262144",
            StreamsConfig.producerPrefix("linger.ms"), "5");

    /** The Kafka Streams producer key {@value #OUTPUT_COMPRESSION} sets. */
    private static final String STREAMS_COMPRESSION_KEY =
            StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG);

    /** Parses {@code props} against {@link #baseDefinition()}. */
    public RuntimeConfig(Map<?, ?> props) {
        this(baseDefinition(), props);
    }

    /**
     * Parses {@code props} against {@code definition}, which must contain {@link #baseDefinition()}'s keys
     * (typically {@code baseDefinition(serviceName)}, possibly with more keys a subclass reads).
     *
     * @throws ConfigException if a value is invalid, a required key is missing, or a key is unknown
     */
    @SuppressWarnings(
            "this-escape") // reads parsed values through AbstractConfig's accessors, as every Kafka config does
    public RuntimeConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, withoutUnknownKeys(definition, props), true);
        bootstrapServers = List.copyOf(getList(KAFKA_BOOTSTRAP_SERVERS));
        schemaRegistryUrl = Optional.ofNullable(getString(SCHEMA_REGISTRY_URL)).map(s -> URI.create(s.trim()));
        serviceName = getString(SERVICE_NAME);
        httpHost = getString(HTTP_HOST).trim();
        httpPort = getInt(HTTP_PORT);
        topicSettings = parseTopicSettings();
        provisionTopics = getBoolean(TOPICS_PROVISION);
        uncaughtExceptionPolicy = StreamThreadExceptionResponse.valueOf(
                getString(STREAMS_UNCAUGHT_EXCEPTION_POLICY).trim().toUpperCase(Locale.ROOT));
        shutdownTimeout = Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
        localStackFile = Optional.ofNullable(getString(LOCAL_STACK_FILE)).map(s -> Path.of(s.trim()));

        kafkaClientProps = clientProps(definition, Map.of());
        producerProps = clientProps(definition, passThrough(definition, "producer."));
        consumerProps = clientProps(definition, passThrough(definition, "consumer."));
        adminProps = clientProps(definition, passThrough(definition, "admin."));
        Map<String, Object> streams = new LinkedHashMap<>(passThrough(definition, "streams."));
        streams.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, serviceName);
        STREAMS_PRODUCER_DEFAULTS.forEach(streams::putIfAbsent);
        outputCompression = outputCompression(streams);
        streams.put(STREAMS_COMPRESSION_KEY, outputCompression.configValue());
        streamsProps = clientProps(definition, streams);
    }

    /**
     * The codec of the Kafka Streams producers: {@value #OUTPUT_COMPRESSION}, or the raw pass-through key
     * {@code streams.producer.compression.type} when only that is set; both set and different is an error.
     */
    private OutputCompression outputCompression(Map<String, Object> streams) {
        OutputCompression typed = OutputCompression.parse(getString(OUTPUT_COMPRESSION));
        Object raw = streams.get(STREAMS_COMPRESSION_KEY);
        if (raw == null) {
            return typed;
        }
        String rawKey = "streams." + STREAMS_COMPRESSION_KEY;
        OutputCompression passedThrough;
        try {
            passedThrough = OutputCompression.parse(String.valueOf(raw));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(rawKey, raw, "unknown compression type; use " + OUTPUT_COMPRESSION);
        }
        if (originals().containsKey(OUTPUT_COMPRESSION) && passedThrough != typed) {
            throw new ConfigException(rawKey + "=" + raw + " contradicts " + OUTPUT_COMPRESSION + "="
                    + typed.configValue() + ": set " + OUTPUT_COMPRESSION + " only");
        }
        return passedThrough;
    }

    /**
     * A fresh, mutable definition of the shared keys; {@value #SERVICE_NAME} is required. Services add their
     * own keys with {@code define(...)}.
     */
    public static ConfigDef baseDefinition() {
        return define(new ConfigDef(), ConfigDef.NO_DEFAULT_VALUE);
    }

    /** Like {@link #baseDefinition()}, with {@value #SERVICE_NAME} defaulting to {@code defaultServiceName}. */
    public static ConfigDef baseDefinition(String defaultServiceName) {
        return define(new ConfigDef(), defaultServiceName);
    }

    private static ConfigDef define(ConfigDef def, Object defaultServiceName) {
        def.define(
                KAFKA_BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                Validators.nonEmptyList(),
                Importance.HIGH,
                "Kafka bootstrap servers, host:port[,host:port...]. Required, unless " + LOCAL_STACK_FILE
                        + " points at a running local stack's connection file.");
        def.define(
                SCHEMA_REGISTRY_URL,
                Type.STRING,
                null,
                Validators.nullOr(Validators.httpUrl()),
                Importance.HIGH,
                "Base URL of the Confluent-compatible Schema Registry API, e.g. http://127.0.0.1:8081 or "
                        + "http://127.0.0.1:8080/apis/ccompat/v7. Unset: taken from " + LOCAL_STACK_FILE
                        + " if present.");
        def.define(
                SERVICE_NAME,
                Type.STRING,
                defaultServiceName,
                Validators.serviceName(),
                Importance.HIGH,
                "Name of this service: the Kafka Streams application.id (unless streams.application.id is set) "
                        + "and the 'service' tag of every metric. Two deployments of one service share it; "
                        + "two different services must never.");
        def.define(
                HTTP_HOST,
                Type.STRING,
                "127.0.0.1",
                Validators.nonBlank(),
                Importance.MEDIUM,
                "Interface the HTTP endpoints (/health, /ready, /metrics, service routes) bind to. "
                        + "0.0.0.0 to listen on all interfaces (containers).");
        def.define(
                HTTP_PORT,
                Type.INT,
                0,
                ConfigDef.Range.between(0, 65535),
                Importance.MEDIUM,
                "Port of the HTTP endpoints; 0 picks a free ephemeral port (logged at start).");
        def.define(
                TOPICS_PARTITIONS,
                Type.INT,
                3,
                ConfigDef.Range.atLeast(1),
                Importance.MEDIUM,
                "Partition count of every catalogue topic without its own topics.<id>.partitions "
                        + "(fraud.models keeps 1). Only used when creating topics; existing topics are verified against it.");
        def.define(
                TOPICS_REPLICATION_FACTOR,
                Type.INT,
                1,
                ConfigDef.Range.between(1, Short.MAX_VALUE),
                Importance.MEDIUM,
                "Replication factor of the catalogue topics when they are created. Use 3 on a production cluster.");
        for (String id : TopicCatalogue.IDS) {
            defineTopic(def, id);
        }
        def.define(
                TOPICS_PROVISION,
                Type.BOOLEAN,
                true,
                Importance.MEDIUM,
                "At start, create missing catalogue topics and verify existing ones (partitions, cleanup.policy; "
                        + "retention differences are logged). false: neither create nor verify, for clusters where "
                        + "topics are managed elsewhere.");
        def.define(
                OUTPUT_COMPRESSION,
                Type.STRING,
                OutputCompression.LZ4.configValue(),
                compressionCodec(),
                Importance.MEDIUM,
                "Compression codec of every record this service's Kafka Streams application writes (features and "
                        + "dead letters from the feature stream; scored transactions and alerts from the scoring "
                        + "service; their changelog and repartition topics). Consumers must read it: lz4 is fastest "
                        + "here, but stock kafkajs reads only gzip (and none), so choose gzip for such consumers. "
                        + "Not used by services without Kafka Streams. The raw key streams.producer.compression.type, "
                        + "if set alone, is taken instead; set with this key to another codec, it is an error.");
        def.define(
                STREAMS_UNCAUGHT_EXCEPTION_POLICY,
                Type.STRING,
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT.name(),
                ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(StreamThreadExceptionResponse.values())
                        .map(Enum::name)
                        .toArray(String[]::new)),
                Importance.MEDIUM,
                "What a Kafka Streams thread's uncaught exception does (always logged): REPLACE_THREAD starts a new "
                        + "thread; SHUTDOWN_CLIENT stops this instance (health turns DOWN so the orchestrator restarts it); "
                        + "SHUTDOWN_APPLICATION stops every instance of the application.");
        def.define(
                SHUTDOWN_TIMEOUT_MS,
                Type.LONG,
                30_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                "How long a graceful shutdown (SIGTERM or close) may take to close Kafka Streams, clients and the "
                        + "HTTP server, in milliseconds.");
        def.define(
                LOCAL_STACK_FILE,
                Type.STRING,
                null,
                Validators.nullOr(Validators.nonBlank()),
                Importance.LOW,
                "Path of the connection file written by './fraudstream local start' (a properties file with "
                        + KAFKA_BOOTSTRAP_SERVERS + " and " + SCHEMA_REGISTRY_URL + "). When set and present, its "
                        + "values apply unless set explicitly elsewhere.");
        return def;
    }

    private static void defineTopic(ConfigDef def, String id) {
        def.define(
                topicNameKey(id),
                Type.STRING,
                null,
                Validators.nullOr(Validators.nonBlank()),
                Importance.LOW,
                "Name of the " + id + " topic. Unset: " + id + ".");
        def.define(
                topicPartitionsKey(id),
                Type.INT,
                null,
                Validators.nullOr(ConfigDef.Range.atLeast(1)),
                Importance.LOW,
                "Partition count of the " + id + " topic. Unset: " + TOPICS_PARTITIONS
                        + " (1 for fraud.models). Never change it on an existing topic: keys would move partitions.");
        def.define(
                topicRetentionKey(id),
                Type.LONG,
                null,
                Validators.nullOr(retention()),
                Importance.LOW,
                "Retention of the " + id + " topic by record (event) time in milliseconds; -1 keeps records forever. "
                        + "Unset: the catalogue default (30 days for transactions.scored and fraud.alerts, forever "
                        + "otherwise). Ignored for compacted topics.");
    }

    private static ConfigDef.Validator compressionCodec() {
        List<String> codecs = Arrays.stream(OutputCompression.values())
                .map(OutputCompression::configValue)
                .toList();
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    try {
                        OutputCompression.parse(String.valueOf(value));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, "must be one of " + String.join(", ", codecs));
                    }
                },
                () -> "one of " + String.join(", ", codecs) + " (any case)");
    }

    private static ConfigDef.Validator retention() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    long ms = (Long) value;
                    if (ms != -1 && ms < 1) {
                        throw new ConfigException(
                                name, value, "must be -1 (forever) or a positive number of milliseconds");
                    }
                },
                () -> "-1 or >= 1");
    }

    /** {@code topics.<id>.name}: the name of topic {@code id}. */
    public static String topicNameKey(String id) {
        return "topics." + id + ".name";
    }

    /** {@code topics.<id>.partitions}: the partition count of topic {@code id}. */
    public static String topicPartitionsKey(String id) {
        return "topics." + id + ".partitions";
    }

    /** {@code topics.<id>.retention.ms}: the retention of topic {@code id}. */
    public static String topicRetentionKey(String id) {
        return "topics." + id + ".retention.ms";
    }

    private static Map<?, ?> withoutUnknownKeys(ConfigDef definition, Map<?, ?> props) {
        List<String> unknown = UnknownKeys.find(
                definition, props.keySet().stream().map(String::valueOf).toList());
        if (!unknown.isEmpty()) {
            throw new ConfigException(String.join(
                    "; ",
                    unknown.stream()
                            .map(k -> UnknownKeys.describe(definition, k))
                            .toList()));
        }
        return props;
    }

    private TopicCatalogue.Settings parseTopicSettings() {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder()
                .defaultPartitions(getInt(TOPICS_PARTITIONS))
                .replicationFactor(getInt(TOPICS_REPLICATION_FACTOR));
        for (String id : TopicCatalogue.IDS) {
            Optional.ofNullable(getString(topicNameKey(id))).map(String::trim).ifPresent(n -> b.name(id, n));
            Optional.ofNullable(getInt(topicPartitionsKey(id))).ifPresent(p -> b.partitions(id, p));
            Optional.ofNullable(getLong(topicRetentionKey(id)))
                    .ifPresent(ms -> b.retention(id, ms == -1 ? Optional.empty() : Optional.of(Duration.ofMillis(ms))));
        }
        return b.build();
    }

    /** Originals under {@code prefix}, stripped, without fraudstream's own declared keys and without nulls. */
    private Map<String, Object> passThrough(ConfigDef definition, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        originalsWithPrefix(prefix, true).forEach((k, v) -> {
            if (v != null && !definition.configKeys().containsKey(prefix + k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private Map<String, Object> clientProps(ConfigDef definition, Map<String, Object> overlay) {
        Map<String, Object> out = new LinkedHashMap<>(passThrough(definition, KAFKA_PREFIX));
        out.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers));
        out.putAll(overlay);
        return Collections.unmodifiableMap(out);
    }

    /** {@value #KAFKA_BOOTSTRAP_SERVERS}, parsed. */
    public List<String> bootstrapServers() {
        return bootstrapServers;
    }

    /** {@value #SCHEMA_REGISTRY_URL}, if configured. */
    public Optional<URI> schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** {@value #SERVICE_NAME}. */
    public String serviceName() {
        return serviceName;
    }

    /** {@value #HTTP_HOST}. */
    public String httpHost() {
        return httpHost;
    }

    /** {@value #HTTP_PORT}; 0 = ephemeral. */
    public int httpPort() {
        return httpPort;
    }

    /** Topic layout for {@link TopicCatalogue#create}: default partitions, replication and per-topic overrides. */
    public TopicCatalogue.Settings topicSettings() {
        return topicSettings;
    }

    /** {@value #TOPICS_PROVISION}. */
    public boolean provisionTopics() {
        return provisionTopics;
    }

    /** {@value #OUTPUT_COMPRESSION}: the codec of the Kafka Streams producers ({@code compression.type}). */
    public OutputCompression outputCompression() {
        return outputCompression;
    }

    /** {@value #STREAMS_UNCAUGHT_EXCEPTION_POLICY}, as Kafka Streams' own response type. */
    public StreamThreadExceptionResponse uncaughtExceptionPolicy() {
        return uncaughtExceptionPolicy;
    }

    /** {@value #SHUTDOWN_TIMEOUT_MS}. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** {@value #LOCAL_STACK_FILE}, if configured (the file may not exist). */
    public Optional<Path> localStackFile() {
        return localStackFile;
    }

    /** Settings for any Kafka client: every {@code kafka.*} key stripped of its prefix, plus {@code bootstrap.servers}. Unmodifiable. */
    public Map<String, Object> kafkaClientProps() {
        return kafkaClientProps;
    }

    /** {@link #kafkaClientProps()} overlaid with the {@code producer.*} keys, stripped. Unmodifiable. */
    public Map<String, Object> producerProps() {
        return producerProps;
    }

    /** {@link #kafkaClientProps()} overlaid with the {@code consumer.*} keys, stripped. Unmodifiable. */
    public Map<String, Object> consumerProps() {
        return consumerProps;
    }

    /** {@link #kafkaClientProps()} overlaid with the {@code admin.*} keys, stripped. Unmodifiable. */
    public Map<String, Object> adminProps() {
        return adminProps;
    }

    /**
     * {@link #kafkaClientProps()} overlaid with the {@code streams.*} keys, stripped (except the declared
     * {@value #STREAMS_UNCAUGHT_EXCEPTION_POLICY}); {@code application.id} defaults to {@link #serviceName()}, the
     * producers' batch size to {@link #STREAMS_PRODUCER_DEFAULTS}; their compression is {@value #OUTPUT_COMPRESSION}.
     * Unmodifiable.
     */
    public Map<String, Object> streamsProps() {
        return streamsProps;
    }
}
