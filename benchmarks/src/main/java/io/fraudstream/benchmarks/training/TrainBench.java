package io.fraudstream.benchmarks.training;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainJob;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.cli.TrainCli;
import io.fraudstream.trainer.publish.ChampionGate;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code train bench}: the training benchmark. Generates labelled featured transactions with a learnable signal into
 * topics of its own ({@code bench.<rows>.*}, so the real ones are untouched; skipped if they already hold the data),
 * then runs the whole training job on them (read from Kafka, search, train, evaluate, re-score the champion of
 * earlier runs, report, publish to its own models topic, forced) and prints the time per phase and the peak memory.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the trainer: generate ROWS labelled rows into Kafka (once), then time the whole training job.")
public final class TrainBench implements Callable<Integer> {

    @Mixin
    TrainCli.ConfigOptions config = new TrainCli.ConfigOptions();

    @Option(
            names = "--rows",
            defaultValue = "1000000",
            description = "Transactions to generate. Default: ${DEFAULT-VALUE}")
    long rows;

    @Option(names = "--days", defaultValue = "60", description = "Days they span. Default: ${DEFAULT-VALUE}")
    int days;

    @Option(
            names = "--fraud-rate",
            defaultValue = "0.005",
            description = "Fraction of fraud. Default: ${DEFAULT-VALUE}")
    double fraudRate;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated data. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--regenerate",
            description = "Generate into fresh topics even if the benchmark topics already hold data.")
    boolean regenerate;

    @ParentCommand
    TrainCli parent;

    @Spec
    CommandSpec spec;

    /** Signing key of the benchmark's models (they live in the benchmark's own topic and are never served). */
    static final String BENCH_SIGNING_KEY = "fraudstream-benchmark-models-only-not-a-secret";

    /** The first generated event time: fixed, so every run generates the same history, long matured. */
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String prefix = "bench." + rows + "." + seed + (regenerate ? "." + System.currentTimeMillis() : "") + ".";
        Map<String, String> extra = new LinkedHashMap<>();
        for (String id : List.of(
                TopicCatalogue.TRANSACTIONS_FEATURES,
                TopicCatalogue.TRANSACTIONS_LABELS,
                TopicCatalogue.FRAUD_MODELS)) {
            extra.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        extra.put(TrainerConfig.REPORT_DIR, ".fraudstream/reports/bench");
        if (System.getenv("FRAUDSTREAM_MODEL_SIGNING_KEY") == null && !config.isSet(TrainerConfig.SIGNING_KEY)) {
            // a fixed key for the benchmark's own models topic (never served), so reruns can verify and re-score the
            // champion
            extra.put(TrainerConfig.SIGNING_KEY, BENCH_SIGNING_KEY);
        }
        TrainerConfig cfg = config.load(parent.defaultLocalStackFile(), parent.knownKeys(), extra);
        Progress progress = config.progress();
        double generateSeconds = generate(cfg, progress, out);
        long start = System.nanoTime();
        // forced: a rerun on the same topics would otherwise meet an equal champion and skip the publish phase
        RunOptions options =
                new RunOptions(java.util.Optional.empty(), java.util.Optional.empty(), false, ChampionGate.Mode.FORCE);
        TrainingOutcome o = new TrainJob(cfg, options, progress).run().orElseThrow();
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        TrainCli.printSummary(out, o);
        out.printf(
                Locale.ROOT,
                "BENCH rows=%d features=%d generate=%.1fs job=%.1fs peakHeap=%dMiB peakRss=%dMiB outcome=%s%n",
                o.rows(),
                o.featureNames().size(),
                generateSeconds,
                jobSeconds,
                o.peakHeapBytes() >> 20,
                o.peakRssBytes() >> 20,
                o.decision().outcome());
        return o.decision().outcome() == ChampionGate.Outcome.NOT_PUBLISHED ? TrainCli.NOT_PUBLISHED : 0;
    }

    /** Generates the history unless the benchmark topic already holds it; returns the seconds spent. */
    private double generate(TrainerConfig cfg, Progress progress, PrintWriter out) {
        long start = System.nanoTime();
        try (SchemaRegistryClient registry = SchemaRegistryClient.builder(cfg.schemaRegistryUrl()
                        .orElseThrow(() -> new IllegalArgumentException("schema.registry.url is not set"))
                        .toString())
                .build()) {
            TopicCatalogue topics = TopicCatalogue.create(cfg.topicSettings(), AvroSerdes.create(registry, true));
            try (Admin admin = Admin.create(cfg.adminProps())) {
                new TopicProvisioner(admin).ensure(topics.all());
            }
            long present = records(cfg, topics.transactionsFeatures().name());
            if (present >= rows) {
                out.printf(
                        Locale.ROOT,
                        "%s already holds %d records: not generating%n",
                        topics.transactionsFeatures().name(),
                        present);
                return 0;
            }
            if (present > 0) {
                throw new IllegalStateException(topics.transactionsFeatures().name() + " holds " + present
                        + " records, fewer than " + rows + ": run with --regenerate");
            }
            SyntheticHistory history = new SyntheticHistory(rows, START, days, fraudRate, seed);
            long[] counts = HistoryProducer.produce(
                    history,
                    rows,
                    cfg.producerProps(),
                    topics.transactionsFeatures(),
                    topics.transactionsLabels(),
                    progress);
            double s = (System.nanoTime() - start) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "generated %d featured transactions and %d labels in %.1f s%n",
                    counts[0],
                    counts[1],
                    s);
            return s;
        }
    }

    private static long records(TrainerConfig cfg, String topic) {
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(cfg.consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            return parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }
    }
}
