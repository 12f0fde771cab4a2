package io.fraudstream.launcher;

import io.fraudstream.localstack.StackDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./fraudstream}: one entry point for the local stack and every service. Each subcommand is a small class;
 * the services also run alone from their own jars.
 */
@Command(
        name = "fraudstream",
        mixinStandardHelpOptions = true,
        versionProvider = FraudstreamCli.Version.class,
        description = "Real-time fraud scoring on Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            LocalCommand.class,
            PipelineAppCommand.class,
            FeaturesCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            ScoreCommand.class,
            TokenizeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FraudstreamCli {

    /** The repository (or installation) root: set by the ./fraudstream script, else the working directory. */
    static Path home() {
        return StackDir.home();
    }

    public static void main(String[] args) {
        io.fraudstream.runtime.logging.Logging.install(); // Tribuo and other JUL users log through SLF4J too
        logToFile(args);
        System.exit(commandLine().execute(args));
    }

    /**
     * Library log lines (Kafka clients retrying, JVM and framework notices) go to {@link #logFile} instead of the
     * console, which keeps fraudstream's own warnings and every error ({@code --verbose}: everything stays on the
     * console too). A file that cannot be opened leaves the console as it was.
     */
    static void logToFile(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Path file = logFile(args);
        try {
            io.fraudstream.runtime.logging.Logging.toFile(file, verbose);
        } catch (IOException e) {
            System.err.println("fraudstream: cannot write the log file " + file + " (" + e.getMessage()
                    + "); logging to the console");
        }
    }

    /** {@code .fraudstream/logs/<subcommand>.log} under the working directory ({@code fraudstream.log} without one). */
    static Path logFile(String[] args) {
        String command = Arrays.stream(args)
                .filter(a -> !a.startsWith("-"))
                .findFirst()
                .filter(a -> a.matches("[a-z][a-z0-9-]*"))
                .orElse("fraudstream");
        return Path.of(".fraudstream", "logs", command + ".log").toAbsolutePath();
    }

    static CommandLine commandLine() {
        return new CommandLine(new FraudstreamCli()).setExecutionExceptionHandler(new FriendlyErrors());
    }

    /** Known failures print their message, not a stack trace; anything else keeps its trace. */
    static final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            if (e instanceof io.fraudstream.localstack.LocalStackException
                    || e instanceof io.fraudstream.schemas.registry.SchemaRegistryException
                    || e instanceof org.apache.kafka.common.config.ConfigException
                    || e instanceof io.fraudstream.ingest.replay.ReplaySourceException
                    || e instanceof io.fraudstream.runtime.topics.TopicMismatchException
                    || e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
                return 1;
            }
            throw new RuntimeException(e);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FraudstreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"fraudstream " + (v == null ? "(development build)" : v)};
        }
    }
}
