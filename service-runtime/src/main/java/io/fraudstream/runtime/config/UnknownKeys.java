package io.fraudstream.runtime.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Typo protection: finds keys that are neither declared in a {@link ConfigDef} nor under one of the
 * {@linkplain RuntimeConfig#PASS_THROUGH_PREFIXES pass-through prefixes}, and suggests the declared key they most
 * likely meant.
 */
final class UnknownKeys {

    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private UnknownKeys() {}

    /** The keys of {@code keys} that {@code definition} does not declare and no pass-through prefix covers, sorted. */
    static List<String> find(ConfigDef definition, Collection<String> keys) {
        return keys.stream()
                .filter(k -> !definition.configKeys().containsKey(k))
                .filter(k -> RuntimeConfig.PASS_THROUGH_PREFIXES.stream().noneMatch(k::startsWith))
                .sorted()
                .toList();
    }

    /** A human-readable line for one unknown key, with a "did you mean" hint when a declared key is close. */
    static String describe(ConfigDef definition, String key) {
        return describe(definition, key, Optional.empty());
    }

    /** Like {@link #describe(ConfigDef, String)}, naming where the key came from. */
    static String describe(ConfigDef definition, String key, Optional<String> source) {
        return "unknown configuration key '" + key + "'"
                + source.map(s -> " from " + s).orElse("")
                + suggestion(definition, key)
                        .map(s -> " (did you mean '" + s + "'?)")
                        .orElse("")
                + "; Kafka client settings go under one of " + RuntimeConfig.PASS_THROUGH_PREFIXES;
    }

    static Optional<String> suggestion(ConfigDef definition, String key) {
        return definition.names().stream()
                .map(n -> new Candidate(n, distance(n, key)))
                .filter(c -> c.distance() <= MAX_SUGGESTION_DISTANCE)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    private record Candidate(String name, int distance) {}

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
