package io.fraudstream.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.PanLeakCheck;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.ingest.replay.TestTopics;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class GeneratorIT {
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("generator-it-secret-0123456789abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
    static final Instant START = Instant.parse("2024-06-03T00:00:00Z");

    /**
     * Ten days of a small world where every scenario happens several times, with short label delays so that labels of
     * every scenario arrive within the ten days (chargeback delays start at 7 days).
     */
    static GeneratorSettings smallBusyWorld() {
        GeneratorSettings s = GeneratorSettings.defaults(2024, START, Duration.ofDays(10))
                .withPopulation(400, 120)
                .withLabelDelays(LabelDelays.SHORT);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, sc == Scenario.COMPROMISED_MERCHANT ? 0.02 : 0.004);
        }
        return s;
    }

    static GeneratorRun.Summary publish(TestTopics topics) {
        return GeneratorRun.run(
                TrafficGenerator.create(smallBusyWorld(), TOKENIZER),
                topics.publisher(),
                GeneratorRun.Mode.COMPRESSED,
                -1,
                ProgressReporter.none(),
                System::currentTimeMillis);
    }

    @Test
    void shouldPublishProfilesTransactionsAndEveryScenarioWithItsLabel(StackState stack) {
        try (TestTopics topics = TestTopics.create(stack, "generator", 3)) {
            // When
            GeneratorRun.Summary summary = publish(topics);

            // Then everything generated was acknowledged and is on the topics
            assertThat(summary.failed()).isZero();
            List<TestTopics.Read<Transaction>> raw =
                    topics.readAll(topics.catalogue().transactionsRaw());
            List<TestTopics.Read<FraudLabel>> labels =
                    topics.readAll(topics.catalogue().transactionsLabels());
            assertThat(raw).hasSize((int) summary.transactions());
            assertThat(labels).hasSize((int) summary.labels());
            assertThat(topics.readAll(topics.catalogue().referenceMerchants())).hasSize(120);
            assertThat(topics.readAll(topics.catalogue().referenceCards())).hasSize(400);
            assertThat(summary.profiles()).isEqualTo(520);

            // and each fraud scenario appears, labelled FRAUD with its name, on a transaction that was produced
            assertThat(summary.fraudByScenario().keySet()).containsExactlyInAnyOrder(Scenario.values());
            Set<String> ids =
                    raw.stream().map(r -> r.value().getTransactionId()).collect(Collectors.toSet());
            Map<String, Long> labelledByType = labels.stream()
                    .map(TestTopics.Read::value)
                    .filter(l -> l.getVerdict() == Verdict.FRAUD)
                    .peek(l -> assertThat(ids).contains(l.getTransactionId()))
                    .collect(Collectors.groupingBy(FraudLabel::getFraudType, Collectors.counting()));
            assertThat(labelledByType.keySet())
                    .containsExactlyInAnyOrder(Arrays.stream(Scenario.values())
                            .map(Scenario::label)
                            .toArray(String[]::new));

            // and records are keyed by card token and timestamped with event time
            assertThat(raw).allSatisfy(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8))
                        .isEqualTo(r.value().getCardToken());
                assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli());
            });

            // and no card number reached any topic
            PanLeakCheck.assertNoPan(
                    stack.bootstrapServers(),
                    topics.catalogue(),
                    Set.of(
                            TopicCatalogue.TRANSACTIONS_RAW,
                            TopicCatalogue.TRANSACTIONS_LABELS,
                            TopicCatalogue.REFERENCE_CARDS,
                            TopicCatalogue.REFERENCE_MERCHANTS));
        }
    }

    @Test
    void shouldPublishIdenticalRecordsInTwoRunsWithTheSameSeed(StackState stack) {
        try (TestTopics first = TestTopics.create(stack, "generator-a", 3);
                TestTopics second = TestTopics.create(stack, "generator-b", 3)) {
            // When the same settings are published twice
            publish(first);
            publish(second);

            // Then both topics hold the same records, partition by partition, in the same order
            assertThat(records(second, second.catalogue().transactionsRaw()))
                    .isEqualTo(records(first, first.catalogue().transactionsRaw()));
            assertThat(records(second, second.catalogue().transactionsLabels()))
                    .isEqualTo(records(first, first.catalogue().transactionsLabels()));
        }
    }

    static <V> List<String> records(TestTopics topics, io.fraudstream.schemas.topics.TopicSpec<?, V> spec) {
        return topics.readAll(spec).stream()
                .map(r -> r.partition() + "/" + r.timestamp() + "/" + new String(r.key(), StandardCharsets.UTF_8) + "/"
                        + r.value())
                .toList();
    }
}
