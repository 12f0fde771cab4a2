package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsProfileTest {

    @Test
    void shouldSetTheLowLatencyCommitIntervalAndLingerUnlessTheCommandLineSaysOtherwise() {
        // When
        Map<String, String> plain = StreamsProfile.parse("low-latency").settings(null, 2, Map.of());
        Map<String, String> explicit = StreamsProfile.LOW_LATENCY.settings(50, 1, Map.of("producer.linger.ms", "5"));

        // Then
        assertThat(plain)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("commit.interval.ms", "20", "num.stream.threads", "2", "producer.linger.ms", "1"));
        assertThat(explicit).containsEntry("commit.interval.ms", "50").containsEntry("producer.linger.ms", "5");
    }

    @Test
    void shouldLetStreamsSettingsWinOverTheProfileAndTheCommitIntervalOption() {
        Map<String, String> s = StreamsProfile.parse("default").settings(null, 1, Map.of("commit.interval.ms", "30"));

        assertThat(s).containsExactlyInAnyOrderEntriesOf(Map.of("commit.interval.ms", "30", "num.stream.threads", "1"));
        assertThat(StreamsProfile.DEFAULT.visibleP99TargetMs()).isEqualTo(200);
        assertThat(StreamsProfile.LOW_LATENCY.visibleP99TargetMs()).isEqualTo(80);
    }

    @Test
    void shouldRejectAnUnknownProfileNamingTheKnownOnes() {
        assertThatThrownBy(() -> StreamsProfile.parse("fast")).hasMessageContaining("default, low-latency");
    }
}
