package io.fraudstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.streams.DeadLetterExceptionHandler;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class PipelineAppConfigTest {

    private static final Map<String, String> BROKER = Map.of(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, "broker:9092");

    @Test
    void shouldDeclareExactlyTheFeatureStreamAndScoringKeys() {
        Set<String> both = new HashSet<>(FeatureStreamConfig.definition().names());
        both.addAll(ScoringConfig.definition().names());
        assertThat(PipelineAppConfig.definition().names()).isEqualTo(both);
        assertThat(PipelineAppConfig.definition().configKeys().values())
                .allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
    }

    @Test
    void shouldParseEachServicesKeysIntoItsOwnTypedConfiguration() {
        Map<String, String> props = new java.util.HashMap<>(BROKER);
        props.put(FeatureStreamConfig.WATERMARK_IDLE, "5000");
        props.put(ScoringConfig.REVIEW_THRESHOLD, "0.3");
        props.put("streams.num.stream.threads", "2");

        PipelineAppConfig cfg = new PipelineAppConfig(props);

        assertThat(cfg.serviceName()).isEqualTo(PipelineAppConfig.SERVICE);
        assertThat(cfg.features().getLong(FeatureStreamConfig.WATERMARK_IDLE)).isEqualTo(5000L);
        assertThat(cfg.scoring().settings().reviewThreshold()).hasValue(0.3);
        assertThat(cfg.features().serviceName()).isEqualTo(PipelineAppConfig.SERVICE);
        assertThat(cfg.scoring().serviceName()).isEqualTo(PipelineAppConfig.SERVICE);
        assertThat(cfg.features().streamsProps()).containsEntry("num.stream.threads", "2");
    }

    @Test
    void shouldRejectAKeyNeitherServiceDeclares() {
        Map<String, String> props = new java.util.HashMap<>(BROKER);
        props.put("scoring.review.treshold", "0.3");
        assertThatThrownBy(() -> new PipelineAppConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scoring.review.threshold");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunExactlyOnceWithTheFeatureStreamsDeadLetterHandlersAndScoringsQueries() {
        TopicCatalogue topics = TopicCatalogue.create(
                TopicCatalogue.Settings.defaults(), AvroSerdes.create(new InMemorySchemaRegistry(), true));
        Map<String, Object> props = new PipelineAppConfig(Map.of(
                        RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, "broker:9092", RuntimeConfig.SERVICE_NAME, "one-hop"))
                .appStreamsProps(topics, FeatureStreamMetrics.noop(), 8123);

        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "one-hop")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true)
                .containsEntry(
                        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterExceptionHandler.class.getName())
                .containsEntry(
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterExceptionHandler.class.getName())
                .containsEntry(
                        DeadLetterExceptionHandler.CONFIG_TOPIC,
                        topics.transactionsDlq().name())
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:8123");
        assertThat((java.util.Collection<Object>) props.get(DeadLetterExceptionHandler.CONFIG_GLOBAL_TOPICS))
                .containsExactlyInAnyOrder(
                        topics.referenceMerchants().name(),
                        topics.referenceCards().name(),
                        topics.fraudModels().name());
    }
}
