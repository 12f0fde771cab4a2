package io.fraudstream.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyDescriptionTest {

    @Test
    void shouldNameEveryProcessorStoreAndRepartitionTopicExplicitly() {
        TopicCatalogue topics = TopicCatalogue.create(
                TopicCatalogue.Settings.defaults(), AvroSerdes.create(new InMemorySchemaRegistry(), true));
        TopologyDescription description = FeatureTopology.build(
                        topics, FeatureSettings.defaults(Clock.systemUTC(), 3), FeatureStreamMetrics.noop())
                .describe();
        Set<String> nodes = new HashSet<>();
        Set<String> stores = new HashSet<>();
        Set<String> topicsSeen = new HashSet<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                nodes.add(n.name());
                if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
                if (n instanceof TopologyDescription.Source src) {
                    topicsSeen.addAll(src.topicSet());
                }
                if (n instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topicsSeen.add(sink.topic());
                }
            }
        }
        description.globalStores().forEach(g -> stores.addAll(g.processor().stores()));
        assertThat(nodes)
                .as("no generated KSTREAM-... names")
                .noneMatch(n -> n.matches("(?i).*(KSTREAM|KTABLE)-.*\\d{10}.*"));
        assertThat(nodes)
                .contains(
                        FeatureNames.RAW_SOURCE,
                        FeatureNames.CLEAN,
                        FeatureNames.ENRICH_MERCHANT,
                        FeatureNames.ENRICH_CARD,
                        FeatureNames.CARD_FEATURES,
                        FeatureNames.MERCHANT_FEATURES,
                        FeatureNames.FEATURES_SINK,
                        FeatureNames.DLQ_SINK_INVALID,
                        FeatureNames.LABELS_SOURCE);
        assertThat(stores)
                .containsExactlyInAnyOrder(
                        FeatureNames.CARD_STORE,
                        FeatureNames.MERCHANT_STORE,
                        FeatureNames.TERMINAL_STORE,
                        FeatureNames.MERCHANT_PENDING_STORE,
                        FeatureNames.MERCHANT_WATERMARK_STORE,
                        FeatureNames.MERCHANT_UNPUBLISHED_STORE,
                        FeatureNames.MERCHANT_WAITING_STORE,
                        FeatureNames.MERCHANT_STATE_STORE,
                        FeatureNames.MERCHANT_REFERENCE_STORE,
                        FeatureNames.CARD_REFERENCE_STORE);
        assertThat(nodes).contains(FeatureNames.TRANSACTION_PROGRESS, FeatureNames.LABEL_PROGRESS);
        assertThat(nodes).contains(FeatureNames.MERCHANT_STATE, FeatureNames.MERCHANT_STATE_SINK);
        assertThat(topicsSeen)
                .contains(
                        "transactions.raw",
                        "transactions.labels",
                        "transactions.features",
                        "transactions.dlq",
                        "features.merchant-state",
                        FeatureNames.MERCHANT_TRANSACTIONS + "-repartition",
                        FeatureNames.MERCHANT_LABELS + "-repartition");
        assertThat(description.subtopologies()).hasSize(3);
    }
}
