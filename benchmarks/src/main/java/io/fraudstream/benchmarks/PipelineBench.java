package io.fraudstream.benchmarks;

import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.localstack.StackDir;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream bench pipeline}: the whole pipeline (whatever {@link Pipeline} runs, exactly once, a real
 * XGBoost model) on one broker, measured in one run against two ceilings on the same records: a plain
 * consume→produce {@link Relay} (what the broker allows for this traffic) and the {@link OneHopCeiling} (the one-hop
 * application's shape with no business work, with the pipeline's own Kafka Streams settings).
 * <ol>
 *     <li>Traffic: transactions are generated once into memory as serialized raw records (key = card token, value =
 *     Avro bytes), event times in the past, each id unique. Every phase uses its own slice (the feature stream drops
 *     an id it has seen within 7 days); the relay and the ceiling replay the same bytes.</li>
 *     <li>Max throughput: W + N records are written to each one's input first, then it starts; its throughput is N
 *     over the output append times of the last N records (the first W = N / 5 warm it up).</li>
 *     <li>Offered rates: raw records are produced on a fixed schedule; latency is raw append → scored append (both
 *     topics use {@code LogAppendTime}; the scored record carries the raw append time as a trace header). A
 *     transactional record is appended when sent, before its commit, so this excludes waiting for the commit; the
 *     "visible" latency (raw append → received by a {@code read_committed} consumer, wall clock) includes it. The
 *     pipeline's consumer lag is sampled while a rate is offered, and phases are separated by waiting until it is
 *     zero. Rates run lowest first; once one is not sustained (not everything out at 90 % of the rate within twice the
 *     phase's length, at least 30 s), the higher ones are not run: they would only pile up a longer backlog.</li>
 *     <li>After each pipeline phase, the bytes each of its applications' internal topics grew by, per transaction.</li>
 * </ol>
 * Prints the results, the ratios and issue 13's targets ({@link PipelineTargets}), writes CSV files and an SVG
 * ({@link PipelineReport}). Everything it starts is stopped, and its topics deleted (unless {@code --keep-topics}),
 * also when it fails half-way.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the whole pipeline (exactly once) against a plain relay and the one-hop shape's ceiling on the "
                        + "same records, in one run: max throughput ratios, latency, lag and changelog bytes at offered rates, "
                        + "issue 13's targets (table, CSV, SVG).")
public final class PipelineBench implements Callable<Integer> {

    /** No max-throughput phase waits for longer than this after its producer finished. */
    static final Duration NO_LIMIT = Duration.ofMinutes(30);

    private static final Duration LAG_DEADLINE = Duration.ofMinutes(5);

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "1000,5000",
            description =
                    "Offered rates in events/s, one phase each, lowest first; the rates above one the pipeline cannot "
                            + "sustain are not run. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;

    @Option(
            names = "--seconds",
            defaultValue = "30",
            description =
                    "Length of each pipeline rate phase; it then has twice as long (at least 30 s) to drain. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(
            names = "--relay-seconds",
            defaultValue = "5",
            description = "Length of the relay's latency phase at each rate (0: none). Default: ${DEFAULT-VALUE}")
    int relaySeconds;

    @Option(
            names = "--ceiling-seconds",
            defaultValue = "5",
            description =
                    "Length of the one-hop ceiling's latency phase at each rate (0: none). Default: ${DEFAULT-VALUE}")
    int ceilingSeconds;

    @Option(
            names = "--events",
            defaultValue = "200000",
            description =
                    "Events of the max-throughput runs (relay, pipeline, ceiling), after a warm-up of a fifth as many; "
                            + "shorter runs spread much more (the relay moves through 50,000 in under a second). Default: ${DEFAULT-VALUE}")
    int events;

    @Option(
            names = "--profile",
            defaultValue = "default",
            paramLabel = "default|low-latency",
            description =
                    "Kafka Streams settings of the pipeline and the ceiling: default (commit.interval.ms 100) or low-latency "
                            + "(commit.interval.ms 20, producer.linger.ms 1). --commit-interval-ms and --streams win over it. Default: ${DEFAULT-VALUE}")
    String profileName;

    @Option(
            names = "--commit-interval-ms",
            description =
                    "commit.interval.ms of the pipeline and the ceiling (and the relay's flush+commit interval). Default: the profile's")
    Integer commitIntervalMs;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description =
                    "num.stream.threads of the pipeline's applications and the ceiling. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--streams",
            paramLabel = "KEY=VALUE",
            description =
                    "Extra Kafka Streams setting of the pipeline and the ceiling, repeatable (e.g. producer.linger.ms=5); wins over the above.")
    Map<String, String> streamsExtra = new LinkedHashMap<>();

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description = "Partitions of every benchmark topic. Default: ${DEFAULT-VALUE}")
    int partitions;

    @Option(
            names = "--lag-interval-seconds",
            defaultValue = "5",
            description =
                    "How often the pipeline's consumer lag is sampled while a rate is offered. Default: ${DEFAULT-VALUE}")
    int lagIntervalSeconds;

    @Option(
            names = "--ceiling-card-bytes",
            defaultValue = "400",
            description =
                    "Card state written per record by the one-hop ceiling (issue 13's shape: 400 B). Default: ${DEFAULT-VALUE}")
    int ceilingCardBytes;

    @Option(
            names = "--history-cards",
            defaultValue = "1000",
            description = "Cards of the 30-day generated history the model is trained on. Default: ${DEFAULT-VALUE}")
    int historyCards;

    @Option(
            names = {"--dir", "--stack-dir"},
            paramLabel = "DIR",
            description =
                    "Local stack to use if running (as started with './fraudstream local start --dir DIR'); otherwise a temporary one. "
                            + "Default: <home>/.fraudstream/local")
    Path stackDir;

    @Option(
            names = "--report-dir",
            defaultValue = ".fraudstream/reports/bench",
            description = "Where the CSV and SVG go. Default: ${DEFAULT-VALUE}")
    Path reportDir;

    @Option(
            names = "--shape-ceiling",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Also run the one-hop shape's ceiling (OneHopCeiling); --no-shape-ceiling skips it. Default: ${DEFAULT-VALUE}")
    boolean shapeCeiling;

    @Option(names = "--keep-topics", description = "Keep the benchmark's topics (deleted at the end by default).")
    boolean keepTopics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rates.isEmpty()
                || rates.stream().anyMatch(r -> r <= 0)
                || seconds <= 0
                || relaySeconds < 0
                || ceilingSeconds < 0
                || events < 1000
                || (commitIntervalMs != null && commitIntervalMs < 0)
                || threads < 1
                || partitions < 1
                || lagIntervalSeconds < 1
                || ceilingCardBytes < 0) {
            throw new IllegalArgumentException(
                    "need rates > 0, --seconds > 0, --relay-seconds >= 0, --ceiling-seconds >= 0, "
                            + "--events >= 1000, --commit-interval-ms >= 0, --threads >= 1, --partitions >= 1, --lag-interval-seconds >= 1, "
                            + "--ceiling-card-bytes >= 0");
        }
        StreamsProfile profile = StreamsProfile.parse(profileName);
        rates = rates.stream().distinct().sorted().toList();
        PrintWriter out = spec.commandLine().getOut();
        String run = "bench.pipeline." + Long.toString(System.currentTimeMillis(), 36) + ".";
        Path stateDir = Files.createTempDirectory("bench-pipeline-state");
        try (BenchStack stack = BenchStack.acquire(StackDir.resolve(stackDir), out);
                SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build();
                Admin admin = Admin.create(
                        Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            try {
                return run(stack, registry, admin, profile, run, stateDir, out);
            } finally {
                if (!keepTopics) {
                    BenchTopics.deleteRun(admin, run, out);
                }
            }
        } finally {
            BenchStack.deleteRecursively(stateDir);
        }
    }

    private int run(
            BenchStack stack,
            SchemaRegistryClient registry,
            Admin admin,
            StreamsProfile profile,
            String run,
            Path stateDir,
            PrintWriter out)
            throws Exception {
        String kafka = stack.bootstrapServers();
        BenchTopics training = BenchTopics.create(kafka, registry, run + "train.", partitions, Set.of());
        BenchTopics topics = BenchTopics.create(
                kafka,
                registry,
                run,
                partitions,
                Set.of(TopicCatalogue.TRANSACTIONS_RAW, TopicCatalogue.TRANSACTIONS_SCORED));
        TopicCatalogue c = topics.catalogue();
        // created long before the first write: a producer writing to a partition whose leader is still being set up
        // can end in an endless OUT_OF_ORDER_SEQUENCE_NUMBER retry loop (seen with Kafka 4.3.1)
        createLogAppendTimeTopics(admin, List.of(relayIn(run), relayOut(run)));
        if (shapeCeiling) {
            createLogAppendTimeTopics(admin, List.of(ceilingIn(run), ceilingOut(run)));
        }
        BenchModel.trainOnGeneratedHistory(stack, training, c, stateDir, reportDir, historyCards, out);

        // one generated stream, cut into slices in the order the pipeline uses them (event time keeps increasing)
        int warmup = events / 5;
        List<Integer> sizes = new ArrayList<>(List.of(warmup + events));
        rates.forEach(r -> sizes.add(r * seconds));
        long t0 = System.nanoTime();
        TrafficGenerator generator = BenchTraffic.generator(
                sizes.stream().mapToInt(Integer::intValue).sum());
        List<List<RawRecord>> slices = new ArrayList<>();
        for (int size : sizes) {
            slices.add(BenchTraffic.take(generator, c.transactionsRaw(), size));
        }
        BenchTraffic.publishProfiles(kafka, c, generator.population());
        out.printf(
                Locale.ROOT,
                "traffic: %,d transactions of %,d cards generated and serialized in %.1f s (event time %s on)%n",
                sizes.stream().mapToInt(Integer::intValue).sum(),
                generator.population().cardCount(),
                (System.nanoTime() - t0) / 1e9,
                generator.settings().start());
        out.flush();

        Map<String, String> streams = profile.settings(commitIntervalMs, threads, streamsExtra);
        int commitInterval = Integer.parseInt(streams.get("commit.interval.ms"));
        RelayPhases.Result relay = RelayPhases.run(
                kafka,
                relayIn(run),
                relayOut(run),
                run + "relay",
                c,
                slices,
                warmup,
                commitInterval,
                rates,
                relaySeconds,
                out);
        Pipeline.Settings settings = new Pipeline.Settings(
                kafka,
                stack.registryUrl(),
                topics.configOverrides(),
                pipelinePrefix(run),
                stateDir,
                BenchModel.SIGNING_KEY,
                Optional.empty(),
                0,
                Optional.empty(),
                reportDir,
                streams,
                Map.of());
        Measured pipeline = pipeline(admin, settings, profile, c, slices, warmup, relay, out);

        OneHopCeiling.Result ceiling =
                shapeCeiling ? ceiling(kafka, run, c, streams, slices, warmup, stateDir, out) : null;
        List<PhaseResult> rows = ceiling == null ? pipeline.rows() : withCeiling(pipeline.rows(), ceiling);
        double ceilingMax = ceiling == null ? Double.NaN : ceiling.max();
        PipelineTargets.Maxima max = new PipelineTargets.Maxima(pipeline.max(), relay.max(), ceilingMax, events);
        PipelineReport report = new PipelineReport(
                profile,
                streams,
                partitions,
                pipelinePrefix(run),
                rows,
                max,
                PipelineTargets.evaluate(profile, max, rows),
                pipeline.changelog());
        report.print(out);
        PipelineReport.Written files =
                report.write(reportDir, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out.println("tables: " + files.csv().toAbsolutePath() + " (and -targets, -lag, -changelog .csv)");
        out.println("plot:   " + files.svg().toAbsolutePath());
        out.flush();
        return 0;
    }

    /**
     * The one-hop ceiling on the same records, with the pipeline's Kafka Streams settings: its output as large as the
     * pipeline's mean scored record; its latency at each rate over the first {@code --ceiling-seconds} of that rate's slice.
     */
    private OneHopCeiling.Result ceiling(
            String kafka,
            String run,
            TopicCatalogue c,
            Map<String, String> streams,
            List<List<RawRecord>> slices,
            int warmup,
            Path stateDir,
            PrintWriter out)
            throws Exception {
        int outputBytes =
                OneHopCeiling.meanRecordBytes(kafka, c.transactionsScored().name());
        List<Integer> paced = ceilingSeconds == 0 ? List.of() : rates;
        List<List<RawRecord>> pacedSlices = new ArrayList<>();
        for (int i = 0; i < paced.size(); i++) {
            List<RawRecord> slice = slices.get(i + 1);
            pacedSlices.add(slice.subList(0, Math.min(slice.size(), paced.get(i) * ceilingSeconds)));
        }
        Map<String, Object> props =
                OneHopCeiling.streamsProps(kafka, run + "ceiling", stateDir.resolve("ceiling"), streams);
        return OneHopCeiling.run(
                props,
                kafka,
                ceilingIn(run),
                ceilingOut(run),
                ceilingCardBytes,
                outputBytes,
                slices.getFirst(),
                warmup,
                paced,
                pacedSlices,
                out);
    }

    /** {@code rows} with the ceiling's latencies at their rates (rates are in the same order). */
    private static List<PhaseResult> withCeiling(List<PhaseResult> rows, OneHopCeiling.Result ceiling) {
        List<PhaseResult> with = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            with.add(
                    i < ceiling.latency().size()
                            ? rows.get(i)
                                    .withCeiling(
                                            ceiling.latency().get(i),
                                            ceiling.visible().get(i))
                            : rows.get(i));
        }
        return with;
    }

    private static String relayIn(String run) {
        return run + "relay.in";
    }

    private static String relayOut(String run) {
        return run + "relay.out";
    }

    private static String ceilingIn(String run) {
        return run + "ceiling.in";
    }

    private static String ceilingOut(String run) {
        return run + "ceiling.out";
    }

    /** The pipeline's name prefix (its applications' ids, so their groups and internal topics, start with it). */
    private static String pipelinePrefix(String run) {
        return run + "pipeline-";
    }

    /** The pipeline's max throughput, its result at each rate, and what each phase wrote to its internal topics. */
    private record Measured(double max, List<PhaseResult> rows, List<ChangelogBytes.Entry> changelog) {}

    /**
     * The pipeline: W + N raw records written before it starts, throughput over the last N scored; then each rate's
     * slice paced into transactions.raw, sampling its lag meanwhile and waiting until it has none after each; the
     * bytes of its internal topics taken before and after each phase.
     */
    private Measured pipeline(
            Admin admin,
            Pipeline.Settings settings,
            StreamsProfile profile,
            TopicCatalogue c,
            List<List<RawRecord>> slices,
            int warmup,
            RelayPhases.Result relay,
            PrintWriter out)
            throws Exception {
        String kafka = settings.kafka();
        StreamsApps apps = new StreamsApps(admin, settings.namePrefix());
        List<ChangelogBytes.Entry> changelog = new ArrayList<>();
        List<RawRecord> maxSlice = slices.getFirst();
        PacedProducer.send(kafka, c.transactionsRaw().name(), maxSlice, 0, null);
        out.printf(
                Locale.ROOT,
                "pipeline: %s, profile %s, %s, %d partitions; %,d raw events written first%n",
                PipelineReport.guarantee(settings.streams()),
                profile.label(),
                settings.streams(),
                partitions,
                maxSlice.size());
        out.flush();
        Deserializer<Transaction> rawValues = c.transactionsRaw().valueSerde().deserializer();
        var scoredValues = c.transactionsScored().valueSerde().deserializer();
        var deadLetters = c.transactionsDlq().valueSerde().deserializer();
        String scored = c.transactionsScored().name();
        String dlq = c.transactionsDlq().name();
        long startNanos = System.nanoTime();
        Map<String, Long> before = apps.internalTopicBytes();
        try (Pipeline pipeline = Pipeline.start(settings);
                OutputReader reader = OutputReader.open(
                        kafka,
                        scored,
                        v -> scoredOutput(scoredValues.deserialize(scored, v)),
                        dlq,
                        v -> OutputReader.Identified.id(
                                BenchTraffic.originalId(deadLetters.deserialize(dlq, v), rawValues)))) {
            pipeline.awaitRunning(Duration.ofMinutes(3));
            Pipeline.awaitChampion(pipeline.scoring(), -1, Duration.ofMinutes(2));
            double startup = (System.nanoTime() - startNanos) / 1e9;
            Observed o = reader.collect(BenchTraffic.ids(maxSlice), () -> false, NO_LIMIT);
            double max = o.rateAfter(warmup);
            out.printf(
                    Locale.ROOT,
                    "pipeline max: %,.0f events/s over %,d scored events after %,d warm-up (scored append times; "
                            + "start to model in service %.1f s); %,d dead-lettered%s%n",
                    max,
                    o.scored() - warmup,
                    warmup,
                    startup,
                    o.deadLettered(),
                    o.size() < maxSlice.size() ? "; MISSING " + (maxSlice.size() - o.size()) : "");
            out.flush();
            apps.awaitNoLag(LAG_DEADLINE);
            Map<String, Long> after = apps.internalTopicBytes();
            changelog.addAll(ChangelogBytes.between("max", before, after, maxSlice.size()));

            List<PhaseResult> rows = new ArrayList<>();
            Duration drain = Duration.ofSeconds(Math.max(30, 2L * seconds));
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                Latencies relayLatency =
                        i < relay.latency().size() ? relay.latency().get(i) : null;
                if (!rows.isEmpty() && !rows.getLast().sustained()) {
                    rows.add(PhaseResult.skipped(
                            rate, seconds, relayLatency)); // a higher rate would only pile up a longer backlog
                    continue;
                }
                // live traffic: each transaction's event time is when it is sent (the history's are in the past)
                List<RawRecord> slice = BenchTraffic.live(slices.get(i + 1), c.transactionsRaw(), rate);
                Map<String, Long> appended = new ConcurrentHashMap<>();
                before = after;
                Observed r;
                LagSampler lag;
                try (PacedProducer producer =
                                PacedProducer.start(kafka, c.transactionsRaw().name(), slice, rate, appended);
                        LagSampler sampler = LagSampler.start(
                                Duration.ofSeconds(lagIntervalSeconds), apps::lag, producer::running)) {
                    lag = sampler;
                    r = reader.collect(BenchTraffic.ids(slice), producer::running, drain);
                    producer.await();
                }
                double[] hold = ServiceMetrics.quantilesMs(
                        ServiceMetrics.scrape(pipeline.features().httpPort()),
                        "fraudstream_features_merchant_wait_seconds"); // the wait for merchant state, over the phase's
                // last 30 s
                PhaseResult row = new PhaseResult(
                        rate,
                        true,
                        seconds,
                        slice.size(),
                        r.scored(),
                        r.deadLettered(),
                        r.rateAfter(0),
                        r.latencies(appended, false),
                        r.latencies(appended, true),
                        relayLatency,
                        null,
                        null,
                        hold,
                        lag.series());
                rows.add(row);
                out.printf(
                        Locale.ROOT,
                        "  pipeline at %,d events/s for %d s: %s, achieved %,.0f events/s, %,d of %,d scored, %,d "
                                + "dead-lettered; append %s; visible p50 %s, p99 %s; lag %s%s; wait for merchant state "
                                + "p50 %.0f, p99 %.0f ms%n",
                        rate,
                        seconds,
                        row.status(),
                        row.achieved(),
                        row.scored(),
                        row.sent(),
                        row.deadLettered(),
                        row.latency().describe(),
                        PipelineReport.ms(row.visible().percentile(50)),
                        PipelineReport.ms(row.visible().percentile(99)),
                        row.lag().describe(rate),
                        lag.failures() == 0 ? "" : " (" + lag.failures() + " samples failed)",
                        hold[0],
                        hold[1]);
                out.flush();
                if (row.allOut()) {
                    apps.awaitNoLag(LAG_DEADLINE);
                    after = apps.internalTopicBytes();
                    changelog.addAll(ChangelogBytes.between(rate + "/s", before, after, slice.size()));
                }
            }
            out.printf(
                    Locale.ROOT,
                    "  alert share (REVIEW + DECLINE) of everything the scoring service decided: %s%n",
                    ServiceMetrics.alertShare(
                            ServiceMetrics.scrape(pipeline.scoring().httpPort())));
            return new Measured(max, rows, changelog);
        }
    }

    /** A scored record's transaction id and the raw append time it carries (the feature stream's trace, in the value). */
    private static OutputReader.Identified scoredOutput(ScoredTransaction s) {
        return new OutputReader.Identified(
                s.getTransactionId(),
                s.getRawAppendTime() == null ? -1 : s.getRawAppendTime().toEpochMilli());
    }

    private void createLogAppendTimeTopics(Admin admin, List<String> names) throws Exception {
        List<NewTopic> topics = names.stream()
                .map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty())
                        .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")))
                .toList();
        admin.createTopics(topics).all().get(1, TimeUnit.MINUTES);
    }
}
