package io.fraudstream.runtime.topics;

import java.util.Map;
import java.util.Objects;

/**
 * What the broker reports about a topic that exists.
 *
 * @param name              topic name
 * @param partitions        partition count
 * @param replicationFactor replicas of the first partition
 * @param configs           effective topic configs (including broker defaults), such as {@code cleanup.policy}
 */
public record ExistingTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public ExistingTopic {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }
}
