package io.fraudstream.benchmarks;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.features.MerchantWindow;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import io.fraudstream.featurestream.stages.AvroBinarySerde;
import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.Scenario;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.inprocess.Traffic;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.TrainerConfig;
import io.fraudstream.trainer.backtest.WeeklyBacktest;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.report.BacktestReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream bench quality}: what the features are worth, measured the way the literature measures fraud
 * models, on features that must not depend on how they were computed.
 * <ol>
 *     <li>A realistic history (the generator's chargeback label delays, 7–60 days; fraud at {@code --fraud-boost}
 *     times the default rates) is written to a 1-partition set of topics and to one set per {@code --partitions}
 *     count, before any stream starts (a backlog).</li>
 *     <li>The feature stream replays each at full speed; every feature record of each N-partition run is compared,
 *     field by field, with the 1-partition run's: the number of mismatches must be 0.</li>
 *     <li>Rolling weekly folds on the 1-partition features ({@link WeeklyBacktest}): for each of the last
 *     {@code --folds} weeks, the trainer's own search trains on what was known when the week began (up to the
 *     label delay before it, or the trainer's label maturity if longer; labels received by then) and is tested on the week against the truth; beside it a
 *     baseline, logistic regression on {@link WeeklyBacktest#BASELINE_FEATURES}. ROC AUC, average precision, card
 *     precision top-100 and per-scenario recall in the top 1 %, per fold and on average.</li>
 * </ol>
 * Prints the table, writes it as CSV and plots it as SVG. Its topics are deleted at the end.
 */
@Command(
        name = "quality",
        mixinStandardHelpOptions = true,
        description =
                "Feature exactness (1 vs N partitions) and model quality on rolling weekly folds against a logistic baseline "
                        + "(table, CSV, SVG).")
public final class QualityBench implements Callable<Integer> {

    private static final String CARD_SECRET = "fraudstream-quality-benchmark-cards-not-a-secret";
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(60);
    /** Feature records' Avro bodies (without the registry header). */
    private static final AvroBinarySerde<TransactionFeatures> BODIES = new AvroBinarySerde<>(TransactionFeatures.class);

    private static final DateTimeFormatter RUN_DIR =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Option(
            names = "--cards",
            defaultValue = "2000",
            description =
                    "Cards of the generated history (2.5 transactions per card and day; 2,000 cards over 150 days are about "
                            + "750,000 transactions, 3,500 about 1,330,000). Default: ${DEFAULT-VALUE}")
    int cards;

    @Option(
            names = "--days",
            defaultValue = "150",
            description =
                    "Days of history: the warm-up (37), training data, the trainer's label maturity (30 by default: "
                            + "a fold trains on nothing younger at its week's start), the weeks tested. Default: ${DEFAULT-VALUE}")
    int days;

    @Option(
            names = "--partitions",
            split = ",",
            defaultValue = "3",
            description = "Partition counts whose features are compared with 1 partition's. Default: ${DEFAULT-VALUE}")
    List<Integer> partitions;

    @Option(
            names = "--no-compare",
            description = "Skip the N-partition runs and their comparison (for ablations and other "
                    + "back-test-only runs on a history already shown to be exact).")
    boolean noCompare;

    @Option(
            names = "--folds",
            defaultValue = "4",
            description = "Test weeks (the last of the history). Default: ${DEFAULT-VALUE}")
    int folds;

    @Option(
            names = "--fraud-boost",
            defaultValue = "3",
            description =
                    "Fraud scenarios at this many times the generator's default rates (about 0.2 %% of transactions are "
                            + "fraud at 1). Default: ${DEFAULT-VALUE}")
    double fraudBoost;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the generated history. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--ablate",
            split = ",",
            paramLabel = "PREFIX",
            description = "Also train and test the model without the features whose names start with each prefix, e.g. "
                    + "--ablate terminal,merchantFraudShareDelayed,merchantFraudLabels (what each group adds).")
    List<String> ablate = new ArrayList<>();

    @Option(
            names = "--baseline-features",
            split = ",",
            paramLabel = "NAME",
            description =
                    "The baseline's features. Default: amount, card counts and mean amounts over 1/7/30 days, terminal counts.")
    List<String> baselineFeatures = WeeklyBacktest.BASELINE_FEATURES;

    @Option(
            names = "--trainer",
            paramLabel = "KEY=VALUE",
            description = "Trainer setting for both models (repeatable), e.g. trainer.label.maturity.ms=604800000")
    Map<String, String> trainer = new LinkedHashMap<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the CSV and SVG. Default: .fraudstream/reports/bench-quality/<time>")
    Path out;

    @Option(
            names = {"--dir", "--stack-dir"},
            defaultValue = ".fraudstream/local",
            paramLabel = "DIR",
            description =
                    "Local stack directory: its broker is used if running, else a temporary one. Default: ${DEFAULT-VALUE}")
    Path stackDir;

    @Spec
    CommandSpec spec;

    /** The features of one run, by transaction id: the Avro body of each record (without the registry header). */
    private record Featured(Map<String, byte[]> bodies, List<WeeklyBacktest.Txn> txns) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        Path dir = this.out != null ? this.out : Path.of(".fraudstream/reports/bench-quality", RUN_DIR.format(started));
        String run = "bench.quality." + Long.toString(System.currentTimeMillis(), 36) + ".";
        List<Path> temp = new ArrayList<>();
        try (BenchStack stack = BenchStack.acquire(stackDir, out);
                SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build();
                Admin admin = Admin.create(
                        Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            TopicCatalogue serdes =
                    TopicCatalogue.create(TopicCatalogue.Settings.defaults(), AvroSerdes.create(registry, true));
            GeneratorSettings history = history();
            out.printf(
                    "history: %,d cards, %d days from %s, chargeback label delays, fraud at %.1fx the default rates%n",
                    cards, days, START, fraudBoost);
            Pipeline.Settings one = settings(stack, run + "p1.", 1, temp);
            Traffic.Truth truth = new Traffic.Truth();
            long t0 = System.nanoTime();
            GeneratorRun.Summary written =
                    Traffic.compressed(Pipeline.generatorConfig(one), history, truth, ProgressReporter.none());
            out.printf("  written to 1 partition: %s (%.0f s)%n", written.describe(), seconds(t0));
            List<Pipeline.Settings> many = new ArrayList<>();
            List<Integer> compared = noCompare ? List.of() : partitions;
            for (int n : compared) {
                Pipeline.Settings s = settings(stack, run + "p" + n + ".", n, temp);
                t0 = System.nanoTime();
                Traffic.compressed(Pipeline.generatorConfig(s), history, new Traffic.Truth(), ProgressReporter.none());
                out.printf("  written to %d partitions (%.0f s)%n", n, seconds(t0));
                many.add(s);
            }
            out.flush();
            int expected = truth.transactionIds().size();

            Featured reference = featureAll(one, expected, serdes, truth, out);
            boolean exact = true;
            for (int i = 0; i < many.size(); i++) {
                exact &= compare(
                        compared.get(i), featureAll(many.get(i), expected, serdes, null, out), reference, serdes, out);
            }

            List<FraudLabel> labels = new ArrayList<>();
            read(
                    stack.bootstrapServers(),
                    topic(one, TopicCatalogue.TRANSACTIONS_LABELS),
                    0,
                    (k, v) -> labels.add(serdes.transactionsLabels()
                            .valueSerde()
                            .deserializer()
                            .deserialize(null, v)));
            out.printf("labels: %,d received (their labelTime decides which each fold may train on)%n", labels.size());

            Map<String, String> trainerSettings = new LinkedHashMap<>(trainer);
            TrainerConfig cfg = Pipeline.trainerConfig(one, trainerSettings);
            WeeklyBacktest.Settings settings = WeeklyBacktest.Settings.of(
                    cfg,
                    folds,
                    FeatureSet.LABEL_DELAY,
                    Duration.ofMillis(MerchantWindow.LONGEST.millis()).plus(FeatureSet.LABEL_DELAY),
                    baselineFeatures);
            out.printf(
                    "back-test: %d weekly folds (train on what was known at the week's start, up to %d days before it: "
                            + "the label delay or the maturity if longer; test week); "
                            + "trained model = the trainer's search (%s), baseline = logistic regression on %s%n",
                    folds,
                    settings.trainingLag().toDays(),
                    cfg.candidates().stream().map(c -> c.name()).toList(),
                    baselineFeatures);
            out.flush();
            long started0 = System.nanoTime();
            t0 = started0;
            List<WeeklyBacktest.Fold> results = new WeeklyBacktest(settings, Progress.none())
                    .run(
                            FeatureVector.featureNames(),
                            reference.txns(),
                            labels,
                            new TimeWindow(START, START.plus(Duration.ofDays(days))),
                            ablate,
                            f -> {
                                out.printf(
                                        "  fold %d (test week from %s) done after %.0f s: model AP %.4f, baseline AP %.4f%n",
                                        f.plan().index(),
                                        f.plan().test().from(),
                                        seconds(started0),
                                        f.model().averagePrecision(),
                                        f.baseline().averagePrecision());
                                out.flush();
                            });
            out.printf("  trained and tested in %.0f s%n", seconds(t0));

            BacktestReport report = new BacktestReport(results, cfg.cardsPerDay());
            report.lines().forEach(out::println);
            report.writeCsv(dir.resolve("quality.csv"));
            report.writeSvg(dir.resolve("quality.svg"));
            int beaten = results.size() - report.foldsNotBeatingBaseline().size();
            out.printf(
                    "the trained model's average precision beats the baseline's in %d of %d folds (target: all)%n",
                    beaten, results.size());
            out.printf(
                    "features: %s%n",
                    compared.isEmpty()
                            ? "not compared (--no-compare)"
                            : (exact ? "0 mismatches" : "MISMATCHES") + " between 1 and " + compared + " partitions");
            out.printf(
                    "CSV %s, plot %s; %.0f s in all%n",
                    dir.resolve("quality.csv").toAbsolutePath(),
                    dir.resolve("quality.svg").toAbsolutePath(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            out.flush();
            BenchTopics.deleteRun(admin, run, out);
            return exact ? 0 : 1;
        } finally {
            for (Path p : temp) {
                BenchStack.deleteRecursively(p);
            }
        }
    }

    private GeneratorSettings history() {
        GeneratorSettings s = GeneratorSettings.defaults(seed, START, Duration.ofDays(days))
                .withPopulation(cards, Math.max(60, cards / 5));
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, Math.min(1.0, GeneratorSettings.DEFAULT_RATES.get(sc) * fraudBoost));
        }
        return s;
    }

    private static Pipeline.Settings settings(BenchStack stack, String prefix, int partitions, List<Path> temp)
            throws IOException {
        Map<String, String> topics = new LinkedHashMap<>();
        for (String id : TopicCatalogue.IDS) {
            topics.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        topics.put(RuntimeConfig.TOPICS_PARTITIONS, String.valueOf(partitions));
        Path state = Files.createTempDirectory("fraudstream-quality-state");
        Path reports = Files.createTempDirectory("fraudstream-quality-reports");
        temp.add(state);
        temp.add(reports);
        return new Pipeline.Settings(
                stack.bootstrapServers(),
                stack.registryUrl(),
                topics,
                prefix,
                state,
                "unused-signing-key-0123456789abcdef",
                Optional.of(CARD_SECRET),
                0,
                Optional.empty(),
                reports,
                Map.of(),
                Map.of());
    }

    /**
     * Runs the feature stream on {@code s}'s topics until all {@code expected} transactions are featured; returns the
     * records' bodies, and with {@code truth} also the back-test's transactions.
     */
    private Featured featureAll(
            Pipeline.Settings s, int expected, TopicCatalogue serdes, Traffic.Truth truth, PrintWriter out)
            throws Exception {
        String partitionCount = s.topics().get(RuntimeConfig.TOPICS_PARTITIONS);
        Map<String, byte[]> bodies = new HashMap<>(expected * 2);
        List<WeeklyBacktest.Txn> txns = new ArrayList<>(truth == null ? 0 : expected);
        Deserializer<TransactionFeatures> decode =
                serdes.transactionsFeatures().valueSerde().deserializer();
        long t0 = System.nanoTime();
        try (FeatureStreamService service = FeatureStreamService.start(
                new FeatureStreamConfig(Pipeline.streamsServiceConfig(s, "feature-stream", "features")))) {
            read(s.kafka(), topic(s, TopicCatalogue.TRANSACTIONS_FEATURES), expected, (key, value) -> {
                TransactionFeatures f = decode.deserialize(null, value);
                String id = f.getTransaction().getTransactionId();
                if (bodies.put(id, Arrays.copyOfRange(value, 5, value.length)) != null) {
                    throw new IllegalStateException("transaction " + id + " featured twice");
                }
                if (truth != null) {
                    txns.add(new WeeklyBacktest.Txn(
                            id,
                            f.getTransaction().getCardToken(),
                            f.getEventTime().toEpochMilli(),
                            FeatureVector.of(f).values(),
                            truth.scenario(id)));
                }
                if (bodies.size() % 200_000 == 0) {
                    out.printf("    %,d featured%n", bodies.size());
                    out.flush();
                }
            });
        }
        out.printf(
                "  featured on %s partition(s): %,d transactions in %.0f s (%,.0f/s, from a backlog, exactly once)%n",
                partitionCount, bodies.size(), seconds(t0), bodies.size() / seconds(t0));
        out.flush();
        return new Featured(bodies, txns);
    }

    /** Compares {@code run}'s records with the reference's, field by field; prints what differs. */
    private static boolean compare(
            int partitions, Featured run, Featured reference, TopicCatalogue serdes, PrintWriter out) {
        List<String> differences = new ArrayList<>();
        long missing = 0;
        for (Map.Entry<String, byte[]> e : reference.bodies().entrySet()) {
            byte[] other = run.bodies().get(e.getKey());
            if (other == null) {
                missing++;
            } else if (!Arrays.equals(e.getValue(), other)) {
                differences.add(e.getKey());
            }
        }
        long extra = run.bodies().keySet().stream()
                .filter(id -> !reference.bodies().containsKey(id))
                .count();
        out.printf(
                "  1 vs %d partitions: %,d records compared, %,d differ, %,d missing, %,d extra%n",
                partitions, reference.bodies().size(), differences.size(), missing, extra);
        differences.stream()
                .sorted()
                .limit(5)
                .forEach(id -> out.printf(
                        "    %s: %s%n",
                        id,
                        fieldDifferences(
                                reference.bodies().get(id), run.bodies().get(id))));
        return differences.isEmpty() && missing == 0 && extra == 0;
    }

    private static String fieldDifferences(byte[] a, byte[] b) {
        return differences(decodeBody(a), decodeBody(b));
    }

    /** The fields in which two feature records differ, as {@code name a vs b}; {@code missing} if {@code b} is null. */
    public static String differences(TransactionFeatures a, TransactionFeatures b) {
        if (b == null) {
            return "missing";
        }
        List<String> out = new ArrayList<>();
        for (Schema.Field f : a.getSchema().getFields()) {
            Object u = a.get(f.pos());
            Object v = b.get(f.pos());
            if (u == null ? v != null : !u.equals(v)) {
                out.add(f.name() + " " + u + " vs " + v);
            }
        }
        return String.join(", ", out);
    }

    private static TransactionFeatures decodeBody(byte[] body) {
        return BODIES.deserializer().deserialize(null, body);
    }

    /**
     * Reads {@code topic} (read_committed) from the start: until {@code expected} records were read and nothing more
     * came for a few seconds, or, with {@code expected} 0, up to the end offsets at the start.
     */
    private static void read(String kafka, String topic, int expected, BiConsumer<byte[], byte[]> each) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long count = 0;
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    each.accept(r.key(), r.value());
                    count++;
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                if (expected == 0 && parts.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return;
                }
                if (expected > 0
                        && count >= expected
                        && System.nanoTime() - quietSince
                                > Duration.ofSeconds(3).toNanos()) {
                    return;
                }
            }
            throw new IllegalStateException("read " + count + " of " + (expected > 0 ? expected : "all")
                    + " records of " + topic + " within " + DEADLINE);
        }
    }

    private static String topic(Pipeline.Settings s, String id) {
        return s.topics().get(RuntimeConfig.topicNameKey(id));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
