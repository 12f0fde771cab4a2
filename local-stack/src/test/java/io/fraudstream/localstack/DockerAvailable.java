package io.fraudstream.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a Testcontainers test only where a Docker engine answers; otherwise skips it and says why (a Docker
 * client alone is not enough), and where the same scenario runs without Docker.
 */
public final class DockerAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            available = false;
        }
        return available
                ? ConditionEvaluationResult.enabled("a Docker engine is available")
                : ConditionEvaluationResult.disabled("skipped: no Docker engine is reachable from this machine"
                        + " (Testcontainers found no running daemon), so Confluent's cp-kafka and cp-schema-registry images"
                        + " cannot run here; the same scenarios run against the embedded local stack in LocalStackIT");
    }
}
