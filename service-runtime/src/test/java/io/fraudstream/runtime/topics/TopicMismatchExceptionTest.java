package io.fraudstream.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicMismatchExceptionTest {

    @Test
    void shouldListEveryMismatchOfEveryTopicInItsMessage() {
        TopicMismatch rawPartitions =
                new TopicMismatch("transactions.raw", "partitions", "3", "6", TopicMismatch.Severity.ERROR, "set it");
        TopicMismatch modelsPolicy = new TopicMismatch(
                "fraud.models", "cleanup.policy", "compact", "delete", TopicMismatch.Severity.ERROR, "alter it");

        TopicMismatchException e = new TopicMismatchException(List.of(rawPartitions, modelsPolicy));

        assertThat(e.mismatches()).containsExactly(rawPartitions, modelsPolicy);
        assertThat(e.getMessage())
                .startsWith("2 existing topics contradict the configured layout:")
                .contains("transactions.raw: partitions expected 3, actual 6. Fix: set it")
                .contains("fraud.models: cleanup.policy expected compact, actual delete. Fix: alter it");
    }

    @Test
    void shouldRefuseToBeBuiltWithoutMismatches() {
        assertThatThrownBy(() -> new TopicMismatchException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
