package io.fraudstream.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue: its name, what its keys and values are and how they are (de)serialized,
 * and how the broker should lay it out.
 *
 * @param id                stable logical id (for example {@code transactions.raw}); used in config keys
 * @param name              the actual topic name (configurable, defaults to the id)
 * @param doc               what the topic carries, key and value
 * @param keySerde          serde for keys
 * @param valueSerde        serde for values
 * @param partitions        partition count to create with
 * @param replicationFactor replication factor to create with
 * @param cleanupPolicy     delete or compact
 * @param retention         retention by record (event) time; empty means infinite ({@code retention.ms=-1})
 * @param extraConfigs      further broker-side topic configs (for example {@code max.message.bytes} for topics whose
 *                          records exceed the broker's 1 MB default); never {@code cleanup.policy} or {@code retention.ms}
 */
public record TopicSpec<K, V>(
        String id,
        String name,
        String doc,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        short replicationFactor,
        CleanupPolicy cleanupPolicy,
        Optional<Duration> retention,
        Map<String, String> extraConfigs) {

    /** A spec without extra topic configs (the layout every topic had before {@link #extraConfigs()} existed). */
    public TopicSpec(
            String id,
            String name,
            String doc,
            Serde<K> keySerde,
            Serde<V> valueSerde,
            int partitions,
            short replicationFactor,
            CleanupPolicy cleanupPolicy,
            Optional<Duration> retention) {
        this(id, name, doc, keySerde, valueSerde, partitions, replicationFactor, cleanupPolicy, retention, Map.of());
    }

    public TopicSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic " + id + ": name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + id + ": partitions must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "topic " + id + ": replication factor must be >= 1, was " + replicationFactor);
        }
        Objects.requireNonNull(extraConfigs, "extraConfigs");
        if (extraConfigs.containsKey(TopicConfig.CLEANUP_POLICY_CONFIG)
                || extraConfigs.containsKey(TopicConfig.RETENTION_MS_CONFIG)) {
            throw new IllegalArgumentException(
                    "topic " + id + ": set cleanup policy and retention through their own fields, not extraConfigs");
        }
        extraConfigs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(extraConfigs));
    }

    /** The broker-side topic configs this spec asks for: cleanup policy, retention, then the {@link #extraConfigs()}. */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        if (cleanupPolicy == CleanupPolicy.DELETE) {
            configs.put(
                    TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(retention.map(Duration::toMillis).orElse(-1L)));
        }
        configs.putAll(extraConfigs);
        return configs;
    }

    @Override
    public String toString() {
        return name + " (" + id + ", " + partitions + " partitions, rf " + replicationFactor + ", "
                + cleanupPolicy.configValue()
                + retention
                        .map(r -> ", retention " + r)
                        .orElse(cleanupPolicy == CleanupPolicy.DELETE ? ", retention infinite" : "")
                + (extraConfigs.isEmpty() ? "" : ", " + extraConfigs) + ")";
    }
}
