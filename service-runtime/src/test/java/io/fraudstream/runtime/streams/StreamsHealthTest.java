package io.fraudstream.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {

    @ParameterizedTest
    @EnumSource(State.class)
    void shouldBeReadyOnlyWhenRunning(State state) {
        assertThat(StreamsHealth.readiness(state).isUp()).isEqualTo(state == State.RUNNING);
        assertThat(StreamsHealth.readiness(state).detail()).isEqualTo(state.name());
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void shouldBeAliveUnlessInError(State state) {
        boolean failed = state == State.ERROR || state == State.PENDING_ERROR;

        assertThat(StreamsHealth.liveness(state).isUp()).isEqualTo(!failed);
    }
}
