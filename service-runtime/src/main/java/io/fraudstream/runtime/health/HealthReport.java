package io.fraudstream.runtime.health;

import java.util.List;
import java.util.Map;

/**
 * The evaluated checks of one kind (liveness or readiness).
 *
 * @param checks every check by name, in registration order
 */
public record HealthReport(Map<String, Status> checks) {

    public HealthReport {
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }

    /** True when every check passes (vacuously true without checks). */
    public boolean up() {
        return checks.values().stream().allMatch(Status::isUp);
    }

    /** Names of the failing checks, in registration order. */
    public List<String> failing() {
        return checks.entrySet().stream()
                .filter(e -> !e.getValue().isUp())
                .map(Map.Entry::getKey)
                .toList();
    }
}
