package io.fraudstream.runtime.topics;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Compares an existing topic with its spec, without a broker. Partition count and cleanup policy must match
 * (keys would route to other partitions; a compacted topic would lose or keep the wrong records): they are
 * {@link TopicMismatch.Severity#ERROR errors}. Retention and replication factor can be changed on a live topic
 * and only matter operationally: they are {@link TopicMismatch.Severity#WARNING warnings}.
 */
public final class TopicComparison {

    private static final String NOT_REPORTED = "(not reported)";

    private TopicComparison() {}

    /** Every difference between {@code spec} and {@code actual}, errors first. */
    public static List<TopicMismatch> compare(TopicSpec<?, ?> spec, ExistingTopic actual) {
        List<TopicMismatch> out = new ArrayList<>();
        String name = spec.name();
        String partitionsKey = RuntimeConfig.topicPartitionsKey(spec.id());
        if (actual.partitions() < spec.partitions()) {
            out.add(error(
                    name,
                    "partitions",
                    spec.partitions(),
                    actual.partitions(),
                    "set " + partitionsKey + "=" + actual.partitions()
                            + " to use the topic as it is. Adding partitions "
                            + "(kafka-topics --alter --partitions " + spec.partitions()
                            + ") moves keys to other partitions: "
                            + "do it only if no state or ordering depends on key placement."));
        } else if (actual.partitions() > spec.partitions()) {
            out.add(error(
                    name,
                    "partitions",
                    spec.partitions(),
                    actual.partitions(),
                    "partitions cannot be removed: set " + partitionsKey + "=" + actual.partitions()
                            + ", or delete and recreate the topic if its data may go."));
        }
        String expectedPolicy = spec.cleanupPolicy().configValue();
        String actualPolicy = actual.configs().getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, NOT_REPORTED);
        if (!policies(actualPolicy).equals(Set.of(expectedPolicy))) {
            out.add(error(
                    name,
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    expectedPolicy,
                    actualPolicy,
                    alterConfig(name, TopicConfig.CLEANUP_POLICY_CONFIG, expectedPolicy) + ", or set "
                            + RuntimeConfig.topicNameKey(spec.id()) + " to a topic laid out as configured."));
        }
        String expectedRetention = spec.topicConfigs().get(TopicConfig.RETENTION_MS_CONFIG);
        if (expectedRetention != null) {
            String actualRetention = actual.configs().getOrDefault(TopicConfig.RETENTION_MS_CONFIG, NOT_REPORTED);
            if (!sameNumber(expectedRetention, actualRetention)) {
                out.add(warning(
                        name,
                        TopicConfig.RETENTION_MS_CONFIG,
                        expectedRetention,
                        actualRetention,
                        alterConfig(name, TopicConfig.RETENTION_MS_CONFIG, expectedRetention) + ", or set "
                                + RuntimeConfig.topicRetentionKey(spec.id()) + "=" + actualRetention
                                + " to accept it."));
            }
        }
        if (actual.replicationFactor() != spec.replicationFactor()) {
            out.add(warning(
                    name,
                    "replication.factor",
                    spec.replicationFactor(),
                    actual.replicationFactor(),
                    "reassign replicas with kafka-reassign-partitions, or set "
                            + RuntimeConfig.TOPICS_REPLICATION_FACTOR + "=" + actual.replicationFactor()
                            + " to accept it."));
        }
        return out;
    }

    /**
     * Rejects specs that would share a topic name (two ids configured with the same {@code topics.<id>.name}).
     *
     * @throws IllegalArgumentException naming the clashing ids
     */
    public static void requireDistinctNames(Collection<? extends TopicSpec<?, ?>> specs) {
        Map<String, List<String>> idsByName = specs.stream()
                .collect(Collectors.groupingBy(
                        TopicSpec::name,
                        java.util.TreeMap::new,
                        Collectors.mapping(TopicSpec::id, Collectors.toList())));
        List<String> clashes = idsByName.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> "topic name '" + e.getKey() + "' is configured for " + e.getValue())
                .toList();
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join("; ", clashes) + ": give each topic id its own topics.<id>.name");
        }
    }

    private static Set<String> policies(String value) {
        return Arrays.stream(value.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean sameNumber(String expected, String actual) {
        try {
            return Long.parseLong(expected.trim()) == Long.parseLong(actual.trim());
        } catch (NumberFormatException e) {
            return expected.trim().equals(actual.trim());
        }
    }

    private static String alterConfig(String topic, String key, String value) {
        return "kafka-configs --bootstrap-server <servers> --alter --entity-type topics --entity-name " + topic
                + " --add-config " + key + "=" + value;
    }

    private static TopicMismatch error(String topic, String property, Object expected, Object actual, String fix) {
        return mismatch(topic, property, expected, actual, TopicMismatch.Severity.ERROR, fix);
    }

    private static TopicMismatch warning(String topic, String property, Object expected, Object actual, String fix) {
        return mismatch(topic, property, expected, actual, TopicMismatch.Severity.WARNING, fix);
    }

    private static TopicMismatch mismatch(
            String topic,
            String property,
            Object expected,
            Object actual,
            TopicMismatch.Severity severity,
            String fix) {
        return new TopicMismatch(topic, property, String.valueOf(expected), String.valueOf(actual), severity, fix);
    }
}
