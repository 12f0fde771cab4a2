package io.fraudstream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/**
 * {@code ./fraudstream}: one entry point for the local stack and every service. Each subcommand is a small class;
 * the services also run alone from their own jars.
 */
@Command(name = "fraudstream", mixinStandardHelpOptions = true, versionProvider = FraudstreamCli.Version.class,
        description = "Real-time fraud scoring on Apache Kafka.",
        subcommands = {DemoCommand.class, LocalCommand.class, FeaturesCommand.class, IngestCommand.class, ReplayCommand.class, GenerateCommand.class, BenchCommand.class, TrainCommand.class, ScoreCommand.class, TokenizeCommand.class, CommandLine.HelpCommand.class})
public final class FraudstreamCli {

    /** The repository (or installation) root: set by the ./fraudstream script, else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("fraudstream.home", System.getProperty("user.dir"))).toAbsolutePath();
    }

    public static void main(String[] args) {
        io.fraudstream.runtime.logging.Logging.install(); // Tribuo and other JUL users log through SLF4J too
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new FraudstreamCli())
                .setExecutionExceptionHandler(new FriendlyErrors());
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
