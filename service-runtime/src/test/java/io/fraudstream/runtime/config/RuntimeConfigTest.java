package io.fraudstream.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import io.fraudstream.schemas.topics.ValueSerdes;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "kafka.bootstrap.servers", "broker-1:9092,broker-2:9092",
            "service.name", "scoring-service");

    private static RuntimeConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.putAll(extra);
        return new RuntimeConfig(props);
    }

    @Test
    void shouldParseDefaultsIntoTypedFields() {
        RuntimeConfig config = config(Map.of());

        assertThat(config.bootstrapServers()).containsExactly("broker-1:9092", "broker-2:9092");
        assertThat(config.serviceName()).isEqualTo("scoring-service");
        assertThat(config.schemaRegistryUrl()).isEmpty();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isZero();
        assertThat(config.provisionTopics()).isTrue();
        assertThat(config.uncaughtExceptionPolicy()).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.localStackFile()).isEmpty();
    }

    @Test
    void shouldParseExplicitValues() {
        RuntimeConfig config = config(Map.of(
                "schema.registry.url", "http://127.0.0.1:8080/apis/ccompat/v7",
                "http.host", "0.0.0.0",
                "http.port", "8081",
                "topics.provision", "false",
                "streams.uncaught.exception.policy", "replace_thread",
                "shutdown.timeout.ms", "5000",
                "local.stack.file", "/tmp/stack.properties"));

        assertThat(config.schemaRegistryUrl()).contains(URI.create("http://127.0.0.1:8080/apis/ccompat/v7"));
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.provisionTopics()).isFalse();
        assertThat(config.uncaughtExceptionPolicy()).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.localStackFile()).contains(Path.of("/tmp/stack.properties"));
    }

    @Test
    void shouldBuildTopicSettingsFromDefaultsAndPerTopicKeys() {
        RuntimeConfig config = config(Map.of(
                "topics.partitions", "6",
                "topics.replication.factor", "3",
                "topics.transactions.raw.name", "payments.in",
                "topics.transactions.raw.partitions", "12",
                "topics.transactions.scored.retention.ms", "-1",
                "topics.transactions.dlq.retention.ms", "86400000"));

        TopicCatalogue catalogue = TopicCatalogue.create(config.topicSettings(), new ByteArrayValueSerdes());

        TopicSpec<?, ?> raw = catalogue.byId(TopicCatalogue.TRANSACTIONS_RAW);
        assertThat(raw.name()).isEqualTo("payments.in");
        assertThat(raw.partitions()).isEqualTo(12);
        assertThat(raw.replicationFactor()).isEqualTo((short) 3);
        TopicSpec<?, ?> features = catalogue.byId(TopicCatalogue.TRANSACTIONS_FEATURES);
        assertThat(features.name()).isEqualTo("transactions.features");
        assertThat(features.partitions()).isEqualTo(6);
        assertThat(catalogue.byId(TopicCatalogue.TRANSACTIONS_SCORED).retention())
                .isEmpty();
        assertThat(catalogue.byId(TopicCatalogue.FRAUD_ALERTS).retention()).contains(Duration.ofDays(30));
        assertThat(catalogue.byId(TopicCatalogue.TRANSACTIONS_DLQ).retention()).contains(Duration.ofDays(1));
    }

    @Test
    void shouldDeclareNameAndLayoutKeysForEveryTopicId() {
        ConfigDef def = RuntimeConfig.baseDefinition();

        for (String id : TopicCatalogue.IDS) {
            assertThat(def.names())
                    .contains(
                            RuntimeConfig.topicNameKey(id),
                            RuntimeConfig.topicPartitionsKey(id),
                            RuntimeConfig.topicRetentionKey(id));
        }
    }

    @Test
    void shouldPassKafkaKeysThroughWithPrefixesStrippedAndOverlaid() {
        RuntimeConfig config = config(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.client.dns.lookup", "use_all_dns_ips",
                "producer.acks", "all",
                "producer.security.protocol", "SSL",
                "consumer.max.poll.records", "100",
                "admin.request.timeout.ms", "5000",
                "streams.num.stream.threads", "4"));

        assertThat(config.kafkaClientProps())
                .containsOnly(
                        entry("bootstrap.servers", "broker-1:9092,broker-2:9092"),
                        entry("security.protocol", "SASL_SSL"),
                        entry("client.dns.lookup", "use_all_dns_ips"));
        assertThat(config.producerProps())
                .contains(
                        entry("acks", "all"),
                        entry("security.protocol", "SSL"),
                        entry("client.dns.lookup", "use_all_dns_ips"))
                .doesNotContainKeys("max.poll.records", "num.stream.threads");
        assertThat(config.consumerProps())
                .contains(entry("max.poll.records", "100"), entry("security.protocol", "SASL_SSL"))
                .doesNotContainKey("acks");
        assertThat(config.adminProps())
                .contains(
                        entry("request.timeout.ms", "5000"), entry("bootstrap.servers", "broker-1:9092,broker-2:9092"));
        assertThat(config.streamsProps())
                .contains(entry("num.stream.threads", "4"), entry("application.id", "scoring-service"));
    }

    @Test
    void shouldGiveStreamsProducersLargeCompressedBatchesUnlessConfigured() {
        RuntimeConfig defaults = new RuntimeConfig(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "s"));
        assertThat(defaults.streamsProps())
                .contains(
                        entry("producer.batch.size", "262144"),
                        entry("producer.compression.type", "lz4"),
                        entry("producer.linger.ms", "5"));

        RuntimeConfig configured = new RuntimeConfig(Map.of(
                "kafka.bootstrap.servers", "b:9092", "service.name", "s", "streams.producer.compression.type", "zstd"));
        assertThat(configured.streamsProps())
                .contains(entry("producer.compression.type", "zstd"), entry("producer.batch.size", "262144"));
    }

    @Test
    void shouldCompressStreamsOutputsAsOutputCompressionSays() {
        // Given no setting, the typed setting, and the raw Kafka key alone
        RuntimeConfig defaults = new RuntimeConfig(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "s"));
        RuntimeConfig gzip = new RuntimeConfig(Map.of(
                "kafka.bootstrap.servers", "b:9092", "service.name", "s", RuntimeConfig.OUTPUT_COMPRESSION, "GZIP"));
        RuntimeConfig raw = new RuntimeConfig(Map.of(
                "kafka.bootstrap.servers", "b:9092", "service.name", "s", "streams.producer.compression.type", "zstd"));

        // Then LZ4 stays the default, and the typed value (or the raw key alone) is what the Streams producers get
        assertThat(defaults.outputCompression()).isEqualTo(OutputCompression.LZ4);
        assertThat(gzip.outputCompression()).isEqualTo(OutputCompression.GZIP);
        assertThat(gzip.streamsProps()).contains(entry("producer.compression.type", "gzip"));
        assertThat(raw.outputCompression()).isEqualTo(OutputCompression.ZSTD);
    }

    @Test
    void shouldRefuseAnUnknownCodecOrARawKeyThatContradictsOutputCompression() {
        assertThatThrownBy(() -> new RuntimeConfig(Map.of(
                        "kafka.bootstrap.servers",
                        "b:9092",
                        "service.name",
                        "s",
                        RuntimeConfig.OUTPUT_COMPRESSION,
                        "brotli")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RuntimeConfig.OUTPUT_COMPRESSION);
        assertThatThrownBy(() -> new RuntimeConfig(Map.of(
                        "kafka.bootstrap.servers",
                        "b:9092",
                        "service.name",
                        "s",
                        RuntimeConfig.OUTPUT_COMPRESSION,
                        "gzip",
                        "streams.producer.compression.type",
                        "lz4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contradicts");
    }

    @Test
    void shouldDocumentOutputCompressionWithItsCodecsAndTheKafkajsCaveat() {
        org.apache.kafka.common.config.ConfigDef.ConfigKey key =
                RuntimeConfig.baseDefinition("s").configKeys().get(RuntimeConfig.OUTPUT_COMPRESSION);
        assertThat(key.defaultValue).isEqualTo("lz4");
        assertThat(key.documentation).contains("gzip", "kafkajs");
        assertThat(key.validator.toString()).contains("gzip", "lz4", "zstd", "none", "snappy");
    }

    @Test
    void shouldNotPassDeclaredKeysToKafkaClients() {
        RuntimeConfig config = config(Map.of("streams.uncaught.exception.policy", "SHUTDOWN_APPLICATION"));

        assertThat(config.streamsProps())
                .doesNotContainKeys("uncaught.exception.policy", "streams.uncaught.exception.policy");
        assertThat(config.kafkaClientProps()).doesNotContainKey("kafka.bootstrap.servers");
    }

    @Test
    void shouldLetStreamsApplicationIdOverrideTheServiceName() {
        RuntimeConfig config = config(Map.of("streams.application.id", "scoring-v2"));

        assertThat(config.streamsProps()).containsEntry("application.id", "scoring-v2");
    }

    @Test
    void shouldReturnUnmodifiableClientProps() {
        RuntimeConfig config = config(Map.of());

        assertThatThrownBy(() -> config.producerProps().put("acks", "0"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectUnknownKeyNamingItAndSuggestingTheDeclaredOne() {
        assertThatThrownBy(() -> config(Map.of("http.prot", "8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.prot'")
                .hasMessageContaining("did you mean 'http.port'");
    }

    @Test
    void shouldRejectUnknownTopicKey() {
        assertThatThrownBy(() -> config(Map.of("topics.transactions.rwa.partitions", "6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.transactions.rwa.partitions")
                .hasMessageContaining("did you mean 'topics.transactions.raw.partitions'");
    }

    @Test
    void shouldRejectInvalidValuesNamingKeyAndValue() {
        assertThatThrownBy(() -> config(Map.of("http.port", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> config(Map.of("streams.uncaught.exception.policy", "IGNORE")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("streams.uncaught.exception.policy")
                .hasMessageContaining("IGNORE");
        assertThatThrownBy(() -> config(Map.of("topics.fraud.models.partitions", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.fraud.models.partitions");
        assertThatThrownBy(() -> config(Map.of("topics.transactions.raw.retention.ms", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.transactions.raw.retention.ms");
        assertThatThrownBy(() -> config(Map.of("schema.registry.url", "localhost:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> config(Map.of("service.name", "Scoring Service")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("service.name");
    }

    @Test
    void shouldRequireBootstrapServersAndServiceNameInTheBaseDefinition() {
        assertThatThrownBy(() -> new RuntimeConfig(Map.of("service.name", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap.servers");
        assertThatThrownBy(() -> new RuntimeConfig(Map.of("kafka.bootstrap.servers", "b:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("service.name");
    }

    @Test
    void shouldLetServicesExtendTheDefinitionAndTheClass() {
        ScoringConfig config =
                new ScoringConfig(Map.of("kafka.bootstrap.servers", "b:9092", "scoring.review.threshold", "0.7"));

        assertThat(config.serviceName()).isEqualTo("scoring-service");
        assertThat(config.reviewThreshold).isEqualTo(0.7);
        assertThat(config.streamsProps()).containsEntry("application.id", "scoring-service");
    }

    /** How a service extends the runtime configuration. */
    private static final class ScoringConfig extends RuntimeConfig {
        final double reviewThreshold;

        static ConfigDef definition() {
            return RuntimeConfig.baseDefinition("scoring-service")
                    .define(
                            "scoring.review.threshold",
                            ConfigDef.Type.DOUBLE,
                            0.5,
                            ConfigDef.Range.between(0, 1),
                            ConfigDef.Importance.HIGH,
                            "Score from which a transaction is sent to review.");
        }

        ScoringConfig(Map<?, ?> props) {
            super(definition(), props);
            reviewThreshold = getDouble("scoring.review.threshold");
        }
    }

    /** Stand-in value serdes: the catalogue's layout is under test, not its serialization. */
    private static final class ByteArrayValueSerdes implements ValueSerdes {
        @Override
        @SuppressWarnings("unchecked")
        public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
            return (Serde<V>) (Serde<?>) Serdes.ByteArray();
        }
    }
}
