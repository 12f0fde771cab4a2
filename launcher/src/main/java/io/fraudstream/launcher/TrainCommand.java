package io.fraudstream.launcher;

import io.fraudstream.benchmarks.training.TrainBench;
import io.fraudstream.trainer.cli.TrainCli;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code ./fraudstream train [options]} and {@code ./fraudstream train bench --rows N}: the trainer's command
 * ({@link TrainCli}, the same as {@code java -jar trainer/target/fraudstream-trainer.jar}), reading the local stack's
 * connection file {@code .fraudstream/local/connection.properties} when it exists (or the stack {@code --dir} names),
 * ignoring the other services' environment variables; the {@code bench} subcommand is the benchmarks module's
 * {@link TrainBench}.
 */
@Command(name = "train", subcommands = TrainBench.class) // options and description come from TrainCli
public final class TrainCommand extends TrainCli {

    public TrainCommand() {
        super(Optional.of(io.fraudstream.launcher.ConfigOptions.localStackFile()), ServiceCatalogue.knownKeys());
    }
}
