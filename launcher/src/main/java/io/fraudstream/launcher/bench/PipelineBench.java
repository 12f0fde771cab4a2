package io.fraudstream.launcher.bench;

import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.launcher.pipeline.HistoryTraining;
import io.fraudstream.launcher.pipeline.Traffic;
import io.fraudstream.trainer.RunOptions;
import io.fraudstream.trainer.TrainingOutcome;
import io.fraudstream.trainer.publish.ChampionGate;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.generator.GeneratedEvent;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.Population;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.launcher.pipeline.ConsumerLag;
import io.fraudstream.launcher.pipeline.Pipeline;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code ./fraudstream bench pipeline}: the whole pipeline (feature stream and scoring service in this JVM, exactly
 * once, a real XGBoost model) on one broker, measured against the ceiling that broker sets for this traffic: a plain
 * consume→produce relay of the very same records.
 * <ol>
 *     <li>Traffic: transactions are generated once into memory as serialized raw records (key = card token, value =
 *     Avro bytes), event times in the past, each id unique. Every phase uses its own slice (the feature stream drops
 *     an id it has seen within 7 days); the relay replays the same bytes.</li>
 *     <li>Ceiling: W + N records are written to the relay's input first, then a relay (one consumer, one producer, one
 *     thread, at least once, bytes in and bytes out) starts; its throughput is N over the output append times of the
 *     last N records (the first W = N / 5 warm it up). Its latency at each offered rate is measured too.</li>
 *     <li>Pipeline: the same W + N raw records are written before the services start; throughput likewise over the
 *     scored output. The headline is pipeline / ceiling.</li>
 *     <li>Offered rates: raw records are produced on a fixed schedule; latency is raw append → scored append (both
 *     topics use {@code LogAppendTime}, so both are broker times). A transactional record is appended when sent, before
 *     its commit, so this excludes waiting for the commit; the "visible" latency (raw append → received by a
 *     {@code read_committed} consumer, wall clock) includes it. Phases are separated by waiting until both services
 *     have no lag. Rates run lowest first; once one is not sustained (not everything out at 90 % of the rate within
 *     twice the phase's length, at least 30 s), the higher ones are not run: they would only pile up a longer backlog.</li>
 * </ol>
 * Then (unless {@code --no-shape-ceiling}) the {@link PipelineShapeCeiling}: the pipeline's shape — two exactly-once
 * Streams applications, the repartition, three changelogged stores — with no business work, on the same records:
 * its max throughput, its ratio to the relay, and its latency at the highest offered rate.
 * Prints a table, writes it as CSV and plots it as SVG. Everything it starts is stopped, and its topics deleted
 * (unless {@code --keep-topics}), also when it fails half-way.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Benchmark the whole pipeline (feature stream + scoring, exactly once) against a plain relay of the same "
                + "records: max throughput ratio, and latency at offered rates (table, CSV, SVG).")
public final class PipelineBench implements Callable<Integer> {

    /** Card-token secret of the generated traffic (benchmark topics only). */
    private static final String CARD_SECRET = "fraudstream-benchmark-cards-only-not-a-secret";
    private static final long SEED = 42;
    private static final int HISTORY_DAYS = 60;
    private static final double TX_PER_CARD_DAY = 2.5;
    /** A phase ends when nothing new arrived for this long after its producer finished. */
    private static final Duration STALL = Duration.ofSeconds(30);
    /** No phase waits for longer than this after its producer finished. */
    private static final Duration NO_LIMIT = Duration.ofMinutes(30);
    private static final Duration LAG_DEADLINE = Duration.ofMinutes(5);
    private static final double TARGET_RATIO = 0.5;
    private static final int TARGET_RATE = 10_000;
    private static final long TARGET_P99_MS = 50;
    /** A rate is sustained if the achieved rate is at least this share of it (and everything came out). */
    private static final double SUSTAINED = 0.9;

    @Option(names = "--rates", split = ",", defaultValue = "1000,2500,5000,10000",
            description = "Offered rates in events/s, one phase each, lowest first; the rates above one the pipeline cannot "
                    + "sustain are not run. Default: ${DEFAULT-VALUE}")
    List<Integer> rates;
    @Option(names = "--seconds", defaultValue = "15",
            description = "Length of each pipeline rate phase; it then has twice as long (at least 30 s) to drain. Default: ${DEFAULT-VALUE}")
    int seconds;
    @Option(names = "--relay-seconds", defaultValue = "5",
            description = "Length of the relay's latency phase at each rate (0: none). Default: ${DEFAULT-VALUE}")
    int relaySeconds;
    @Option(names = "--events", defaultValue = "200000",
            description = "Events of the max-throughput runs (pipeline, relay, shape ceiling), after a warm-up of a fifth as many; "
                    + "shorter runs spread much more (the relay moves through 50,000 in under a second). Default: ${DEFAULT-VALUE}")
    int events;
    @Option(names = "--commit-interval-ms", defaultValue = "100",
            description = "commit.interval.ms of both services (and of the relay's flush+commit). Default: ${DEFAULT-VALUE}")
    int commitIntervalMs;
    @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads of each service. Default: ${DEFAULT-VALUE}")
    int threads;
    @Option(names = "--streams", paramLabel = "KEY=VALUE",
            description = "Extra Kafka Streams setting for both services, repeatable (e.g. producer.linger.ms=5); wins over the above.")
    Map<String, String> streamsExtra = new LinkedHashMap<>();
    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of every benchmark topic. Default: ${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--history-cards", defaultValue = "1000", description = "Cards of the 30-day generated history the model is trained on. Default: ${DEFAULT-VALUE}")
    int historyCards;
    @Option(names = {"--dir", "--stack-dir"}, paramLabel = "DIR",
            description = "Local stack to use if running (as started with './fraudstream local start --dir DIR'); otherwise a temporary one. "
                    + "Default: <home>/.fraudstream/local")
    Path stackDir;
    @Option(names = "--report-dir", defaultValue = ".fraudstream/reports/bench", description = "Where the CSV and SVG go. Default: ${DEFAULT-VALUE}")
    Path reportDir;
    @Option(names = "--shape-ceiling", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run the pipeline's shape with no business work (PipelineShapeCeiling) at the highest rate; "
                    + "--no-shape-ceiling skips it. Default: ${DEFAULT-VALUE}")
    boolean shapeCeiling;
    @Option(names = "--keep-topics", description = "Keep the benchmark's topics (deleted at the end by default).")
    boolean keepTopics;
    @Spec
    CommandSpec spec;

    /** One serialized raw transaction, as produced to transactions.raw and to the relay's input. */
    record RawRecord(String id, byte[] key, byte[] value, long eventTime) {
    }

    /**
     * The outcome of one offered rate: the pipeline's figures (unless {@code ran} is false: skipped once a lower rate
     * saturated the pipeline) and, if measured, the relay's latency. A record comes out either scored or dead-lettered
     * (e.g. a currency without a configured rate); latencies are of the scored ones.
     */
    record Row(int offered, boolean ran, int sent, int scored, int deadLettered, double achieved, Latencies latency,
               Latencies visible, Latencies relay, double[] hold) {

        static Row skipped(int offered, Latencies relay) {
            return new Row(offered, false, 0, 0, 0, Double.NaN, new Latencies(), new Latencies(), relay, new double[] {Double.NaN, Double.NaN});
        }

        boolean allOut() {
            return scored + deadLettered == sent;
        }

        /** Kept up: everything came out, at (nearly) the offered rate. */
        boolean sustained() {
            return ran && allOut() && achieved >= SUSTAINED * offered;
        }

        String status() {
            if (!ran) {
                return "not run";
            }
            if (!allOut()) {
                return String.format(Locale.ROOT, "incomplete, %d%% out", 100L * (scored + deadLettered) / sent);
            }
            return sustained() ? "ok" : "saturated";
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r <= 0) || seconds <= 0 || relaySeconds < 0 || events < 1000
                || commitIntervalMs < 0 || threads < 1 || partitions < 1) {
            throw new IllegalArgumentException("need rates > 0, --seconds > 0, --relay-seconds >= 0, --events >= 1000, "
                    + "--commit-interval-ms >= 0, --threads >= 1, --partitions >= 1");
        }
        rates = rates.stream().distinct().sorted().toList();
        PrintWriter out = spec.commandLine().getOut();
        String run = "bench.pipeline." + Long.toString(System.currentTimeMillis(), 36) + ".";
        Path stateDir = Files.createTempDirectory("bench-pipeline-state");
        try (BenchStack stack = BenchStack.acquire(io.fraudstream.launcher.StackDir.resolve(stackDir), out);
             SchemaRegistryClient registry = SchemaRegistryClient.builder(stack.registryUrl()).build();
             Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            try {
                return run(stack, registry, admin, run, stateDir, out);
            } finally {
                if (!keepTopics) {
                    BenchTopics.deleteRun(admin, run, out);
                }
            }
        } finally {
            BenchStack.deleteRecursively(stateDir);
        }
    }

    private int run(BenchStack stack, SchemaRegistryClient registry, Admin admin, String run, Path stateDir, PrintWriter out)
            throws Exception {
        String kafka = stack.bootstrapServers();
        BenchTopics training = BenchTopics.create(kafka, registry, run + "train.", partitions, Set.of());
        BenchTopics topics = BenchTopics.create(kafka, registry, run, partitions,
                Set.of(TopicCatalogue.TRANSACTIONS_RAW, TopicCatalogue.TRANSACTIONS_SCORED));
        TopicCatalogue c = topics.catalogue();
        // created long before the first write: a producer writing to a partition whose leader is still being set up
        // can end in an endless OUT_OF_ORDER_SEQUENCE_NUMBER retry loop (seen with Kafka 4.3.1)
        createLogAppendTimeTopics(admin, List.of(relayIn(run), relayOut(run)));
        List<String> shapeTopics = List.of(run + "shape.in", run + "shape.features", run + "shape.scored");
        if (shapeCeiling) {
            createLogAppendTimeTopics(admin, shapeTopics);
        }
        trainOnGeneratedHistory(stack, training, c, stateDir, out);

        // one generated stream, cut into slices in the order the pipeline uses them (event time keeps increasing)
        int warmup = events / 5;
        List<Integer> sizes = new ArrayList<>(List.of(warmup + events));
        rates.forEach(r -> sizes.add(r * seconds));
        long t0 = System.nanoTime();
        TrafficGenerator generator = generator(sizes.stream().mapToInt(Integer::intValue).sum());
        List<List<RawRecord>> slices = new ArrayList<>();
        for (int size : sizes) {
            slices.add(take(generator, c.transactionsRaw(), size));
        }
        publishProfiles(kafka, c, generator.population());
        out.printf(Locale.ROOT, "traffic: %,d transactions of %,d cards generated and serialized in %.1f s (event time %s on)%n",
                sizes.stream().mapToInt(Integer::intValue).sum(), generator.population().cardCount(), (System.nanoTime() - t0) / 1e9,
                generator.settings().start());
        out.flush();

        Ceiling ceiling = ceiling(kafka, run, c, slices, warmup, out);
        Map<String, String> streams = new LinkedHashMap<>(Map.of("commit.interval.ms", Integer.toString(commitIntervalMs),
                "num.stream.threads", Integer.toString(threads)));
        streams.putAll(streamsExtra);
        Pipeline.Settings settings = new Pipeline.Settings(kafka, stack.registryUrl(), topics.configOverrides(), run, stateDir,
                BenchModel.SIGNING_KEY, Optional.empty(), 0, Optional.empty(), reportDir, streams, Map.of());
        Measured pipeline = pipeline(admin, settings, c, slices, warmup, ceiling, out);
        report(pipeline.rows(), pipeline.max(), ceiling.max(), out);
        if (shapeCeiling) {
            int rate = rates.getLast();
            List<RawRecord> paced = slices.getLast().subList(0, Math.min(slices.getLast().size(), rate * seconds));
            PipelineShapeCeiling.Result shape = PipelineShapeCeiling.run(settings, run + "shape-", shapeTopics.get(0),
                    shapeTopics.get(1), shapeTopics.get(2), partitions, generator.population().merchantCount(), pipeline.sizes(),
                    slices.getFirst(), warmup, paced, rate, out);
            out.printf(Locale.ROOT, "shape ceiling / relay = %s: the most this architecture reaches here with no business work; "
                            + "pipeline / shape ceiling = %s%n", ratio(shape.max() / ceiling.max()), ratio(pipeline.max() / shape.max()));
            out.flush();
        }
        return 0;
    }

    /**
     * A model trained on what it will score: 30 days of generated history go through a feature stream and a scoring
     * service of their own (the training topics), and the trainer publishes to the measured topics' fraud.models.
     * (A model trained on synthetic features would see other distributions here, and alert on most events.)
     */
    private void trainOnGeneratedHistory(BenchStack stack, BenchTopics training, TopicCatalogue measured, Path stateDir,
                                         PrintWriter out) throws Exception {
        Map<String, String> names = new LinkedHashMap<>(training.configOverrides());
        names.remove("topics.provision");
        names.put(io.fraudstream.runtime.config.RuntimeConfig.topicNameKey(TopicCatalogue.FRAUD_MODELS), measured.fraudModels().name());
        Pipeline.Settings s = new Pipeline.Settings(stack.bootstrapServers(), stack.registryUrl(), names, "bench-history-"
                + Long.toString(System.nanoTime(), 36) + "-", stateDir.resolve("history"), BenchModel.SIGNING_KEY,
                Optional.of(java.util.Base64.getEncoder().encodeToString(CARD_SECRET.getBytes(StandardCharsets.UTF_8))), 0,
                Optional.empty(), reportDir, Map.of("commit.interval.ms", "100"), Map.of());
        long start = System.nanoTime();
        GeneratorSettings history = Traffic.settings(11, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .minus(java.time.Duration.ofDays(400)), java.time.Duration.ofDays(30), historyCards, 4, 10);
        try (Pipeline p = Pipeline.start(s);
             Admin admin = Admin.create(Map.<String, Object>of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.bootstrapServers()))) {
            p.awaitRunning(Duration.ofMinutes(3));
            TrainingOutcome o = HistoryTraining.run(s, admin, history, new Traffic.Truth(), ProgressReporter.none(),
                    HistoryTraining.SHORT_HISTORY, new RunOptions(Optional.empty(), Optional.empty(), false, ChampionGate.Mode.FORCE),
                    io.fraudstream.trainer.Progress.none(), line -> { }, Duration.ofMinutes(15));
            out.printf(Locale.ROOT, "model: %s trained on %,d rows of generated history that went through the feature stream "
                            + "(holdout ROC AUC %.3f, AP %.3f), published as v%d (%.0f s)%n", o.candidate().name(), o.rows(),
                    o.candidate().evaluation().rocAuc(), o.candidate().evaluation().averagePrecision(),
                    o.published().map(TrainingOutcome.Published::version).orElse(-1L), (System.nanoTime() - start) / 1e9);
            out.flush();
        }
    }

    private static String relayIn(String run) {
        return run + "relay.in";
    }

    private static String relayOut(String run) {
        return run + "relay.out";
    }

    /** The relay's max throughput and its latency at each rate (empty when {@code --relay-seconds 0}). */
    private record Ceiling(double max, List<Latencies> latency) {
    }

    /** The pipeline's max throughput and its row at each rate. */
    private record Measured(double max, List<Row> rows, PipelineShapeCeiling.Sizes sizes) {
    }

    /**
     * The ceiling: W + N raw records written to the relay's input, then the relay starts and its throughput is taken
     * over the last N outputs; then, with the relay running, the start of each rate's slice paced into it.
     */
    private Ceiling ceiling(String kafka, String run, TopicCatalogue c, List<List<RawRecord>> slices, int warmup, PrintWriter out)
            throws Exception {
        String in = relayIn(run);
        String relayOut = relayOut(run);
        List<RawRecord> maxSlice = slices.getFirst();
        produce(kafka, in, maxSlice, 0, null);
        Deserializer<Transaction> rawValues = c.transactionsRaw().valueSerde().deserializer();
        try (Reader reader = Reader.open(kafka, relayOut, v -> rawValues.deserialize(relayOut, v).getTransactionId(), null, null);
             Relay relay = Relay.start(kafka, in, relayOut, run + "relay", commitIntervalMs)) {
            Observed o = reader.collect(ids(maxSlice), () -> false, NO_LIMIT);
            relay.check();
            double max = o.rateAfter(warmup);
            out.printf(Locale.ROOT, "relay (ceiling): %,.0f events/s over %,d events after %,d warm-up (output append times)%s%n",
                    max, o.scored() - warmup, warmup, o.size() < maxSlice.size() ? "; MISSING " + (maxSlice.size() - o.size()) : "");
            out.flush();
            List<Latencies> latency = new ArrayList<>();
            for (int i = 0; i < rates.size() && relaySeconds > 0; i++) {
                int rate = rates.get(i);
                List<RawRecord> slice = slices.get(i + 1).subList(0, Math.min(slices.get(i + 1).size(), rate * relaySeconds));
                Map<String, Long> appended = new ConcurrentHashMap<>();
                Observed r;
                try (Paced producer = Paced.start(kafka, in, slice, rate, appended)) {
                    r = reader.collect(ids(slice), producer::running, NO_LIMIT);
                    producer.await();
                }
                relay.check();
                latency.add(r.latencies(appended, false));
                out.printf(Locale.ROOT, "  relay at %,d events/s for %d s: %s%n", rate, relaySeconds, latency.getLast().describe());
                out.flush();
            }
            return new Ceiling(max, latency);
        }
    }

    /**
     * The pipeline: W + N raw records written before the services start, throughput over the last N scored; then each
     * rate's slice paced into transactions.raw, waiting for both services to have no lag after each.
     */
    private Measured pipeline(Admin admin, Pipeline.Settings settings, TopicCatalogue c, List<List<RawRecord>> slices, int warmup,
                              Ceiling ceiling, PrintWriter out) throws Exception {
        String kafka = settings.kafka();
        List<RawRecord> maxSlice = slices.getFirst();
        produce(kafka, c.transactionsRaw().name(), maxSlice, 0, null);
        out.printf(Locale.ROOT, "pipeline: feature stream + scoring, exactly_once_v2, commit.interval.ms %d, %d stream thread(s) each, "
                + "%d partitions%s; %,d raw events written first%n", commitIntervalMs, threads, partitions, extraSettings(), maxSlice.size());
        out.flush();
        Deserializer<Transaction> rawValues = c.transactionsRaw().valueSerde().deserializer();
        var scoredValues = c.transactionsScored().valueSerde().deserializer();
        var deadLetters = c.transactionsDlq().valueSerde().deserializer();
        String scored = c.transactionsScored().name();
        String dlq = c.transactionsDlq().name();
        long startNanos = System.nanoTime();
        try (Pipeline pipeline = Pipeline.start(settings);
             Reader reader = Reader.open(kafka, scored, v -> scoredValues.deserialize(scored, v).getTransactionId(),
                     dlq, v -> originalId(deadLetters.deserialize(dlq, v), rawValues))) {
            pipeline.awaitRunning(Duration.ofMinutes(3));
            Pipeline.awaitChampion(pipeline.scoring(), -1, Duration.ofMinutes(2));
            double startup = (System.nanoTime() - startNanos) / 1e9;
            Observed o = reader.collect(ids(maxSlice), () -> false, NO_LIMIT);
            double max = o.rateAfter(warmup);
            out.printf(Locale.ROOT, "pipeline max: %,.0f events/s over %,d scored events after %,d warm-up (scored append times; "
                            + "start to model in service %.1f s); %,d dead-lettered%s%n", max, o.scored() - warmup, warmup,
                    startup, o.deadLettered(), o.size() < maxSlice.size() ? "; MISSING " + (maxSlice.size() - o.size()) : "");
            out.flush();
            awaitNoLag(admin, settings, c);
            // the state as the max phase left it (it grew from empty during the phase)
            PipelineShapeCeiling.Sizes sizes = shapeCeiling
                    ? PipelineShapeCeiling.measure(pipeline, kafka, c.transactionsFeatures().name(), scored) : null;

            List<Row> rows = new ArrayList<>();
            Duration drain = Duration.ofSeconds(Math.max(30, 2L * seconds));
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                Latencies relay = i < ceiling.latency().size() ? ceiling.latency().get(i) : null;
                if (!rows.isEmpty() && !rows.getLast().sustained()) {
                    rows.add(Row.skipped(rate, relay)); // a higher rate would only pile up a longer backlog
                    continue;
                }
                List<RawRecord> slice = slices.get(i + 1);
                Map<String, Long> appended = new ConcurrentHashMap<>();
                Observed r;
                try (Paced producer = Paced.start(kafka, c.transactionsRaw().name(), slice, rate, appended)) {
                    r = reader.collect(ids(slice), producer::running, drain);
                    producer.await();
                }
                double[] hold = holdQuantiles(pipeline); // the ordering's wait, over the phase's last 30 s
                Row row = new Row(rate, true, slice.size(), r.scored(), r.deadLettered(), r.rateAfter(0), r.latencies(appended, false),
                        r.latencies(appended, true), relay, hold);
                rows.add(row);
                out.printf(Locale.ROOT, "  pipeline at %,d events/s for %d s: %s, achieved %,.0f events/s, %,d of %,d scored, %,d "
                                + "dead-lettered; %s; visible p50 %s, p99 %s; ordering hold at the merchant stage p50 %.0f, p99 %.0f ms%n",
                        rate, seconds, row.status(), row.achieved(), row.scored(),
                        row.sent(), row.deadLettered(), row.latency().describe(), ms(row.visible().percentile(50)),
                        ms(row.visible().percentile(99)), hold[0], hold[1]);
                out.flush();
                if (row.allOut()) {
                    awaitNoLag(admin, settings, c);
                }
            }
            out.printf(Locale.ROOT, "  alert share (REVIEW + DECLINE) of everything the scoring service decided: %s%n", alertShare(pipeline));
            return new Measured(max, rows, sizes);
        }
    }

    /**
     * p50 and p99 (ms) of how long transactions waited at the merchant stage for the watermarks, over the last
     * {@link io.fraudstream.featurestream.FeatureStreamMetrics#HOLD_WINDOW}, from the feature stream's /metrics.
     */
    private static double[] holdQuantiles(Pipeline pipeline) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + pipeline.features().httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        double[] out = {Double.NaN, Double.NaN};
        for (String line : r.body().lines().filter(l -> l.startsWith("fraudstream_features_ordering_hold_seconds{")).toList()) {
            double ms = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
            if (line.contains("quantile=\"0.5\"")) {
                out[0] = ms;
            } else if (line.contains("quantile=\"0.99\"")) {
                out[1] = ms;
            }
        }
        return out;
    }

    /** REVIEW + DECLINE over all decisions, from the scoring service's /metrics. */
    private static String alertShare(Pipeline pipeline) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + pipeline.scoring().httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        double all = 0;
        double alerts = 0;
        for (String line : r.body().lines().filter(l -> l.startsWith("fraudstream_scoring_decisions_total{")).toList()) {
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            all += v;
            if (line.contains("decision=\"review\"") || line.contains("decision=\"decline\"")) {
                alerts += v;
            }
        }
        return all == 0 ? "-" : String.format(Locale.ROOT, "%.2f %% of %,.0f", 100 * alerts / all, all);
    }

    // ---- results ---------------------------------------------------------------------------------------------

    /** Prints the table and the headline, writes CSV and SVG. */
    private void report(List<Row> rows, double pipelineMax, double relayMax, PrintWriter out) throws IOException {
        double ratio = pipelineMax / relayMax;
        out.println();
        out.printf(Locale.ROOT, "RESULTS: feature stream + scoring service, exactly_once_v2, commit.interval.ms %d, %d stream thread(s) "
                + "each, %d partitions%s; relay: 1 consumer + 1 producer, at least once%n", commitIntervalMs, threads, partitions, extraSettings());
        out.println("latency = raw append -> scored append (broker LogAppendTime on both): excludes waiting for the transaction commit;");
        out.println("visible = raw append -> received by a read_committed consumer (wall clock): includes the commit interval. All in ms.");
        out.println("dlq = dead-lettered (e.g. a currency without a configured rate), not in the latencies.");
        out.println("status: ok = everything came out, at >= 90% of the offered rate; saturated = everything came out, slower; "
                + "incomplete = not everything within the drain time; not run = above a rate that was not ok.");
        out.printf(Locale.ROOT, "%9s %9s %6s %6s %6s %6s | %7s %7s | %5s %-18s | %9s %9s%n", "offered", "achieved", "p50", "p99", "p99.9",
                "max", "vis p50", "vis p99", "dlq", "status", "relay p50", "relay p99");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%,9d %9s %6s %6s %6s %6s | %7s %7s | %5s %-18s | %9s %9s%n", r.offered(),
                    r.ran() ? String.format(Locale.ROOT, "%,.0f", r.achieved()) : "-",
                    ms(r.latency().percentile(50)), ms(r.latency().percentile(99)), ms(r.latency().percentile(99.9)),
                    ms(r.latency().percentile(100)), ms(r.visible().percentile(50)), ms(r.visible().percentile(99)),
                    r.ran() ? String.format(Locale.ROOT, "%,d", r.deadLettered()) : "-", r.status(),
                    r.relay() == null ? "-" : ms(r.relay().percentile(50)), r.relay() == null ? "-" : ms(r.relay().percentile(99)));
        }
        out.printf(Locale.ROOT, "HEADLINE pipeline/ceiling = %s (pipeline %,.0f ev/s, relay %,.0f ev/s)%n", ratio(ratio), pipelineMax, relayMax);
        Optional<Row> atTarget = rows.stream().filter(r -> r.offered() == TARGET_RATE).findFirst();
        out.printf(Locale.ROOT, "targets: ratio >= %.1f: %s; p99 <= %d ms at %,d events/s: %s%n", TARGET_RATIO,
                ratio >= TARGET_RATIO ? "met" : "NOT met", TARGET_P99_MS, TARGET_RATE, atTarget.map(r -> !r.ran()
                        ? "NOT met (saturated at a lower rate)"
                        : (r.sustained() && r.latency().percentile(99) <= TARGET_P99_MS ? "met" : "NOT met")
                        + " (" + r.status() + ", p99 " + r.latency().percentile(99) + " ms)").orElse("not measured (rate not in --rates)"));
        Files.createDirectories(reportDir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path csv = reportDir.resolve("pipeline-" + stamp + ".csv");
        Path svg = reportDir.resolve("pipeline-" + stamp + ".svg");
        Files.writeString(csv, csv(rows, pipelineMax, relayMax));
        Files.writeString(svg, plot(rows, pipelineMax, relayMax));
        out.println("table: " + csv.toAbsolutePath());
        out.println("plot:  " + svg.toAbsolutePath());
        out.flush();
    }

    /** Two decimals, three below 0.1 (so a small ratio does not print as 0.00). */
    private static String ratio(double r) {
        return String.format(Locale.ROOT, r < 0.1 ? "%.3f" : "%.2f", r);
    }

    private String csv(List<Row> rows, double pipelineMax, double relayMax) {
        StringBuilder s = new StringBuilder("offered_eps,status,achieved_eps,sent,scored,dead_lettered,p50_ms,p99_ms,p999_ms,max_ms,visible_p50_ms,"
                + "visible_p99_ms,relay_p50_ms,relay_p99_ms,relay_p999_ms,pipeline_max_eps,relay_max_eps,commit_interval_ms,threads,"
                + "ordering_hold_p50_ms,ordering_hold_p99_ms\n");
        for (Row r : rows) {
            Latencies l = r.latency();
            s.append(String.join(",", Integer.toString(r.offered()), r.status(), r.ran() ? String.format(Locale.ROOT, "%.0f", r.achieved()) : "",
                    Integer.toString(r.sent()), Integer.toString(r.scored()), Integer.toString(r.deadLettered()),
                    csvMs(l.percentile(50)), csvMs(l.percentile(99)), csvMs(l.percentile(99.9)), csvMs(l.percentile(100)),
                    csvMs(r.visible().percentile(50)), csvMs(r.visible().percentile(99)),
                    r.relay() == null ? "" : csvMs(r.relay().percentile(50)), r.relay() == null ? "" : csvMs(r.relay().percentile(99)),
                    r.relay() == null ? "" : csvMs(r.relay().percentile(99.9)), String.format(Locale.ROOT, "%.0f", pipelineMax),
                    String.format(Locale.ROOT, "%.0f", relayMax), Integer.toString(commitIntervalMs), Integer.toString(threads),
                    Double.isFinite(r.hold()[0]) ? csvMs(Math.round(r.hold()[0])) : "",
                    Double.isFinite(r.hold()[1]) ? csvMs(Math.round(r.hold()[1])) : "")).append('\n');
        }
        return s.toString();
    }

    /** Two panels: throughput (achieved vs offered, with the maxima as lines) and p99 latency vs offered rate. */
    private String plot(List<Row> rows, double pipelineMax, double relayMax) {
        double[] x = rows.stream().mapToDouble(Row::offered).toArray();
        double xMax = Chart.niceCeiling(Arrays.stream(x).max().orElse(1) * 1.05);
        double[] achieved = rows.stream().mapToDouble(Row::achieved).toArray();
        // the relay ceiling may be far above everything else: keep the scale for the pipeline, mark the ceiling off scale
        double rest = Math.max(xMax, Math.max(pipelineMax, Arrays.stream(achieved).filter(Double::isFinite).max().orElse(0)));
        double yThroughput = Chart.niceCeiling((relayMax <= 2.5 * rest ? Math.max(rest, relayMax) : rest) * 1.1);
        double[] p99 = rows.stream().mapToDouble(r -> r.ran() ? r.latency().percentile(99) : Double.NaN).toArray();
        double[] visible99 = rows.stream().mapToDouble(r -> r.ran() ? r.visible().percentile(99) : Double.NaN).toArray();
        double[] relay99 = rows.stream().mapToDouble(r -> r.relay() == null ? Double.NaN : r.relay().percentile(99)).toArray();
        double yLatency = Math.max(TARGET_P99_MS, Stream.of(p99, visible99, relay99).flatMapToDouble(Arrays::stream)
                .filter(Double::isFinite).max().orElse(0));
        Chart chart = new Chart(1000, 2);
        chart.panel(0, "Throughput - HEADLINE pipeline/ceiling = " + ratio(pipelineMax / relayMax),
                "events/s", xMax, yThroughput, false);
        chart.line(new double[]{0, xMax}, new double[]{0, xMax}, "#bbbbbb", true, "offered = achieved");
        chart.line(x, achieved, Chart.COLOURS[0], false, "pipeline achieved");
        chart.level(pipelineMax, Chart.COLOURS[0], String.format(Locale.ROOT, "pipeline max %,.0f ev/s", pipelineMax));
        chart.level(relayMax, Chart.COLOURS[1], String.format(Locale.ROOT, "relay ceiling %,.0f ev/s", relayMax));
        chart.panel(1, "p99 latency (ms, log scale) - append to append; visible includes the commit interval", "ms", xMax, yLatency, true);
        chart.line(x, p99, Chart.COLOURS[0], false, "pipeline p99");
        chart.line(x, visible99, Chart.COLOURS[2], false, "pipeline visible p99");
        chart.line(x, relay99, Chart.COLOURS[1], false, "relay p99");
        chart.level(TARGET_P99_MS, "#888888", "target " + TARGET_P99_MS + " ms");
        return chart.finish("offered events/s");
    }

    private String extraSettings() {
        return streamsExtra.isEmpty() ? "" : ", " + streamsExtra;
    }

    private static String ms(long millis) {
        return millis < 0 ? "-" : Long.toString(millis);
    }

    private static String csvMs(long millis) {
        return millis < 0 ? "" : Long.toString(millis);
    }

    // ---- traffic ---------------------------------------------------------------------------------------------

    /** A generator with enough cards for {@code count} transactions over {@value #HISTORY_DAYS} days ending yesterday. */
    private static TrafficGenerator generator(int count) {
        int cards = (int) Math.max(1000, Math.ceil(count * 1.3 / (HISTORY_DAYS * TX_PER_CARD_DAY)));
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(HISTORY_DAYS + 1L));
        GeneratorSettings s = GeneratorSettings.defaults(SEED, start, Duration.ofDays(HISTORY_DAYS))
                .withPopulation(cards, Math.max(100, cards / 5)).withTxPerCardPerDay(TX_PER_CARD_DAY);
        return TrafficGenerator.create(s, new CardTokenizer(CARD_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    /** The next {@code n} transactions of {@code generator} (labels skipped), serialized for {@code raw}. */
    private static List<RawRecord> take(TrafficGenerator generator, TopicSpec<String, Transaction> raw, int n) {
        Serializer<String> keys = raw.keySerde().serializer();
        Serializer<Transaction> values = raw.valueSerde().serializer();
        List<RawRecord> records = new ArrayList<>(n);
        while (records.size() < n && generator.hasNext()) {
            if (generator.next() instanceof GeneratedEvent.TransactionEvent t) {
                Transaction tx = t.transaction();
                records.add(new RawRecord(tx.getTransactionId(), keys.serialize(raw.name(), tx.getCardToken()),
                        values.serialize(raw.name(), tx), tx.getEventTime().toEpochMilli()));
            }
        }
        if (records.size() < n) {
            throw new IllegalStateException("the generator ran out after " + records.size() + " of " + n + " transactions");
        }
        return records;
    }

    private static Set<String> ids(List<RawRecord> records) {
        Set<String> ids = new HashSet<>(records.size() * 2);
        records.forEach(r -> ids.add(r.id()));
        return ids;
    }

    /** The transaction id of a dead letter's original raw value (null if it has none or it does not parse). */
    private static String originalId(DeadLetter d, Deserializer<Transaction> raw) {
        if (d.getValue() == null) {
            return null;
        }
        ByteBuffer b = d.getValue().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        try {
            return raw.deserialize(d.getSourceTopic(), bytes).getTransactionId();
        } catch (RuntimeException notATransaction) {
            return null;
        }
    }

    /** The cards' and merchants' reference profiles, so the feature stream enriches as in production. */
    private static void publishProfiles(String kafka, TopicCatalogue c, Population population) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            sendAll(producer, c.referenceMerchants(), population.merchantProfiles(), MerchantProfile::getMerchantId);
            sendAll(producer, c.referenceCards(), population.cardProfiles(), CardProfile::getCardToken);
            producer.flush();
        }
    }

    private static <V> void sendAll(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, List<V> values,
                                    Function<V, CharSequence> key) {
        for (V v : values) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key.apply(v).toString()),
                    topic.valueSerde().serializer().serialize(topic.name(), v)));
        }
    }

    /**
     * Sends {@code records} to {@code topic} and waits for every acknowledgement: as fast as possible when
     * {@code rate} is 0, else record {@code i} at {@code start + i / rate}. Records each broker append time by
     * transaction id into {@code appendTimes} when given. Stops early, without error, when interrupted.
     */
    static void produce(String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? 20 : 0);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size() && !Thread.interrupted(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * (1e9 / rate));
                    for (long now = System.nanoTime(); now < due && !Thread.currentThread().isInterrupted(); now = System.nanoTime()) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                RawRecord r = records.get(i);
                producer.send(new ProducerRecord<>(topic, null, r.eventTime(), r.key(), r.value()), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else if (appendTimes != null) {
                        appendTimes.put(r.id(), md.timestamp());
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
        }
    }

    /** {@link #produce} in a thread of its own; closing it stops and joins the thread. */
    static final class Paced implements AutoCloseable {
        private final Thread thread;
        private volatile RuntimeException failure;

        private Paced(String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
            thread = Thread.ofPlatform().name("bench-paced-producer").daemon().start(() -> {
                try {
                    produce(kafka, topic, records, rate, appendTimes);
                } catch (RuntimeException e) {
                    failure = e;
                }
            });
        }

        static Paced start(String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
            return new Paced(kafka, topic, records, rate, appendTimes);
        }

        boolean running() {
            return thread.isAlive();
        }

        /** Waits until every record is acknowledged; rethrows a failure. */
        void await() throws InterruptedException {
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    // ---- the relay -------------------------------------------------------------------------------------------

    /**
     * The ceiling: a plain relay in one thread, one consumer and one producer (client defaults: acks=all, idempotent),
     * bytes in and bytes out, each record to the same partition of {@code out}; at least once: every commit interval
     * the producer is flushed, then the consumer's offsets are committed.
     */
    static final class Relay implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean running = true;

        private Relay(String kafka, String in, String out, String group, int commitIntervalMs) {
            Map<String, Object> cc = new HashMap<>();
            cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            cc.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000); // as Kafka Streams
            consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.CLIENT_ID_CONFIG, group),
                    new ByteArraySerializer(), new ByteArraySerializer());
            consumer.subscribe(List.of(in));
            long interval = TimeUnit.MILLISECONDS.toNanos(commitIntervalMs);
            thread = Thread.ofPlatform().name("bench-relay").start(() -> {
                try {
                    long nextCommit = System.nanoTime() + interval;
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            producer.send(new ProducerRecord<>(out, r.partition(), null, r.key(), r.value(), r.headers()), (md, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                        }
                        if (System.nanoTime() >= nextCommit) {
                            producer.flush();
                            consumer.commitSync();
                            nextCommit = System.nanoTime() + interval;
                        }
                    }
                } catch (WakeupException stopping) {
                    // close() woke the consumer
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    producer.close();
                    consumer.close();
                }
            });
        }

        static Relay start(String kafka, String in, String out, String group, int commitIntervalMs) {
            return new Relay(kafka, in, out, group, commitIntervalMs);
        }

        /** Fails if the relay failed. */
        void check() {
            if (failure.get() != null) {
                throw new IllegalStateException("the relay failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    // ---- measuring -------------------------------------------------------------------------------------------

    /**
     * Output records seen in one phase: the transaction id, broker append time and when this JVM received it of each
     * record that came out, and how many came out dead-lettered instead.
     */
    static final class Observed {
        private final List<String> ids = new ArrayList<>();
        private final List<long[]> times = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private int deadLettered;

        boolean add(String id, long appendMillis, long receivedMillis, boolean deadLetter) {
            if (!seen.add(id)) {
                return false;
            }
            if (deadLetter) {
                deadLettered++;
            } else {
                ids.add(id);
                times.add(new long[]{appendMillis, receivedMillis});
            }
            return true;
        }

        /** Records that came out, either way. */
        int size() {
            return seen.size();
        }

        int scored() {
            return ids.size();
        }

        int deadLettered() {
            return deadLettered;
        }

        /** Events/s over the (not dead-lettered) output append times, leaving out the first {@code warmup} (NaN if too few). */
        double rateAfter(int warmup) {
            long[] appended = times.stream().mapToLong(t -> t[0]).sorted().toArray();
            if (appended.length < warmup + 2) {
                return Double.NaN;
            }
            long span = Math.max(1, appended[appended.length - 1] - appended[warmup]);
            return (appended.length - 1 - warmup) * 1000.0 / span;
        }

        /** Output append (or, if {@code visible}, received) minus input append time, per record. */
        Latencies latencies(Map<String, Long> inputAppend, boolean visible) {
            Latencies l = new Latencies();
            for (int i = 0; i < ids.size(); i++) {
                Long in = inputAppend.get(ids.get(i));
                if (in != null) {
                    l.add(times.get(i)[visible ? 1 : 0] - in);
                }
            }
            return l;
        }
    }

    /**
     * Reads every partition of an output topic, and optionally of a dead-letter topic, from the beginning
     * ({@code read_committed}, no consumer group), identifying each record by the transaction id in its value.
     */
    static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, Function<byte[], String>> idOf;
        private final String deadLetterTopic;

        private Reader(KafkaConsumer<byte[], byte[]> consumer, Map<String, Function<byte[], String>> idOf, String deadLetterTopic) {
            this.consumer = consumer;
            this.idOf = idOf;
            this.deadLetterTopic = deadLetterTopic;
        }

        /** Reads {@code topic}, and {@code deadLetterTopic} unless null. */
        static Reader open(String kafka, String topic, Function<byte[], String> idOf, String deadLetterTopic,
                           Function<byte[], String> deadLetterIdOf) {
            Map<String, Function<byte[], String>> ids = new HashMap<>(Map.of(topic, idOf));
            if (deadLetterTopic != null) {
                ids.put(deadLetterTopic, deadLetterIdOf);
            }
            Map<String, Object> c = new HashMap<>();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            try {
                List<TopicPartition> partitions = ids.keySet().stream().flatMap(t -> consumer.partitionsFor(t).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return new Reader(consumer, ids, deadLetterTopic);
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
        }

        /**
         * Reads until every id in {@code expected} came out (either topic), or, once {@code producing} is false,
         * {@code drain} has passed or nothing new arrived for {@link PipelineBench#STALL}. Records of other ids are skipped.
         */
        Observed collect(Set<String> expected, BooleanSupplier producing, Duration drain) {
            Observed o = new Observed();
            long lastProgress = System.nanoTime();
            long produced = Long.MAX_VALUE;
            while (o.size() < expected.size()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long received = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String id = idOf.get(r.topic()).apply(r.value());
                    if (expected.contains(id) && o.add(id, r.timestamp(), received, r.topic().equals(deadLetterTopic))) {
                        lastProgress = System.nanoTime();
                    }
                }
                long now = System.nanoTime();
                if (producing.getAsBoolean()) {
                    lastProgress = now;
                } else {
                    produced = Math.min(produced, now);
                    if (now - lastProgress > STALL.toNanos() || now - produced > drain.toNanos()) {
                        break;
                    }
                }
            }
            return o;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    // ---- services and topics ---------------------------------------------------------------------------------

    /** Waits until the feature stream and the scoring service have processed (and committed) all their input. */
    private static void awaitNoLag(Admin admin, Pipeline.Settings settings, TopicCatalogue c) throws Exception {
        ConsumerLag.awaitZero(admin, Pipeline.featureStreamGroup(settings), Set.of(c.transactionsRaw().name()), LAG_DEADLINE);
        ConsumerLag.awaitZero(admin, Pipeline.scoringGroup(settings), Set.of(c.transactionsFeatures().name()), LAG_DEADLINE);
    }

    private void createLogAppendTimeTopics(Admin admin, List<String> names) throws Exception {
        List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"))).toList();
        admin.createTopics(topics).all().get(1, TimeUnit.MINUTES);
    }


    // ---- the plot --------------------------------------------------------------------------------------------

    /** A small SVG of stacked panels sharing the x axis (offered rate): lines, dashed levels, a legend right of each. */
    static final class Chart {
        static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
        private static final int PANEL_HEIGHT = 300;
        private static final int LEFT = 70;
        /** Room right of the plot for the legend. */
        private static final int RIGHT = 300;
        private static final int TOP = 30;
        private static final int BOTTOM = 40;

        private final int width;
        private final StringBuilder svg = new StringBuilder();
        private int top;
        private double xMax;
        private double yMax;
        private boolean logY;
        private int legendRows;

        Chart(int width, int panels) {
            this.width = width;
            svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                    + "font-family='sans-serif' font-size='11'><rect width='100%%' height='100%%' fill='white'/>%n", width, panels * PANEL_HEIGHT));
        }

        /** Starts panel {@code index}: title, axes and ticks over [0, xMax] x [0, yMax] (y from 1, log10, if {@code logY}). */
        void panel(int index, String title, String yLabel, double xMax, double yMax, boolean logY) {
            this.top = index * PANEL_HEIGHT;
            this.xMax = xMax;
            this.yMax = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(10, yMax)))) : yMax;
            this.logY = logY;
            this.legendRows = 0;
            int x0 = LEFT;
            int y0 = top + PANEL_HEIGHT - BOTTOM;
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='13' font-weight='bold'>%s</text>%n", LEFT, top + 18, escape(title)));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>"
                    + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", x0, y0, width - RIGHT, y0, x0, y0, x0, top + TOP));
            for (double v : ticks(xMax)) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%,.0f</text>%n", px(v), y0 + 15, v));
            }
            for (double v : logY ? powersOfTen(this.yMax) : ticks(yMax)) {
                svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eeeeee'/>"
                        + "<text x='%d' y='%.1f' text-anchor='end'>%,.0f</text>%n", x0 + 1, py(v), width - RIGHT, py(v), x0 - 5, py(v) + 4, v));
            }
            svg.append(String.format(Locale.ROOT, "<text transform='translate(14,%d) rotate(-90)' text-anchor='middle'>%s</text>%n",
                    top + (TOP + PANEL_HEIGHT - BOTTOM) / 2, escape(yLabel)));
        }

        /** A polyline with dots (points with a non-finite y are left out). */
        void line(double[] x, double[] y, String colour, boolean dashed, String name) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(y[i])) {
                    double cy = py(Math.min(y[i], yMax));
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(x[i]), cy));
                    if (!dashed) {
                        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", px(x[i]), cy, colour));
                    }
                }
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.8'%s points='%s'/>%n",
                    colour, dashed ? " stroke-dasharray='5 4'" : "", points.toString().trim()));
            legend(colour, dashed, name);
        }

        /** A dashed horizontal line at {@code y}; drawn at the top, marked off scale, if above the axis. */
        void level(double y, String colour, String name) {
            if (!Double.isFinite(y)) {
                return;
            }
            boolean offScale = y > yMax;
            double cy = py(Math.min(y, yMax));
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='%s' stroke-width='1.5' "
                    + "stroke-dasharray='8 4'/>%n", LEFT, cy, width - RIGHT, cy, colour));
            legend(colour, true, offScale ? name + " (off scale, above)" : name);
        }

        private void legend(String colour, boolean dashed, String name) {
            int y = top + TOP + 8 + 15 * legendRows++;
            int x = width - RIGHT + 16;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='2'%s/>"
                            + "<text x='%d' y='%d'>%s</text>%n", x, y, x + 22, y, colour, dashed ? " stroke-dasharray='5 3'" : "",
                    x + 28, y + 4, escape(name)));
        }

        /** Closes the document, labelling the shared x axis under the last panel. */
        String finish(String xLabel) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n</svg>%n",
                    (LEFT + width - RIGHT) / 2, top + PANEL_HEIGHT - 6, escape(xLabel)));
            return svg.toString();
        }

        private double px(double x) {
            return LEFT + x / xMax * (width - LEFT - RIGHT);
        }

        private double py(double y) {
            int y0 = top + PANEL_HEIGHT - BOTTOM;
            double share = logY ? Math.log10(Math.max(1, y)) / Math.log10(yMax) : y / yMax;
            return y0 - share * (y0 - top - TOP);
        }

        private static double[] powersOfTen(double max) {
            int n = (int) Math.round(Math.log10(max));
            double[] t = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                t[i] = Math.pow(10, i);
            }
            return t;
        }

        /** The smallest multiple of the tick step (1, 2 or 5 times a power of ten, about a fifth of {@code v}) at or above {@code v}. */
        static double niceCeiling(double v) {
            if (!(v > 0) || !Double.isFinite(v)) {
                return 1;
            }
            double step = step(v);
            return Math.ceil(v / step) * step;
        }

        private static double step(double max) {
            double raw = max / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;
            return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
        }

        private static double[] ticks(double max) {
            double step = step(max);
            int n = (int) Math.floor(max / step + 1e-9);
            double[] t = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                t[i] = i * step;
            }
            return t;
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
