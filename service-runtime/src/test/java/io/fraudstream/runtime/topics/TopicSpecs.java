package io.fraudstream.runtime.topics;

import io.fraudstream.schemas.topics.CleanupPolicy;
import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/** Test data: topic specs with string serdes (layout is under test, not serialization). */
final class TopicSpecs {

    private TopicSpecs() {}

    static TopicSpec<String, String> deleteTopic(String name, int partitions, Optional<Duration> retention) {
        return new TopicSpec<>(
                name,
                name,
                "test topic " + name,
                Serdes.String(),
                Serdes.String(),
                partitions,
                (short) 1,
                CleanupPolicy.DELETE,
                retention);
    }

    static TopicSpec<String, String> compactTopic(String name, int partitions) {
        return new TopicSpec<>(
                name,
                name,
                "test topic " + name,
                Serdes.String(),
                Serdes.String(),
                partitions,
                (short) 1,
                CleanupPolicy.COMPACT,
                Optional.empty());
    }
}
