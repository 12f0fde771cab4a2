package io.fraudstream.benchmarks;

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
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Throughput of the bulk ingest paths ({@code ./fraudstream bench replay|generator}) against a running broker, into
 * fresh {@code bench.<run>.*} topics so that the real topics stay clean. The launcher's {@code bench} command parses
 * the options and the service configuration and calls these.
 */
public final class IngestBench {

    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final List<String> TOPICS = List.of(
            TopicCatalogue.TRANSACTIONS_RAW,
            TopicCatalogue.TRANSACTIONS_LABELS,
            TopicCatalogue.TRANSACTIONS_DLQ,
            TopicCatalogue.REFERENCE_MERCHANTS,
            TopicCatalogue.REFERENCE_CARDS);

    private IngestBench() {}

    /** Points the run's topics at fresh bench topics in {@code overrides} unless the user chose names. */
    public static void useBenchTopics(Map<String, String> overrides) {
        String run = "bench." + Long.toString(System.currentTimeMillis(), 36) + ".";
        for (String id : TOPICS) {
            overrides.putIfAbsent(RuntimeConfig.topicNameKey(id), run + id);
        }
    }

    /**
     * Writes a CSV of {@code rows} generated transactions (tokens, labels) to {@code file} (a temporary file, deleted
     * after, when null; reused when it exists), then replays it to the broker and prints rows/s; returns the exit code.
     */
    public static int replay(IngestConfig config, long rows, Path file, boolean sorted, PrintWriter out)
            throws IOException {
        Path csv = file != null ? file : Files.createTempFile("fraudstream-bench-", ".csv");
        try {
            if (file == null || !Files.exists(file)) {
                long cards = Math.max(1000, rows / 75); // ~2.5 tx per card per day over 30 days
                GeneratorSettings s = GeneratorSettings.defaults(1, START, Duration.ofDays(400))
                        .withPopulation((int) cards, 2000);
                long t0 = System.nanoTime();
                long written = GeneratedCsv.write(TrafficGenerator.create(s, config.cardTokenizer()), csv, rows);
                out.printf(
                        Locale.ROOT,
                        "wrote %,d rows to %s (%,d bytes) in %.1f s%n",
                        written,
                        csv,
                        Files.size(csv),
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
            ReplayMapping mapping = ReplayMapping.parse(GeneratedCsv.MAPPING);
            try (KafkaTarget kafka = KafkaTarget.open(config);
                    CsvSource src = CsvSource.open(csv, ',')) {
                RowMapper mapper =
                        RowMapper.create(mapping, src.columns(), config.cardTokenizer(), src.name(), Optional.empty());
                ReplaySummary s = Replay.run(
                        src,
                        mapper,
                        kafka.publisher(),
                        new ReplayOptions(
                                Optional.empty(),
                                Optional.empty(),
                                -1,
                                Pacer.max(),
                                true,
                                Duration.ofSeconds(5),
                                sorted));
                out.println("replay to " + kafka.catalogue().transactionsRaw().name() + ": " + s.describe());
                out.printf(
                        Locale.ROOT,
                        "BENCH replay%s: %,.0f rows/s (%,d rows read, mapped, %s and produced end to end, acks=all)%n",
                        sorted ? " --sorted" : "",
                        s.read() / (s.elapsed().toNanos() / 1e9),
                        s.read(),
                        sorted ? "streamed" : "sorted");
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

    /**
     * Generates {@code days} of traffic for {@code cards} cards in compressed mode: first without Kafka (pure
     * generation), then, unless {@code noKafka}, to the broker; prints tx/s and returns the exit code.
     */
    public static int generator(IngestConfig config, int days, int cards, boolean noKafka, PrintWriter out) {
        GeneratorSettings s =
                GeneratorSettings.defaults(1, START, Duration.ofDays(days)).withPopulation(cards, 2000);
        long t0 = System.nanoTime();
        TrafficGenerator pure = TrafficGenerator.create(s, config.cardTokenizer());
        long tx = 0;
        while (pure.hasNext()) {
            if (pure.next() instanceof GeneratedEvent.TransactionEvent) {
                tx++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(
                Locale.ROOT,
                "BENCH generator (no Kafka): %,d transactions in %.1f s = %,.0f tx/s%n",
                tx,
                secs,
                tx / secs);
        out.flush();
        if (noKafka) {
            return 0;
        }
        try (KafkaTarget kafka = KafkaTarget.open(config)) {
            GeneratorRun.Summary r = GeneratorRun.run(
                    TrafficGenerator.create(s, config.cardTokenizer()),
                    kafka.publisher(),
                    GeneratorRun.Mode.COMPRESSED,
                    -1,
                    ProgressReporter.create("generate", "tx", tx, Duration.ofSeconds(5)),
                    System::currentTimeMillis);
            out.println("generator to " + kafka.catalogue().transactionsRaw().name() + ": " + r.describe());
            out.printf(Locale.ROOT, "BENCH generator (to Kafka, acks=all): %,.0f tx/s%n", r.transactionsPerSecond());
            return r.failed() == 0 ? 0 : 1;
        }
    }
}
