package io.fraudstream.runtime.topics;

import static io.fraudstream.runtime.topics.TopicSpecs.compactTopic;
import static io.fraudstream.runtime.topics.TopicSpecs.deleteTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicComparisonTest {

    private static final TopicSpec<String, String> RAW = deleteTopic("transactions.raw", 3, Optional.empty());
    private static final TopicSpec<String, String> SCORED =
            deleteTopic("transactions.scored", 3, Optional.of(Duration.ofDays(30)));
    private static final TopicSpec<String, String> MODELS = compactTopic("fraud.models", 1);

    private static ExistingTopic existing(TopicSpec<?, ?> spec, int partitions, Map<String, String> configs) {
        return new ExistingTopic(spec.name(), partitions, 1, configs);
    }

    @Test
    void shouldFindNothingWhenTheTopicMatches() {
        // Given a topic laid out exactly as specified, with broker defaults alongside
        ExistingTopic actual = existing(
                RAW, 3, Map.of("cleanup.policy", "delete", "retention.ms", "-1", "segment.bytes", "1073741824"));

        // Then
        assertThat(TopicComparison.compare(RAW, actual)).isEmpty();
    }

    @Test
    void shouldRejectFewerPartitionsThanSpecified() {
        List<TopicMismatch> mismatches = TopicComparison.compare(
                RAW, existing(RAW, 2, Map.of("cleanup.policy", "delete", "retention.ms", "-1")));

        assertThat(mismatches).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(TopicMismatch.Severity.ERROR);
            assertThat(m.property()).isEqualTo("partitions");
            assertThat(m.expected()).isEqualTo("3");
            assertThat(m.actual()).isEqualTo("2");
            assertThat(m.fix()).contains("topics.transactions.raw.partitions=2");
        });
    }

    @Test
    void shouldRejectMorePartitionsThanSpecified() {
        List<TopicMismatch> mismatches = TopicComparison.compare(
                RAW, existing(RAW, 6, Map.of("cleanup.policy", "delete", "retention.ms", "-1")));

        assertThat(mismatches).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(TopicMismatch.Severity.ERROR);
            assertThat(m.actual()).isEqualTo("6");
            assertThat(m.fix()).contains("cannot be removed").contains("topics.transactions.raw.partitions=6");
        });
    }

    @Test
    void shouldRejectADifferentCleanupPolicy() {
        List<TopicMismatch> deleteInsteadOfCompact =
                TopicComparison.compare(MODELS, existing(MODELS, 1, Map.of("cleanup.policy", "delete")));
        List<TopicMismatch> bothInsteadOfCompact =
                TopicComparison.compare(MODELS, existing(MODELS, 1, Map.of("cleanup.policy", "compact,delete")));
        List<TopicMismatch> notReported = TopicComparison.compare(MODELS, existing(MODELS, 1, Map.of()));

        assertThat(deleteInsteadOfCompact).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(TopicMismatch.Severity.ERROR);
            assertThat(m.property()).isEqualTo("cleanup.policy");
            assertThat(m.expected()).isEqualTo("compact");
            assertThat(m.actual()).isEqualTo("delete");
            assertThat(m.fix()).contains("--entity-name fraud.models --add-config cleanup.policy=compact");
        });
        assertThat(bothInsteadOfCompact).extracting(TopicMismatch::property).containsExactly("cleanup.policy");
        assertThat(notReported).extracting(TopicMismatch::property).containsExactly("cleanup.policy");
    }

    @Test
    void shouldAcceptCleanupPolicyRegardlessOfCaseAndSpacing() {
        assertThat(TopicComparison.compare(MODELS, existing(MODELS, 1, Map.of("cleanup.policy", " Compact "))))
                .isEmpty();
    }

    @Test
    void shouldOnlyWarnAboutADifferentRetention() {
        List<TopicMismatch> mismatches = TopicComparison.compare(
                SCORED, existing(SCORED, 3, Map.of("cleanup.policy", "delete", "retention.ms", "604800000")));

        assertThat(mismatches).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(TopicMismatch.Severity.WARNING);
            assertThat(m.property()).isEqualTo("retention.ms");
            assertThat(m.expected())
                    .isEqualTo(String.valueOf(Duration.ofDays(30).toMillis()));
            assertThat(m.actual()).isEqualTo("604800000");
            assertThat(m.fix()).contains("topics.transactions.scored.retention.ms=604800000");
        });
    }

    @Test
    void shouldIgnoreRetentionOfCompactedTopics() {
        assertThat(TopicComparison.compare(
                        MODELS, existing(MODELS, 1, Map.of("cleanup.policy", "compact", "retention.ms", "1000"))))
                .isEmpty();
    }

    @Test
    void shouldOnlyWarnAboutADifferentReplicationFactor() {
        ExistingTopic replicated =
                new ExistingTopic(RAW.name(), 3, 3, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));

        assertThat(TopicComparison.compare(RAW, replicated)).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(TopicMismatch.Severity.WARNING);
            assertThat(m.property()).isEqualTo("replication.factor");
        });
    }

    @Test
    void shouldReportEveryDifferenceOfOneTopic() {
        List<TopicMismatch> mismatches = TopicComparison.compare(
                SCORED, existing(SCORED, 1, Map.of("cleanup.policy", "compact", "retention.ms", "1")));

        assertThat(mismatches)
                .extracting(TopicMismatch::property)
                .containsExactly("partitions", "cleanup.policy", "retention.ms");
    }

    @Test
    void shouldRejectTwoTopicIdsSharingOneName() {
        TopicSpec<String, String> alerts = new TopicSpec<>(
                "fraud.alerts",
                "transactions.scored",
                "alerts",
                SCORED.keySerde(),
                SCORED.valueSerde(),
                3,
                (short) 1,
                SCORED.cleanupPolicy(),
                SCORED.retention());

        assertThatThrownBy(() -> TopicComparison.requireDistinctNames(List.of(RAW, SCORED, alerts)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'transactions.scored'")
                .hasMessageContaining("fraud.alerts");
    }
}
