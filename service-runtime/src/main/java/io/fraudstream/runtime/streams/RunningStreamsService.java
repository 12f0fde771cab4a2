package io.fraudstream.runtime.streams;

import io.fraudstream.runtime.http.ServiceHttpServer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A running Kafka Streams service with its HTTP endpoints: what the feature stream, the scoring service and the
 * one-hop application share once started (each starts itself in its own {@code start} method).
 */
public abstract class RunningStreamsService implements AutoCloseable {

    private final StreamsService streams;
    private final ServiceHttpServer http;

    protected RunningStreamsService(StreamsService streams, ServiceHttpServer http) {
        this.streams = streams;
        this.http = http;
    }

    /** Kafka Streams, for interactive queries and state. */
    public KafkaStreams streams() {
        return streams.streams();
    }

    /** The port of the HTTP endpoints. */
    public int httpPort() {
        return http.port();
    }

    /** Blocks until the service is closed (by {@link #close()} or SIGTERM). */
    public void awaitClosed() throws InterruptedException {
        streams.awaitClosed();
    }

    /** Closes Kafka Streams and what it was told to close after it (the HTTP server among them). */
    @Override
    public void close() {
        streams.close();
    }
}
