package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The body of the subcommands that produce to Kafka as the ingest service does ({@code generate}, {@code replay}):
 * the ingest service's configuration options and {@code --no-progress}; {@code --help-config}, or the configuration
 * loaded once and the job run with it.
 */
abstract class IngestJobCommand implements Callable<Integer> {

    @Option(names = "--no-progress", description = "No progress bar or progress lines.")
    boolean noProgress;

    @Mixin
    ConfigOptions ingest = new ConfigOptions();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (ingest.printHelpConfig(IngestConfig.definition(), out)) {
            return 0;
        }
        checkArguments();
        return run(ingest.load(IngestConfig.definition(), IngestConfig::new), out);
    }

    /**
     * Checks what picocli cannot check without refusing {@code --help-config} (an option required only to run);
     * throws a {@link picocli.CommandLine.ParameterException} saying what is missing. None by default.
     */
    void checkArguments() {}

    /** Runs the job with the loaded configuration; returns the exit code. */
    abstract int run(IngestConfig config, PrintWriter out);
}
