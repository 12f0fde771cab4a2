package io.fraudstream.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UncaughtExceptionPolicyTest {

    @ParameterizedTest
    @EnumSource(StreamThreadExceptionResponse.class)
    void shouldAnswerTheConfiguredResponseAndCountTheException(StreamThreadExceptionResponse configured) {
        AtomicInteger seen = new AtomicInteger();
        StreamsUncaughtExceptionHandler handler = UncaughtExceptionPolicy.handler(configured, seen::incrementAndGet);

        StreamThreadExceptionResponse response = handler.handle(new IllegalStateException("poison"));

        assertThat(response).isEqualTo(configured);
        assertThat(seen).hasValue(1);
        assertThat(UncaughtExceptionPolicy.consequence(configured)).isNotBlank();
    }
}
