package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class OneHopCeilingTest {

    @Test
    void shouldRunWithThePipelinesThreadsCommitIntervalAndProducerSettingsExactlyOnce() {
        // Given the pipeline's settings of a low-latency run with 2 threads
        Map<String, String> pipeline = StreamsProfile.LOW_LATENCY.settings(null, 2, Map.of());

        // When
        Map<String, Object> props =
                OneHopCeiling.streamsProps("localhost:9092", "run.ceiling", Path.of("/tmp/state"), pipeline);

        // Then
        assertThat(props)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "run.ceiling")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20")
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .containsEntry("producer.linger.ms", "1")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(
                        StreamsConfig.STATE_DIR_CONFIG, Path.of("/tmp/state").toString());
    }

    @Test
    void shouldHaveOneChangeloggedCardStoreAndOneOutput() {
        var description =
                OneHopCeiling.topology("in", "out", 400, 300).describe().toString();

        assertThat(description)
                .contains("stores: [" + OneHopCeiling.CARD_STORE + "]")
                .contains("topic: out")
                .doesNotContain("repartition");
    }
}
