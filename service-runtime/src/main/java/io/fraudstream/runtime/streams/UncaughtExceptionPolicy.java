package io.fraudstream.runtime.streams;

import java.util.Objects;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link StreamsUncaughtExceptionHandler} for a configured policy. */
public final class UncaughtExceptionPolicy {

    private static final Logger log = LoggerFactory.getLogger(UncaughtExceptionPolicy.class);

    private UncaughtExceptionPolicy() {}

    /**
     * A handler that logs the exception with the stream thread's name, calls {@code onException} (a metric, say),
     * and answers {@code response}.
     */
    public static StreamsUncaughtExceptionHandler handler(
            StreamThreadExceptionResponse response, Runnable onException) {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(onException, "onException");
        return exception -> {
            log.error(
                    "uncaught exception in Kafka Streams thread {}; policy {}: {}",
                    Thread.currentThread().getName(),
                    response,
                    consequence(response),
                    exception);
            onException.run();
            return response;
        };
    }

    /** What {@code response} does, in words, for the log. */
    static String consequence(StreamThreadExceptionResponse response) {
        return switch (response) {
            case REPLACE_THREAD -> "replacing the thread";
            case SHUTDOWN_CLIENT -> "shutting this instance down (health turns DOWN)";
            case SHUTDOWN_APPLICATION -> "shutting every instance of the application down";
        };
    }
}
