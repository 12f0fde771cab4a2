package io.fraudstream.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable logging configuration ({@code src/main/resources/logback.xml}, not the tests' one) with the log file
 * the launcher adds: libraries' warnings go to the file only, fraudstream's warnings and everyone's errors reach the
 * console too.
 */
class LogFileTest {

    private static final String LIBRARY = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String OURS = "io.fraudstream.scoring.ScoringService";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private LoggerContext context;

    @BeforeEach
    void configureFromTheDeployableFile() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL deployable = getClass().getClassLoader().getResource("logback.xml");
        assertThat(deployable)
                .as("service-runtime's logback.xml on the class path")
                .isNotNull();
        configurator.doConfigure(deployable);
    }

    @AfterEach
    void restore() {
        context.stop();
        System.setErr(originalErr);
    }

    @Test
    void shouldSendLibraryWarningsToTheFileOnly() throws Exception {
        // given the log file of a command
        Path file = dir.resolve("logs/score.log");
        Logging.toFile(context, file, false);

        // when a library warns, and fraudstream's code warns and informs
        context.getLogger(LIBRARY).warn("Got error produce response: CONCURRENT_TRANSACTIONS");
        context.getLogger(OURS).warn("model rejected: bad signature");
        context.getLogger(OURS).info("model v2 in service");
        context.getLogger(LIBRARY).error("the producer was fenced");

        // then the console has our warning and the library's error, the file has every line
        assertThat(consoleText())
                .contains("model rejected: bad signature", "the producer was fenced")
                .doesNotContain("CONCURRENT_TRANSACTIONS", "model v2 in service");
        assertThat(Files.readString(file))
                .contains(
                        "CONCURRENT_TRANSACTIONS",
                        "model rejected: bad signature",
                        "model v2 in service",
                        "the producer was fenced");
    }

    @Test
    void shouldKeepLibraryWarningsOnTheConsoleWhenVerbose() throws Exception {
        // given the log file of a command run with --verbose
        Path file = dir.resolve("logs/demo.log");
        Logging.toFile(context, file, true);

        // when a library warns
        context.getLogger(LIBRARY).warn("Got error produce response: OUT_OF_ORDER_SEQUENCE_NUMBER");

        // then both the console and the file have it
        assertThat(consoleText()).contains("OUT_OF_ORDER_SEQUENCE_NUMBER");
        assertThat(Files.readString(file)).contains("OUT_OF_ORDER_SEQUENCE_NUMBER");
    }

    @Test
    void shouldLogEverythingToTheConsoleWithoutALogFile() {
        // given the configuration as a service's own jar (a container) runs it: no log file

        // when a library warns
        context.getLogger(LIBRARY).warn("Got error produce response: CONCURRENT_TRANSACTIONS");

        // then the console has it
        assertThat(consoleText()).contains("CONCURRENT_TRANSACTIONS");
    }

    @Test
    void shouldReplaceTheFileOfAnEarlierCall() throws Exception {
        // given a log file, then another
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        Logging.toFile(context, first, false);
        Logging.toFile(context, second, false);

        // when a library warns
        context.getLogger(LIBRARY).warn("retrying");

        // then only the second file has it, and the console does not
        assertThat(Files.readString(second)).contains("retrying");
        assertThat(Files.readString(first)).doesNotContain("retrying");
        assertThat(consoleText()).doesNotContain("retrying");
    }

    @Test
    void shouldTellOwnLoggersFromLibraries() {
        assertThat(OwnWarningsAndErrors.own("io.fraudstream")).isTrue();
        assertThat(OwnWarningsAndErrors.own("io.fraudstream.runtime.Metrics")).isTrue();
        assertThat(OwnWarningsAndErrors.own("io.fraudstreamer.Other")).isFalse();
        assertThat(OwnWarningsAndErrors.own("org.apache.kafka.streams.StreamsConfig"))
                .isFalse();
    }

    private String consoleText() {
        System.err.flush();
        return console.toString(StandardCharsets.UTF_8);
    }
}
