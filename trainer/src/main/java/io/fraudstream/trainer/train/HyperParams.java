package io.fraudstream.trainer.train;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One point of a candidate's search grid.
 *
 * @param candidate the candidate's name
 * @param values    parameter name to value, sorted by name
 */
public record HyperParams(String candidate, Map<String, Number> values) {
    public HyperParams {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** A value as a double. */
    public double get(String name) {
        Number n = values.get(name);
        if (n == null) {
            throw new IllegalArgumentException(candidate + " has no parameter " + name);
        }
        return n.doubleValue();
    }

    /** A value as an int. */
    public int getInt(String name) {
        return (int) Math.round(get(name));
    }

    @Override
    public String toString() {
        return candidate + "("
                + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")) + ")";
    }
}
