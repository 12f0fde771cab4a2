package io.fraudstream.trainer;

import io.fraudstream.runtime.logging.Logging;
import io.fraudstream.trainer.cli.TrainCli;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The trainer run alone: {@code java -jar trainer/target/fraudstream-trainer.jar [--config trainer.properties] [options]}
 * (the same options as {@code ./fraudstream train}; {@code --help} lists them). Reads the local stack's connection file
 * {@code .fraudstream/local/connection.properties} under the working directory when it exists.
 */
public final class TrainerMain {

    private TrainerMain() {}

    public static void main(String[] args) {
        Logging.install(); // Tribuo logs through java.util.logging
        Path localStack = Path.of(System.getProperty("user.dir")).resolve(".fraudstream/local/connection.properties");
        System.exit(commandLine(Optional.of(localStack)).execute(args));
    }

    /** The {@code train} command line with friendly errors. */
    public static CommandLine commandLine(Optional<Path> defaultLocalStackFile) {
        return new CommandLine(new TrainCli(defaultLocalStackFile)).setExecutionExceptionHandler(TrainerMain::handle);
    }

    /** Known failures (bad configuration or input) print their message; anything else keeps its trace. */
    public static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException
                || e instanceof org.apache.kafka.common.config.ConfigException
                || e instanceof IllegalStateException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            return 1;
        }
        throw e;
    }
}
