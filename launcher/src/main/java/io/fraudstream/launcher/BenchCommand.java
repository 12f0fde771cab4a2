package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.generator.GeneratedCsv;
import io.fraudstream.ingest.generator.GeneratedEvent;
import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.ingest.replay.CsvSource;
import io.fraudstream.ingest.replay.KafkaTarget;
import io.fraudstream.ingest.replay.Pacer;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.ingest.replay.Replay;
import io.fraudstream.ingest.replay.ReplayMapping;
import io.fraudstream.ingest.replay.ReplayOptions;
import io.fraudstream.ingest.replay.ReplaySummary;
import io.fraudstream.ingest.replay.RowMapper;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.topics.TopicCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./fraudstream bench replay|generator}: throughput of the bulk ingest paths against the running broker
 * (the local stack by default), into fresh {@code bench.<run>.*} topics so that the real topics stay clean.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: ingest paths (replay, generator), the scoring service, the whole pipeline, and feature exactness with model quality.",
        subcommands = {BenchCommand.ReplayBench.class, BenchCommand.GeneratorBench.class,
                io.fraudstream.launcher.bench.ScoringBench.class, io.fraudstream.launcher.bench.PipelineBench.class,
                io.fraudstream.launcher.bench.QualityBench.class})
final class BenchCommand {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final List<String> TOPICS = List.of(TopicCatalogue.TRANSACTIONS_RAW, TopicCatalogue.TRANSACTIONS_LABELS,
            TopicCatalogue.TRANSACTIONS_DLQ, TopicCatalogue.REFERENCE_MERCHANTS, TopicCatalogue.REFERENCE_CARDS);

    /** Points the run's topics at fresh bench topics unless the user chose names. */
    static IngestConfig benchConfig(ConfigOptions ingest) {
        String run = "bench." + Long.toString(System.currentTimeMillis(), 36) + ".";
        for (String id : TOPICS) {
            ingest.overrides.putIfAbsent(RuntimeConfig.topicNameKey(id), run + id);
        }
        return ingest.load(IngestConfig.definition(), IngestConfig::new);
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Write a CSV of N generated transactions (tokens, labels), then replay it to the broker and print rows/s.")
    static final class ReplayBench implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "1000000", description = "Rows in the CSV. Default: ${DEFAULT-VALUE}")
        long rows;
        @Option(names = "--file", description = "Reuse or keep this CSV (written if missing). Default: a temporary file, deleted after.")
        Path file;
        @Option(names = "--sorted", description = "Replay with --sorted (stream the file, which is written in event-time order) instead of sorting in memory.")
        boolean sorted;
        @Mixin
        ConfigOptions ingest = new ConfigOptions();
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            IngestConfig config = benchConfig(ingest);
            Path csv = file != null ? file : Files.createTempFile("fraudstream-bench-", ".csv");
            try {
                if (file == null || !Files.exists(file)) {
                    long cards = Math.max(1000, rows / 75); // ~2.5 tx per card per day over 30 days
                    GeneratorSettings s = GeneratorSettings.defaults(1, START, Duration.ofDays(400))
                            .withPopulation((int) cards, 2000);
                    long t0 = System.nanoTime();
                    long written = GeneratedCsv.write(TrafficGenerator.create(s, config.cardTokenizer()), csv, rows);
                    out.printf(Locale.ROOT, "wrote %,d rows to %s (%,d bytes) in %.1f s%n", written, csv, Files.size(csv), (System.nanoTime() - t0) / 1e9);
                    out.flush();
                }
                ReplayMapping mapping = ReplayMapping.parse(GeneratedCsv.MAPPING);
                try (KafkaTarget kafka = KafkaTarget.open(config); CsvSource src = CsvSource.open(csv, ',')) {
                    RowMapper mapper = RowMapper.create(mapping, src.columns(), config.cardTokenizer(), src.name(), Optional.empty());
                    ReplaySummary s = Replay.run(src, mapper, kafka.publisher(), new ReplayOptions(Optional.empty(),
                            Optional.empty(), -1, Pacer.max(), true, Duration.ofSeconds(5), sorted));
                    out.println("replay to " + kafka.catalogue().transactionsRaw().name() + ": " + s.describe());
                    out.printf(Locale.ROOT, "BENCH replay%s: %,.0f rows/s (%,d rows read, mapped, %s and produced end to end, acks=all)%n",
                            sorted ? " --sorted" : "", s.read() / (s.elapsed().toNanos() / 1e9), s.read(), sorted ? "streamed" : "sorted");
                    return s.failed() == 0 ? 0 : 1;
                }
            } finally {
                if (file == null) {
                    try {
                        Files.deleteIfExists(csv);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    @Command(name = "generator", mixinStandardHelpOptions = true,
            description = "Generate --days of traffic in compressed mode: first without Kafka (pure generation), then to the broker; print tx/s.")
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
            PrintWriter out = spec.commandLine().getOut();
            IngestConfig config = benchConfig(ingest);
            GeneratorSettings s = GeneratorSettings.defaults(1, START, Duration.ofDays(days)).withPopulation(cards, 2000);
            long t0 = System.nanoTime();
            TrafficGenerator pure = TrafficGenerator.create(s, config.cardTokenizer());
            long tx = 0;
            while (pure.hasNext()) {
                if (pure.next() instanceof GeneratedEvent.TransactionEvent) {
                    tx++;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "BENCH generator (no Kafka): %,d transactions in %.1f s = %,.0f tx/s%n", tx, secs, tx / secs);
            out.flush();
            if (noKafka) {
                return 0;
            }
            try (KafkaTarget kafka = KafkaTarget.open(config)) {
                GeneratorRun.Summary r = GeneratorRun.run(TrafficGenerator.create(s, config.cardTokenizer()), kafka.publisher(),
                        GeneratorRun.Mode.COMPRESSED, -1, ProgressReporter.create("generate", "tx", tx, Duration.ofSeconds(5)),
                        System::currentTimeMillis);
                out.println("generator to " + kafka.catalogue().transactionsRaw().name() + ": " + r.describe());
                out.printf(Locale.ROOT, "BENCH generator (to Kafka, acks=all): %,.0f tx/s%n", r.transactionsPerSecond());
                return r.failed() == 0 ? 0 : 1;
            }
        }
    }
}
