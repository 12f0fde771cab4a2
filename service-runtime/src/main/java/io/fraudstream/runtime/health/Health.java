package io.fraudstream.runtime.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness and readiness checks of one service. Liveness failing means "restart me" (for example Kafka
 * Streams in ERROR); readiness failing means "do not send me work yet" (for example rebalancing, or no model
 * loaded). Checks are evaluated on every request, must be cheap and must not block. Thread-safe.
 */
public final class Health {

    private static final Logger log = LoggerFactory.getLogger(Health.class);

    private final Map<String, Supplier<Status>> liveness = new LinkedHashMap<>();
    private final Map<String, Supplier<Status>> readiness = new LinkedHashMap<>();

    /** Registers (or replaces) a liveness check. */
    public synchronized Health liveness(String name, Supplier<Status> check) {
        liveness.put(requireName(name), Objects.requireNonNull(check, "check"));
        return this;
    }

    /** Registers (or replaces) a readiness check. */
    public synchronized Health readiness(String name, Supplier<Status> check) {
        readiness.put(requireName(name), Objects.requireNonNull(check, "check"));
        return this;
    }

    /** Registers (or replaces) a readiness check that is up when {@code check} returns true. */
    public Health readiness(String name, BooleanSupplier check) {
        Objects.requireNonNull(check, "check");
        return readiness(name, () -> check.getAsBoolean() ? Status.up() : Status.down("not ready"));
    }

    /** Evaluates the liveness checks. */
    public HealthReport liveness() {
        return evaluate(snapshot(liveness));
    }

    /** Evaluates the readiness checks. */
    public HealthReport readiness() {
        return evaluate(snapshot(readiness));
    }

    private synchronized Map<String, Supplier<Status>> snapshot(Map<String, Supplier<Status>> checks) {
        return new LinkedHashMap<>(checks);
    }

    private static HealthReport evaluate(Map<String, Supplier<Status>> checks) {
        Map<String, Status> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> results.put(name, run(name, check)));
        return new HealthReport(results);
    }

    private static Status run(String name, Supplier<Status> check) {
        try {
            return Objects.requireNonNull(check.get(), "check returned null");
        } catch (RuntimeException e) {
            log.warn("health check {} failed", name, e);
            return Status.down("check failed: " + e);
        }
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("check name must not be blank");
        }
        return name;
    }
}
