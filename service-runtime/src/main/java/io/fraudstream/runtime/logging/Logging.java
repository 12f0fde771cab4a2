package io.fraudstream.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The logging of a fraudstream process: {@code java.util.logging} (used by Tribuo, among others) routed to SLF4J,
 * so that one logging configuration governs the whole service, and, for a command run from a terminal, library
 * messages moved off the console into a log file ({@link #toFile}).
 *
 * <p>JUL decides what to forward by its own levels before SLF4J sees a record. To keep them in step with the
 * SLF4J backend's levels (and avoid formatting records nobody logs), the deployable's {@code logback.xml} should
 * declare {@code <contextListener class="ch.qos.logback.classic.jul.LevelChangePropagator"><resetJUL>true</resetJUL></contextListener>}.
 */
public final class Logging {

    /** The name of the file appender {@link #toFile} attaches to the root logger. */
    static final String FILE_APPENDER = "FILE";

    private static final String FILE_PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

    private Logging() {}

    /**
     * Removes the JUL root logger's handlers (the console handler that would print records a second time) and
     * installs the SLF4J bridge. Idempotent and safe to call from several threads.
     */
    public static synchronized void install() {
        if (SLF4JBridgeHandler.isInstalled()) {
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Whether the bridge is installed. */
    public static boolean installed() {
        return SLF4JBridgeHandler.isInstalled();
    }

    /**
     * Sends every log event (at the levels the configuration lets through) to {@code file}, appending, and, unless
     * {@code verbose}, keeps on the console only what a person at the terminal must see:
     * {@link OwnWarningsAndErrors warnings and errors of fraudstream's own code, and errors of libraries}. A second
     * call replaces the first's file. Does nothing unless the SLF4J backend is logback.
     *
     * @throws IOException if the file's directory cannot be created or the file cannot be opened; the console is
     *                     then left as it was
     */
    public static synchronized void toFile(Path file, boolean verbose) throws IOException {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            toFile(context, file, verbose);
        }
    }

    static void toFile(LoggerContext context, Path file, boolean verbose) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(FILE_PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(FILE_APPENDER);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException("cannot write the log file " + file);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> previous = root.getAppender(FILE_APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        root.addAppender(appender);
        for (ConsoleAppender<ILoggingEvent> console : consoles(root)) {
            console.clearAllFilters();
            if (!verbose) {
                console.addFilter(new OwnWarningsAndErrors());
            }
        }
    }

    private static List<ConsoleAppender<ILoggingEvent>> consoles(ch.qos.logback.classic.Logger root) {
        List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                consoles.add(console);
            }
        }
        return consoles;
    }
}
