package io.fraudstream.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

class LoggingTest {

    private static final String LOGGER = "org.tribuo.test";
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logback = (Logger) LoggerFactory.getLogger(LOGGER);

    @BeforeEach
    void attachAppender() {
        appender.start();
        logback.addAppender(appender);
    }

    @AfterEach
    void detachAppender() {
        logback.detachAppender(appender);
    }

    @Test
    void shouldRouteJavaUtilLoggingToSlf4j() {
        Logging.install();

        java.util.logging.Logger.getLogger(LOGGER).warning("trained 3 trees");

        assertThat(Logging.installed()).isTrue();
        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo("trained 3 trees");
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        });
    }

    @Test
    void shouldInstallTheBridgeOnlyOnce() {
        Logging.install();
        Logging.install();

        long bridges = Arrays.stream(java.util.logging.LogManager.getLogManager()
                        .getLogger("")
                        .getHandlers())
                .filter(SLF4JBridgeHandler.class::isInstance)
                .count();
        assertThat(bridges).isEqualTo(1);
    }
}
