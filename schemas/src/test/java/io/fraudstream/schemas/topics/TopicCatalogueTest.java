package io.fraudstream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    /** The catalogue only needs some serde per value type here. */
    private static final ValueSerdes ANY_SERDES = new ValueSerdes() {
        @Override
        @SuppressWarnings("unchecked")
        public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
            return (Serde<V>) (Serde<?>) Serdes.ByteArray();
        }
    };

    @Test
    void shouldSizeTheModelsTopicForMultiMegabyteModels() {
        TopicCatalogue catalogue = TopicCatalogue.create(TopicCatalogue.Settings.defaults(), ANY_SERDES);

        assertThat(catalogue.fraudModels().topicConfigs())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("max.message.bytes", String.valueOf(TopicCatalogue.MODELS_MAX_MESSAGE_BYTES));
        assertThat(TopicCatalogue.MODELS_MAX_MESSAGE_BYTES).isGreaterThan(2 * 1024 * 1024);
        assertThat(TopicCatalogue.MODEL_PRODUCER_CONFIGS)
                .containsEntry("max.request.size", TopicCatalogue.MODELS_MAX_MESSAGE_BYTES);
        assertThat(TopicCatalogue.MODEL_CONSUMER_CONFIGS)
                .containsEntry("max.partition.fetch.bytes", TopicCatalogue.MODELS_MAX_MESSAGE_BYTES);
    }

    @Test
    void shouldLeaveOtherTopicsWithoutExtraConfigs() {
        TopicCatalogue catalogue = TopicCatalogue.create(TopicCatalogue.Settings.defaults(), ANY_SERDES);

        assertThat(catalogue.transactionsRaw().extraConfigs()).isEmpty();
        assertThat(catalogue.transactionsRaw().topicConfigs()).containsOnlyKeys("cleanup.policy", "retention.ms");
    }

    @Test
    void shouldApplyConfiguredExtraConfigsOverDefaults() {
        TopicCatalogue.Settings settings = TopicCatalogue.Settings.builder()
                .config(TopicCatalogue.FRAUD_MODELS, "max.message.bytes", "16777216")
                .config(TopicCatalogue.TRANSACTIONS_RAW, "compression.type", "zstd")
                .build();

        TopicCatalogue catalogue = TopicCatalogue.create(settings, ANY_SERDES);

        assertThat(catalogue.fraudModels().topicConfigs()).containsEntry("max.message.bytes", "16777216");
        assertThat(catalogue.transactionsRaw().topicConfigs()).containsEntry("compression.type", "zstd");
    }

    @Test
    void shouldRejectExtraConfigsForUnknownTopics() {
        TopicCatalogue.Settings settings = TopicCatalogue.Settings.builder()
                .config("no.such.topic", "a", "b")
                .build();

        assertThatThrownBy(() -> TopicCatalogue.create(settings, ANY_SERDES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.topic");
    }

    @Test
    void shouldKeepTheNineArgumentConstructorWithoutExtraConfigs() {
        TopicSpec<String, String> spec = new TopicSpec<>(
                "t",
                "t",
                "doc",
                Serdes.String(),
                Serdes.String(),
                1,
                (short) 1,
                CleanupPolicy.DELETE,
                Optional.of(Duration.ofDays(1)));

        assertThat(spec.extraConfigs()).isEmpty();
        assertThat(spec.topicConfigs()).isEqualTo(Map.of("cleanup.policy", "delete", "retention.ms", "86400000"));
    }

    @Test
    void shouldRefuseCleanupPolicyAsAnExtraConfig() {
        assertThatThrownBy(() -> new TopicSpec<>(
                        "t",
                        "t",
                        "doc",
                        Serdes.String(),
                        Serdes.String(),
                        1,
                        (short) 1,
                        CleanupPolicy.DELETE,
                        Optional.empty(),
                        Map.of("cleanup.policy", "compact")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
