package io.fraudstream.app;

import static io.fraudstream.app.Txns.CARD;
import static io.fraudstream.app.Txns.DENIED_CARD;
import static io.fraudstream.app.Txns.MONDAY_NOON;
import static io.fraudstream.app.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.featurestream.FeatureTopology;
import io.fraudstream.models.TestModels;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.scoring.ScoringSettings;
import io.fraudstream.scoring.ScoringTopology;
import io.fraudstream.scoring.model.ModelRegistry;
import io.fraudstream.scoring.rules.RuleSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PipelineAppTopologyTest {

    /** Scoring with a deny-listed card, so that one transaction is always alerted. */
    private static final ScoringSettings SCORING =
            ScoringSettings.defaults().withRules(new RuleSettings(Set.of(DENIED_CARD), Set.of(), Map.of(), 1000, 100));

    private static final ModelRecord CHAMPION = TestModels.signed(TestModels.logistic(), "m", 1, ModelSlot.CHAMPION);

    @Test
    void shouldWriteFeaturesScoresAndAlertsOfARawTransactionInOneApplication() {
        try (OneHopDriver d = new OneHopDriver(SCORING)) {
            // Given no model yet: a transaction is decided by rules alone
            d.send(tx("t1", CARD, MONDAY_NOON));
            d.releaseHeld();
            assertThat(d.features.readValuesToList())
                    .extracting(f -> f.getTransaction().getTransactionId().toString())
                    .containsExactly("t1");
            List<TestRecord<String, ScoredTransaction>> first = d.scored.readRecordsToList();
            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(CARD);
                assertThat(r.value().getModelVersion()).isNull();
                assertThat(r.value().getDecision()).isEqualTo(Decision.APPROVE);
            });

            // When a champion is published to fraud.models, and two more transactions arrive
            d.publish(CHAMPION);
            d.send(tx("t2", CARD, MONDAY_NOON.plusSeconds(60)));
            d.send(tx("t3", DENIED_CARD, MONDAY_NOON.plusSeconds(120)));
            d.releaseHeld();

            // Then both are featured and scored by that model, and the deny-listed card's is alerted
            assertThat(d.features.readValuesToList())
                    .extracting(f -> f.getTransaction().getTransactionId().toString())
                    .containsExactlyInAnyOrder("t2", "t3");
            List<ScoredTransaction> scored = d.scored.readValuesToList();
            assertThat(scored).extracting(s -> s.getTransactionId().toString()).containsExactlyInAnyOrder("t2", "t3");
            assertThat(scored).allSatisfy(s -> {
                assertThat(s.getModelId()).hasToString(CHAMPION.getModelId().toString());
                assertThat(s.getModelVersion()).isEqualTo(CHAMPION.getVersion());
            });
            List<TestRecord<String, ScoredTransaction>> alerts = d.alerts.readRecordsToList();
            assertThat(alerts).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(DENIED_CARD);
                assertThat(r.value().getTransactionId()).hasToString("t3");
                assertThat(r.value().getDecision()).isEqualTo(Decision.DECLINE);
            });
            assertThat(d.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldScoreExactlyWhatItWritesToTheFeaturesTopic() {
        try (OneHopDriver d = new OneHopDriver(SCORING)) {
            // Given the one-hop application with a champion, and transactions of two cards
            d.publish(CHAMPION);
            for (int i = 0; i < 6; i++) {
                d.send(tx("t" + i, i % 2 == 0 ? CARD : DENIED_CARD, MONDAY_NOON.plusSeconds(30L * i)));
            }
            d.send(Transaction.newBuilder(tx("big", CARD, MONDAY_NOON.plusSeconds(400)))
                    .setAmountMinor(900_000)
                    .build());
            d.releaseHeld();
            List<TestRecord<String, byte[]>> written = d.featureBytes.readRecordsToList();
            List<ScoredTransaction> oneHop = d.scored.readValuesToList();

            // When the standalone scoring service, same model and settings, reads the bytes written to
            // transactions.features
            List<ScoredTransaction> standalone = scoreStandalone(d, written);

            // Then it decides every transaction exactly as the one-hop application did
            assertThat(written).hasSize(7);
            assertThat(standalone).hasSize(7);
            assertThat(byId(oneHop)).isEqualTo(byId(standalone));
        }
    }

    @Test
    void shouldDeadLetterBadRawRecordsSoThatEveryRecordComesOutOnce() {
        try (OneHopDriver d = new OneHopDriver(SCORING)) {
            // Given a champion in service
            d.publish(CHAMPION);

            // When two good transactions, a tombstone and a transaction in an unknown currency arrive
            // (TopologyTestDriver
            // always logs and skips a record it cannot deserialize: that path is the feature stream's handler's, the
            // same in both deployments, tested in DeadLetterExceptionHandlerTest and FeatureStreamIT)
            d.send(tx("good-1", CARD, MONDAY_NOON));
            d.rawBytes.pipeInput(new TestRecord<>(CARD, null, MONDAY_NOON.plusSeconds(1)));
            d.send(Transaction.newBuilder(tx("bad-currency", CARD, MONDAY_NOON.plusSeconds(2)))
                    .setCurrency("XXX")
                    .build());
            d.send(tx("good-2", DENIED_CARD, MONDAY_NOON.plusSeconds(3)));
            d.releaseHeld();

            // Then the good ones are featured and scored, the bad ones dead-lettered: in = out + DLQ
            List<TransactionFeatures> features = d.features.readValuesToList();
            List<ScoredTransaction> scored = d.scored.readValuesToList();
            List<DeadLetter> dead = d.dlq.readValuesToList();
            assertThat(features)
                    .extracting(f -> f.getTransaction().getTransactionId().toString())
                    .containsExactlyInAnyOrder("good-1", "good-2");
            assertThat(dead).as("dead letters: %s", dead).hasSize(2);
            assertThat(features.size() + dead.size()).isEqualTo(4);
            assertThat(scored)
                    .extracting(s -> s.getTransactionId().toString())
                    .containsExactlyInAnyOrder("good-1", "good-2");
            assertThat(dead)
                    .extracting(l -> l.getSourceTopic().toString())
                    .containsOnly(d.topics.transactionsRaw().name());
        }
    }

    @Test
    void shouldScoreInTheTaskThatComputesTheFeaturesWithEveryNodeNamed() {
        try (OneHopDriver d = new OneHopDriver(SCORING)) {
            TopologyDescription description = d.topology.describe();
            TopologyDescription.Subtopology scoring = description.subtopologies().stream()
                    .filter(s -> names(s).contains(ScoringTopology.SCORE))
                    .findFirst()
                    .orElseThrow();
            assertThat(names(scoring))
                    .as("scored where the features are completed: no topic read in between")
                    .contains(FeatureTopology.FEATURES_NODE, ScoringTopology.SCORED_SINK, ScoringTopology.ALERTS_SINK)
                    .doesNotContain(ScoringTopology.FEATURES_SOURCE, ScoringTopology.DLQ_SINK);
            Set<String> sinks = scoring.nodes().stream()
                    .filter(n -> n instanceof TopologyDescription.Sink)
                    .map(n -> ((TopologyDescription.Sink) n).topic())
                    .collect(Collectors.toSet());
            assertThat(sinks)
                    .contains(
                            d.topics.transactionsFeatures().name(),
                            d.topics.transactionsScored().name(),
                            d.topics.fraudAlerts().name());
            Set<String> all = new HashSet<>();
            description.subtopologies().forEach(s -> all.addAll(names(s)));
            assertThat(all).as("no generated names").noneMatch(n -> n.matches("(?i).*(KSTREAM|KTABLE)-.*\\d{10}.*"));
            assertThat(description.globalStores())
                    .anySatisfy(g -> assertThat(g.processor().stores()).contains(ScoringTopology.MODELS_STORE));
            assertThat(d.driver.getAllStateStores()).containsKey(ScoringTopology.RECENT_SCORES_STORE);
        }
    }

    private static Set<String> names(TopologyDescription.Subtopology s) {
        return s.nodes().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet());
    }

    /** Scores {@code written} with the standalone scoring topology, the one-hop driver's model, settings and clock. */
    private static List<ScoredTransaction> scoreStandalone(OneHopDriver d, List<TestRecord<String, byte[]>> written) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "standalone-scoring-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, OneHopDriver.tempDir("standalone-scoring-test"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(ScoringConfig.failurePolicy(d.topics, d.scoringMetrics));
        try (TopologyTestDriver standalone = new TopologyTestDriver(
                ScoringTopology.build(
                        d.topics,
                        Optional.of(TestModels.SIGNER),
                        d.scoringSettings,
                        new ModelRegistry(),
                        d.scoringMetrics),
                props,
                MONDAY_NOON)) {
            standalone
                    .createInputTopic(
                            d.topics.fraudModels().name(),
                            new StringSerializer(),
                            d.topics.fraudModels().valueSerde().serializer())
                    .pipeInput("champion", CHAMPION);
            TestInputTopic<String, byte[]> features = standalone.createInputTopic(
                    d.topics.transactionsFeatures().name(), new StringSerializer(), new ByteArraySerializer());
            written.forEach(features::pipeInput);
            TestOutputTopic<String, ScoredTransaction> scored = standalone.createOutputTopic(
                    d.topics.transactionsScored().name(),
                    new StringDeserializer(),
                    d.topics.transactionsScored().valueSerde().deserializer());
            assertThat(standalone
                            .createOutputTopic(
                                    d.topics.transactionsDlq().name(),
                                    new StringDeserializer(),
                                    new StringDeserializer())
                            .isEmpty())
                    .isTrue();
            return scored.readValuesToList();
        }
    }

    private static Map<String, ScoredTransaction> byId(List<ScoredTransaction> scored) {
        return scored.stream()
                .collect(Collectors.toMap(s -> s.getTransactionId().toString(), s -> s));
    }
}
