package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.dashboard.Summary;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline as {@code ./fraudstream demo} starts it, on the shared local stack, in both deployments: the dashboard
 * it starts shows the merchant stage's ordering, scraped from the {@code /metrics} of the application that computes
 * the features (the one-hop application, or the feature stream) on its ephemeral port.
 */
@ExtendWith(LocalStackExtension.class)
class PipelineDashboardIT {

    private static final Duration DEADLINE = Duration.ofMinutes(3); // an upper bound on a loaded 2-core machine

    @ParameterizedTest
    @EnumSource(Pipeline.Deployment.class)
    void shouldShowTheFeatureStreamsOrderingOnTheDashboard(Pipeline.Deployment deployment, StackState stack)
            throws Exception {
        String prefix = "pipedash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : TopicCatalogue.IDS) {
            names.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        Pipeline.Settings settings = new Pipeline.Settings(
                        stack.bootstrapServers(),
                        stack.registryUrl(),
                        names,
                        prefix,
                        Files.createTempDirectory("pipedash-state"),
                        "pipeline-dashboard-test-signing-key-0123456789",
                        Optional.empty(),
                        0,
                        Optional.of(0),
                        Files.createTempDirectory("pipedash-reports"),
                        Map.of(),
                        Map.of())
                .with(deployment);
        try (Pipeline pipeline = Pipeline.start(settings)) {
            pipeline.awaitRunning(DEADLINE);

            String metrics = "http://127.0.0.1:" + pipeline.features().httpPort() + "/metrics";
            await().atMost(DEADLINE).untilAsserted(() -> {
                Summary.Ordering ordering =
                        pipeline.dashboard().orElseThrow().summary().ordering();
                assertThat(ordering.configured()).isTrue();
                assertThat(ordering.endpoints()).singleElement().satisfies(e -> {
                    assertThat(e.url()).isEqualTo(metrics);
                    assertThat(e.status()).as(e.error()).isEqualTo(Summary.EndpointStatus.UP);
                });
                assertThat(ordering.held()).isNotNull();
                assertThat(ordering.late()).isZero();
            });
        }
    }
}
