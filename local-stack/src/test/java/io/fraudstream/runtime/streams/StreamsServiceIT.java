package io.fraudstream.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.metrics.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamsService} against a real broker: readiness follows the Streams state (on the shared local stack).
 */
@ExtendWith(LocalStackExtension.class)
class StreamsServiceIT {

    private static String bootstrap;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void connect(StackState stack) {
        bootstrap = stack.bootstrapServers();
    }

    @Test
    void shouldBecomeReadyWhenRunningAndStopCleanly() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String in = "it.in." + suffix;
        String out = "it.out." + suffix;
        RuntimeConfig config = new RuntimeConfig(Map.of(
                "kafka.bootstrap.servers",
                bootstrap,
                "service.name",
                "streams-it-" + suffix,
                "shutdown.timeout.ms",
                "10000"));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()).withName("read-in"))
                .to(out, Produced.with(Serdes.String(), Serdes.String()).withName("write-out"));
        Topology topology = builder.build();
        Map<String, Object> props = new HashMap<>(config.streamsProps());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Health health = new Health();

        try (Admin admin = Admin.create(config.adminProps());
                Metrics metrics = Metrics.create(config.serviceName())) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 1, (short) 1)))
                    .all()
                    .get();
            try (StreamsService service = new StreamsService(topology, props, config, health, metrics)) {
                service.start();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> health.readiness().up());

                assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(health.liveness().up()).isTrue();
                service.close();
                assertThat(service.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
                assertThat(health.readiness().up()).isFalse();
            } finally {
                admin.deleteTopics(List.of(in, out)).all().get();
            }
        }
    }
}
