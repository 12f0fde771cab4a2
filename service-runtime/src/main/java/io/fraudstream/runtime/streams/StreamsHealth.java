package io.fraudstream.runtime.streams;

import io.fraudstream.runtime.health.Status;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How a Kafka Streams state maps to health. Ready only in {@code RUNNING}. Alive in every state but
 * {@code PENDING_ERROR} and {@code ERROR}: a rebalancing, starting or stopping instance is healthy, an instance
 * whose threads all died is not (the orchestrator should restart it).
 */
public final class StreamsHealth {

    private StreamsHealth() {}

    /** Readiness for {@code state}: up only in {@code RUNNING}. */
    public static Status readiness(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING ? Status.up(state.name()) : Status.down(state.name());
    }

    /** Liveness for {@code state}: down only in {@code PENDING_ERROR} and {@code ERROR}. */
    public static Status liveness(KafkaStreams.State state) {
        return switch (state) {
            case PENDING_ERROR, ERROR -> Status.down(state.name());
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING -> Status.up(state.name());
        };
    }
}
