package io.fraudstream.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.metrics.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link StreamsService} wires without a broker (Kafka Streams is created, not started); running it is
 * covered by the lead's integration tests.
 */
class StreamsServiceTest {

    @TempDir
    Path stateDir;

    private static Topology passThrough() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("read-in"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()).withName("write-out"));
        return builder.build();
    }

    private RuntimeConfig config() {
        return new RuntimeConfig(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "service.name", "streams-test",
                "shutdown.timeout.ms", "5000"));
    }

    private Map<String, Object> streamsProps(RuntimeConfig config) {
        Map<String, Object> props = new HashMap<>(config.streamsProps());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    @Test
    void shouldGiveEachInstanceItsOwnStateDirectoryUnlessOneIsConfigured() {
        // Given no state.dir: two instances of one service in one working directory
        RuntimeConfig config = config();
        Path root = stateDir.resolve("root");
        try (Metrics metrics = Metrics.create(config.serviceName());
                StreamsService first =
                        new StreamsService(passThrough(), config.streamsProps(), config, new Health(), metrics, root);
                StreamsService second =
                        new StreamsService(passThrough(), config.streamsProps(), config, new Health(), metrics, root);
                StreamsService explicit =
                        new StreamsService(passThrough(), streamsProps(config), config, new Health(), metrics, root)) {

            // Then each holds a directory of its own under the application id; an explicit state.dir is left alone
            assertThat(first.stateDir()).contains(root.resolve("streams-test").resolve("0"));
            assertThat(second.stateDir()).contains(root.resolve("streams-test").resolve("1"));
            assertThat(explicit.stateDir()).isEmpty();

            // When the first stops, a restarted instance takes its directory (and state) back
            first.close();
            try (StreamsService restarted =
                    new StreamsService(passThrough(), config.streamsProps(), config, new Health(), metrics, root)) {
                assertThat(restarted.stateDir())
                        .contains(root.resolve("streams-test").resolve("0"));
            }
        }
    }

    @Test
    void shouldRegisterHealthChecksFollowingTheStreamsState() {
        RuntimeConfig config = config();
        Health health = new Health();
        try (Metrics metrics = Metrics.create(config.serviceName());
                StreamsService service =
                        new StreamsService(passThrough(), streamsProps(config), config, health, metrics)) {

            assertThat(service.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(health.readiness().failing()).containsExactly(StreamsService.CHECK_NAME);
            assertThat(health.readiness()
                            .checks()
                            .get(StreamsService.CHECK_NAME)
                            .detail())
                    .isEqualTo("CREATED");
            assertThat(health.liveness().up()).isTrue();
        }
    }

    @Test
    void shouldBindStreamsMetricsAndTheUncaughtExceptionCounter() {
        RuntimeConfig config = config();
        try (Metrics metrics = Metrics.create(config.serviceName());
                StreamsService ignored =
                        new StreamsService(passThrough(), streamsProps(config), config, new Health(), metrics)) {

            assertThat(metrics.scrape())
                    .contains("fraudstream_streams_uncaught_exceptions_total")
                    .contains("kafka_stream_");
        }
    }

    @Test
    void shouldCloseOnceThenWhatWasHandedOverInOrder() {
        RuntimeConfig config = config();
        List<String> closed = new ArrayList<>();
        try (Metrics metrics = Metrics.create(config.serviceName())) {
            StreamsService service = new StreamsService(
                            passThrough(), streamsProps(config), config, new Health(), metrics)
                    .closeAfter(() -> closed.add("http"), () -> closed.add("producer"));

            service.close();
            service.close();

            assertThat(service.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertThat(closed).containsExactly("http", "producer");
        }
    }

    @Test
    void shouldStartRebalancingAliveButNotReadyUntilABrokerAnswers() {
        RuntimeConfig config = config();
        Health health = new Health();
        try (Metrics metrics = Metrics.create(config.serviceName());
                StreamsService service =
                        new StreamsService(passThrough(), streamsProps(config), config, health, metrics)) {

            service.start();

            assertThat(service.state()).isEqualTo(KafkaStreams.State.REBALANCING);
            assertThat(health.readiness()
                            .checks()
                            .get(StreamsService.CHECK_NAME)
                            .detail())
                    .isEqualTo("REBALANCING");
            assertThat(health.readiness().up()).isFalse();
            assertThat(health.liveness().up()).isTrue();
            assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
