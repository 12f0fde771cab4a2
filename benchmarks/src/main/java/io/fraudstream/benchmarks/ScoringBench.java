package io.fraudstream.benchmarks;

import io.fraudstream.benchmarks.training.SyntheticHistory;
import io.fraudstream.localstack.StackDir;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.scoring.ScoringService;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream bench scoring}: the scoring service alone, exactly-once, with a gradient-boosted model.
 * <ol>
 *     <li>a real XGBoost model is trained on synthetic history and published ({@link BenchModel});</li>
 *     <li>throughput: N featured transactions are written first, then the service starts; the rate is N over the time
 *     from its first committed output to its last (startup excluded, printed apart);</li>
 *     <li>added latency: events are produced at a fixed rate; each scored record's broker append time minus its
 *     features record's append time (both topics use LogAppendTime) — the commit interval is excluded because a
 *     transactional record is appended when sent, before its commit;</li>
 *     <li>swap: half-way through, the model is published again as the next version; the first event scored by it is
 *     appended X ms after the broker acknowledged the model.</li>
 *     <li>ceiling (unless {@code --no-ceiling}): the same throughput and latency runs with a {@link ShapeCeiling} of
 *     the service's shape and no decoding or scoring: what Kafka Streams and the broker alone cost for it here.</li>
 * </ol>
 */
@Command(
        name = "scoring",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the scoring service (exactly once, XGBoost): throughput, added latency, model publish -> first scored.")
public final class ScoringBench implements Callable<Integer> {

    @Option(
            names = "--events",
            defaultValue = "300000",
            description = "Events of the throughput run. Default: ${DEFAULT-VALUE}")
    int events;

    @Option(
            names = "--rate",
            defaultValue = "5000",
            description = "Events/s of the latency run. Default: ${DEFAULT-VALUE}")
    int rate;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description = "Length of the latency run. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description =
                    "Partitions of the benchmark's topics (the catalogue's default is 3). Default: ${DEFAULT-VALUE}")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Kafka Streams threads. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--commit-interval-ms",
            defaultValue = "100",
            description = "Kafka Streams commit interval (exactly-once default 100). Default: ${DEFAULT-VALUE}")
    int commitIntervalMs;

    @Option(
            names = "--streams",
            paramLabel = "KEY=VALUE",
            description = "A further Kafka Streams setting (repeatable), e.g. producer.linger.ms=5.")
    Map<String, String> streamsExtra = new LinkedHashMap<>();

    @Option(
            names = "--training-rows",
            defaultValue = "100000",
            description = "Synthetic rows the model trains on. Default: ${DEFAULT-VALUE}")
    long trainingRows;

    @Option(
            names = "--ceiling",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Also measure the ceiling: the scoring service's shape with no decoding or scoring (--no-ceiling skips it). Default: ${DEFAULT-VALUE}")
    boolean ceiling;

    @Option(
            names = {"--dir", "--stack-dir"},
            paramLabel = "DIR",
            description =
                    "Local stack to use if running (as started with './fraudstream local start --dir DIR'); otherwise a temporary one. "
                            + "Default: <home>/.fraudstream/local")
    Path stackDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (BenchStack stack = BenchStack.acquire(StackDir.resolve(stackDir), out);
                SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build()) {
            String run = "bench.scoring." + Long.toString(System.currentTimeMillis(), 36) + ".";
            BenchTopics training = BenchTopics.create(stack.bootstrapServers(), registry, run + "train.", 3, Set.of());
            BenchTopics topics = BenchTopics.create(
                    stack.bootstrapServers(),
                    registry,
                    run,
                    partitions,
                    Set.of(TopicCatalogue.TRANSACTIONS_FEATURES, TopicCatalogue.TRANSACTIONS_SCORED));
            TopicCatalogue c = topics.catalogue();
            BenchModel.trainAndPublish(stack, training, c.fraudModels().name(), trainingRows, out);

            produce(stack, c.transactionsFeatures(), events, 0, 11, null);
            out.printf(
                    Locale.ROOT,
                    "scoring benchmark: exactly_once_v2, %d partitions, %d stream threads, commit interval %d ms%s, %d events written first%n",
                    partitions,
                    threads,
                    commitIntervalMs,
                    streamsExtra.isEmpty() ? "" : ", " + streamsExtra,
                    events);
            out.flush();
            long startNanos = System.nanoTime();
            int meanScoredBytes;
            try (ScoringService service = ScoringService.start(new ScoringConfig(config(stack, topics, run)));
                    KafkaConsumer<String, byte[]> consumer =
                            committedReader(stack, c.transactionsScored().name())) {
                io.fraudstream.inprocess.Pipeline.awaitChampion(service, -1, Duration.ofMinutes(2));
                double startup = (System.nanoTime() - startNanos) / 1e9;
                long[] scoredBytes = {0};
                long first = drain(
                        consumer, events, startNanos, "throughput run", r -> scoredBytes[0] += r.serializedValueSize());
                double secs = (System.nanoTime() - first) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "  throughput: %,d events scored in %.1f s from the first output = %,.0f events/s "
                                + "(service start to model loaded: %.1f s)%n",
                        events,
                        secs,
                        events / secs,
                        startup);
                out.flush();
                latencyAndSwap(stack, c, consumer, out);
                meanScoredBytes = (int) (scoredBytes[0] / events);
            }
            if (ceiling) {
                ceiling(stack, registry, topics, run, meanScoredBytes, out);
            }
        }
        return 0;
    }

    /**
     * The ceiling: a {@link ShapeCeiling} with the scoring service's shape — the features topic in, a changelogged
     * window store written once per event, one output record of the mean scored size — run with the service's own
     * Streams settings on the same input (every event written so far, from the start), then at the latency run's rate.
     * The real service also writes fraud.alerts for REVIEW/DECLINE: the ceiling does less than the service, never more.
     */
    private void ceiling(
            BenchStack stack,
            SchemaRegistryClient registry,
            BenchTopics topics,
            String run,
            int meanScoredBytes,
            PrintWriter out)
            throws Exception {
        BenchTopics ceilingTopics = BenchTopics.create(
                stack.bootstrapServers(),
                registry,
                run + "ceiling.",
                partitions,
                Set.of(TopicCatalogue.TRANSACTIONS_SCORED));
        String outTopic = ceilingTopics.catalogue().transactionsScored().name();
        TopicCatalogue c = topics.catalogue();
        ScoringConfig cfg = new ScoringConfig(config(stack, topics, run + "ceiling"));
        Map<String, Object> props = new LinkedHashMap<>(cfg.scoringStreamsProps(0));
        int written = events + rate * seconds;
        out.printf(
                Locale.ROOT,
                "  ceiling: the same shape with no decoding or scoring (window store and output of %d B per event)%n",
                meanScoredBytes);
        out.flush();
        Topology shape = ShapeCeiling.build(
                c.transactionsFeatures().name(),
                List.of(new ShapeCeiling.WindowPut(
                        "ceiling-recent-scores", meanScoredBytes, cfg.settings().recentScoresRetention())),
                outTopic,
                meanScoredBytes);
        try (KafkaStreams ks = new KafkaStreams(shape, new StreamsConfig(props));
                KafkaConsumer<String, byte[]> consumer = committedReader(stack, outTopic)) {
            ks.start();
            long first = drain(consumer, written, System.nanoTime(), "ceiling throughput run", r -> {});
            double secs = (System.nanoTime() - first) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "  ceiling throughput: %,d events in %.1f s from the first output = %,.0f events/s%n",
                    written,
                    secs,
                    written / secs);
            out.flush();
            int n = rate * seconds;
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failed =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread producer = Thread.ofPlatform().name("bench-producer").start(() -> {
                try {
                    produce(stack, c.transactionsFeatures(), n, rate, 13, null);
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            });
            Latencies latencies = new Latencies();
            long latencyStart = System.nanoTime();
            int got = 0;
            while (got < n) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    got++;
                    long in = ShapeCeiling.sourceTimestamp(r.headers());
                    if (in >= 0) {
                        latencies.add(r.timestamp() - in);
                    }
                }
                if (failed.get() != null) {
                    throw new IllegalStateException("ceiling latency run: producing failed", failed.get());
                }
                deadline(latencyStart, Duration.ofSeconds(seconds + 300L), "ceiling latency run: " + got + " of " + n);
            }
            producer.join();
            out.printf(
                    Locale.ROOT,
                    "  ceiling added latency at %,d events/s for %d s (features append -> output append): %s%n",
                    rate,
                    seconds,
                    latencies.describe());
            out.flush();
        }
    }

    private void latencyAndSwap(
            BenchStack stack, TopicCatalogue c, KafkaConsumer<String, byte[]> consumer, PrintWriter out)
            throws Exception {
        int n = rate * seconds;
        Map<String, Long> featuresAppend = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        BenchModel.Republished[] swap = new BenchModel.Republished[1];
        long[] firstByNew = {-1};
        Thread producer = Thread.ofPlatform()
                .name("bench-producer")
                .start(() -> produce(stack, c.transactionsFeatures(), n, rate, 12, featuresAppend));
        Thread swapper = Thread.ofPlatform().name("bench-swap").start(() -> {
            try {
                Thread.sleep(seconds
                        * 500L); // half-way through the run: a fixed point in the workload, not a wait for a condition
                swap[0] = BenchModel.republish(stack, c);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        var deserializer = c.transactionsScored().valueSerde().deserializer();
        long start = System.nanoTime();
        int seen = 0;
        while (seen < n) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                seen++;
                ScoredTransaction s = deserializer.deserialize(r.topic(), r.value());
                Long in = featuresAppend.get(s.getTransactionId());
                if (in != null) {
                    latencies.add(r.timestamp() - in);
                }
                BenchModel.Republished sw = swap[0];
                if (firstByNew[0] < 0
                        && sw != null
                        && s.getModelVersion() != null
                        && s.getModelVersion() == sw.version()) {
                    firstByNew[0] = r.timestamp() - sw.ackedAtMillis();
                }
            }
            deadline(start, Duration.ofSeconds(seconds + 300L), "latency run: " + seen + " of " + n + " scored");
        }
        producer.join();
        swapper.join();
        out.printf(
                Locale.ROOT,
                "  added latency at %,d events/s for %d s (features append -> scored append): %s%n",
                rate,
                seconds,
                latencies.describe());
        out.printf(
                Locale.ROOT,
                "  model v%d published -> first event scored by it: %s%n",
                swap[0].version(),
                firstByNew[0] < 0 ? "not seen" : firstByNew[0] + " ms");
        out.flush();
    }

    /** Produces {@code n} synthetic featured transactions; {@code rate} 0 = as fast as possible. */
    private static void produce(
            BenchStack stack,
            TopicSpec<String, TransactionFeatures> topic,
            int n,
            int rate,
            long seed,
            Map<String, Long> appendTimes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? 20 : 0);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long start = System.nanoTime();
        int[] i = {0};
        try (KafkaProducer<String, TransactionFeatures> producer = new KafkaProducer<>(
                p, new StringSerializer(), topic.valueSerde().serializer())) {
            new SyntheticHistory(n, Instant.now().minus(Duration.ofDays(1)), 1, 0.01, seed).generate(item -> {
                if (rate > 0) {
                    long due = start + (long) (i[0] * (1e9 / rate));
                    for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                i[0]++;
                TransactionFeatures f = item.features();
                String id = f.getTransaction().getTransactionId();
                producer.send(
                        new ProducerRecord<>(topic.name(), f.getTransaction().getCardToken(), f), (md, e) -> {
                            if (appendTimes != null && md != null) {
                                appendTimes.put(id, md.timestamp());
                            }
                        });
            });
            producer.flush();
        }
    }

    private Map<String, String> config(BenchStack stack, BenchTopics topics, String run) throws Exception {
        Map<String, String> c = new LinkedHashMap<>(topics.configOverrides());
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        c.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        c.put(RuntimeConfig.SERVICE_NAME, run + "scoring");
        c.put(RuntimeConfig.HTTP_PORT, "0");
        c.put(ScoringConfig.SIGNING_KEY, BenchModel.SIGNING_KEY);
        c.put(
                "streams.state.dir",
                Files.createTempDirectory("bench-scoring-state").toString());
        c.put("streams.num.stream.threads", Integer.toString(threads));
        c.put("streams.commit.interval.ms", Integer.toString(commitIntervalMs));
        streamsExtra.forEach((k, v) -> c.put("streams." + k, v));
        return c;
    }

    private static KafkaConsumer<String, byte[]> committedReader(BenchStack stack, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Reads {@code n} records (at most 15 minutes after {@code startNanos}); returns when the first one arrived (nanoTime). */
    private static long drain(
            KafkaConsumer<String, byte[]> consumer,
            int n,
            long startNanos,
            String what,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        long first = 0;
        int seen = 0;
        while (seen < n) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (first == 0) {
                    first = System.nanoTime();
                }
                seen++;
                each.accept(r);
            }
            deadline(startNanos, Duration.ofMinutes(15), what + ": " + seen + " of " + n);
        }
        return first;
    }

    private static void deadline(long startNanos, Duration limit, String what) {
        if (System.nanoTime() - startNanos > limit.toNanos()) {
            throw new IllegalStateException("timed out after " + limit + ": " + what);
        }
    }
}
