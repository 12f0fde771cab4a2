package io.fraudstream.launcher;

import io.fraudstream.benchmarks.IngestBench;
import io.fraudstream.benchmarks.PipelineBench;
import io.fraudstream.benchmarks.QualityBench;
import io.fraudstream.benchmarks.ScoringBench;
import io.fraudstream.ingest.IngestConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream bench ...}: the benchmarks of the {@code benchmarks} module. Scoring, pipeline and quality are
 * that module's commands; replay and generator take the ingest service's configuration options here and run
 * {@link IngestBench} against the running broker (the local stack by default).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: ingest paths (replay, generator), the scoring service, the whole pipeline, and feature exactness with model quality.",
        subcommands = {
            BenchCommand.ReplayBench.class,
            BenchCommand.GeneratorBench.class,
            ScoringBench.class,
            PipelineBench.class,
            QualityBench.class
        })
final class BenchCommand {

    /** The ingest configuration with the run's topics pointed at fresh bench topics unless the user chose names. */
    static IngestConfig benchConfig(ConfigOptions ingest) {
        IngestBench.useBenchTopics(ingest.overrides);
        return ingest.load(IngestConfig.definition(), IngestConfig::new);
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description =
                    "Write a CSV of N generated transactions (tokens, labels), then replay it to the broker and print rows/s.")
    static final class ReplayBench implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the CSV. Default: ${DEFAULT-VALUE}")
        long rows;

        @Option(
                names = "--file",
                description = "Reuse or keep this CSV (written if missing). Default: a temporary file, deleted after.")
        Path file;

        @Option(
                names = "--sorted",
                description =
                        "Replay with --sorted (stream the file, which is written in event-time order) instead of sorting in memory.")
        boolean sorted;

        @Mixin
        ConfigOptions ingest = new ConfigOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return IngestBench.replay(
                    benchConfig(ingest), rows, file, sorted, spec.commandLine().getOut());
        }
    }

    @Command(
            name = "generator",
            mixinStandardHelpOptions = true,
            description =
                    "Generate --days of traffic in compressed mode: first without Kafka (pure generation), then to the broker; print tx/s.")
    static final class GeneratorBench implements Callable<Integer> {
        @Option(names = "--days", defaultValue = "30", description = "Days of event time. Default: ${DEFAULT-VALUE}")
        int days;

        @Option(names = "--cards", defaultValue = "10000", description = "Cards. Default: ${DEFAULT-VALUE}")
        int cards;

        @Option(names = "--no-kafka", description = "Only measure pure generation.")
        boolean noKafka;

        @Mixin
        ConfigOptions ingest = new ConfigOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return IngestBench.generator(
                    benchConfig(ingest),
                    days,
                    cards,
                    noKafka,
                    spec.commandLine().getOut());
        }
    }
}
