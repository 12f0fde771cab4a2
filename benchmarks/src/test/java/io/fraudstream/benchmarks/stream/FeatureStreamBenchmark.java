package io.fraudstream.benchmarks.stream;

import io.fraudstream.benchmarks.ShapeCeiling;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.localstack.LocalStack;
import io.fraudstream.localstack.LocalStackSettings;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Feature stream benchmark on the local stack, exactly-once:
 * <ol>
 *     <li>throughput: N transactions are produced to a fresh raw topic first, then the stream is started and the time
 *     until all N features are readable (read_committed) gives the sustained rate;</li>
 *     <li>latency: the stream runs on fresh topics with {@code LogAppendTime}; transactions are produced at a fixed
 *     rate and each feature record's append time minus its raw record's append time is measured (p50/p99);</li>
 *     <li>state size: after the throughput run, the card-history store is read (interactive query): bytes per card.</li>
 *     <li>ceiling ({@code ceiling=false} skips it): the same throughput and latency runs with a {@link ShapeCeiling} of
 *     the feature stream's shape instead of the service — the same Streams settings, stores written once per record
 *     with values of the measured sizes, the repartition, an output of the measured size — but no decoding, cleaning
 *     or features: what Kafka Streams and the broker alone cost for this shape on this machine.</li>
 * </ol>
 * Arguments: {@code n=300000 cards=50000 days=30 rate=5000 seconds=20 store=rocksdb|in-memory partitions=3 stackDir=DIR}
 * ({@code partitions}: of every topic, the merchant repartition topics included; 3 is the catalogue's default), and any
 * {@code streams.K=V} (a Kafka Streams setting, e.g. {@code streams.producer.batch.size=262144}). Without
 * {@code stackDir} (or {@code .fraudstream/local} of a running stack) a stack is started in a temp directory.
 */
public final class FeatureStreamBenchmark {

    /** Arguments {@code streams.K=V}: further Kafka Streams settings of the service under test. */
    private static final Map<String, String> STREAMS_SETTINGS = new LinkedHashMap<>();
    /** Argument {@code partitions}: of every topic of the run. */
    private static int partitions = 3;

    private FeatureStreamBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of(
                "n",
                "300000",
                "cards",
                "50000",
                "days",
                "30",
                "rate",
                "5000",
                "seconds",
                "20",
                "store",
                "rocksdb",
                "partitions",
                "3"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
            if (kv[0].startsWith("streams.")) {
                STREAMS_SETTINGS.put(kv[0], kv[1]);
            }
        }
        LocalStack owned = null;
        StackState stack;
        Path dir = a.containsKey("stackDir") ? Path.of(a.get("stackDir")) : Path.of(".fraudstream/local");
        LocalStack.Status status = LocalStack.status(dir);
        if (status.running()) {
            stack = status.state().orElseThrow();
        } else {
            owned = LocalStack.start(LocalStackSettings.defaults(Files.createTempDirectory("fs-bench-stack")));
            stack = owned.state();
        }
        try (SchemaRegistryClient registry =
                SchemaRegistryClient.builder(stack.registryUrl()).build()) {
            partitions = Integer.parseInt(a.get("partitions"));
            int n = Integer.parseInt(a.get("n"));
            int cards = Integer.parseInt(a.get("cards"));
            Duration span = Duration.ofDays(Long.parseLong(a.get("days")));
            System.out.printf(
                    "feature-stream benchmark: %d transactions, %d cards over %s of event time, exactly_once_v2, %s stores, %d partitions, %s stream threads%s%n",
                    n,
                    cards,
                    span,
                    a.get("store"),
                    partitions,
                    STREAMS_SETTINGS.getOrDefault("streams.num.stream.threads", "2"),
                    STREAMS_SETTINGS.isEmpty() ? "" : ", " + STREAMS_SETTINGS);
            int rate = Integer.parseInt(a.get("rate"));
            int seconds = Integer.parseInt(a.get("seconds"));
            Shape shape = throughput(stack, registry, n, cards, span, a.get("store"));
            latency(stack, registry, rate, seconds, cards, a.get("store"), null);
            if (Boolean.parseBoolean(a.getOrDefault("ceiling", "true"))) {
                System.out.printf(
                        "  ceiling: the same shape with no business work (%s; RocksDB stores%s)%n",
                        shape, "rocksdb".equals(a.get("store")) ? "" : ", unlike the service's");
                ceilingThroughput(stack, registry, shape, n);
                latency(stack, registry, rate, seconds, cards, a.get("store"), shape);
            }
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    private static Shape throughput(
            StackState stack, SchemaRegistryClient registry, int n, int cards, Duration span, String store)
            throws Exception {
        TopicCatalogue topics = topics(stack, registry, "tput-" + System.currentTimeMillis(), false);
        long[] outputBytes = {0};
        List<Transaction> txs = generate(42, n, cards, span, Workspan.fixedStart());
        long produced = produce(stack, topics, txs, 0, null);
        System.out.printf("  produced %d raw records in %.1f s%n", n, produced / 1e9);
        try (FeatureStreamService service = FeatureStreamService.start(
                new FeatureStreamConfig(config(stack, topics, "fs-bench-tput-" + System.nanoTime(), store)))) {
            long start = System.nanoTime();
            long[] firstAt = {0};
            count(stack, topics.transactionsFeatures().name(), n, Duration.ofMinutes(20), r -> {
                if (firstAt[0] == 0) {
                    firstAt[0] = System.nanoTime();
                }
                outputBytes[0] += r.serializedValueSize();
            });
            long end = System.nanoTime();
            System.out.printf(
                    "  throughput: %d features in %.1f s from start = %.0f tx/s (%.0f tx/s from the first output, after startup)%n",
                    n, (end - start) / 1e9, n / ((end - start) / 1e9), n / ((end - firstAt[0]) / 1e9));
            int cardBytes = stateSize(service.streams());
            int merchantBytes = ShapeCeiling.meanValueBytes(service.streams(), FeatureNames.MERCHANT_STORE);
            return new Shape(topics.transactionsRaw().name(), cardBytes, merchantBytes, (int) (outputBytes[0] / n));
        }
    }

    /**
     * The feature stream's shape for {@link ShapeCeiling}: card store written once per transaction, repartition by
     * merchant (5,000 merchants, as generated), merchant store (cached, as in the service) written once per
     * transaction, one output; value sizes as measured in the throughput run.
     */
    private record Shape(String rawTopic, int cardStateBytes, int merchantStateBytes, int outputBytes) {
        List<ShapeCeiling.Step> steps() {
            return List.of(
                    new ShapeCeiling.KeyValuePut("ceiling-card-store", cardStateBytes, false),
                    new ShapeCeiling.Repartition("ceiling-merchant-repartition", partitions, 5_000),
                    new ShapeCeiling.KeyValuePut("ceiling-merchant-store", merchantStateBytes, true));
        }

        @Override
        public String toString() {
            return String.format(
                    "card state %d B, repartition by merchant, merchant state %d B, output %d B per record",
                    cardStateBytes, merchantStateBytes, outputBytes);
        }
    }

    /** The ceiling's throughput: reads the throughput run's raw topic from the start, like the service did. */
    private static void ceilingThroughput(StackState stack, SchemaRegistryClient registry, Shape shape, int n)
            throws Exception {
        TopicCatalogue out = topics(stack, registry, "ceil-" + System.currentTimeMillis(), false);
        try (KafkaStreams ceiling =
                startCeiling(stack, out, shape.rawTopic(), shape, "fs-bench-ceiling-" + System.nanoTime())) {
            long start = System.nanoTime();
            long[] firstAt = {0};
            count(stack, out.transactionsFeatures().name(), n, Duration.ofMinutes(20), r -> {
                if (firstAt[0] == 0) {
                    firstAt[0] = System.nanoTime();
                }
            });
            long end = System.nanoTime();
            System.out.printf(
                    "  ceiling throughput: %d records in %.1f s from start = %.0f tx/s (%.0f tx/s from the first output, after startup)%n",
                    n, (end - start) / 1e9, n / ((end - start) / 1e9), n / ((end - firstAt[0]) / 1e9));
        }
    }

    /** Kafka Streams running the ceiling with the feature stream's own Streams settings (exactly-once, producer defaults). */
    private static KafkaStreams startCeiling(
            StackState stack, TopicCatalogue topics, String source, Shape shape, String appId) throws Exception {
        Map<String, Object> props =
                new LinkedHashMap<>(new FeatureStreamConfig(config(stack, topics, appId, "rocksdb")).streamsProps());
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        KafkaStreams ks = new KafkaStreams(
                ShapeCeiling.build(
                        source, shape.steps(), topics.transactionsFeatures().name(), shape.outputBytes()),
                new StreamsConfig(props));
        ks.start();
        return ks;
    }

    /**
     * Prints the card state's size (one entry per retained event plus a summary per card, see
     * {@link io.fraudstream.features.state.CardKeys}); returns the value bytes a transaction writes: a mean event
     * value plus a mean summary value (the shape writes them as one entry).
     */
    private static int stateSize(KafkaStreams streams) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                FeatureNames.CARD_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
        long keys = 0;
        long bytes = 0;
        long events = 0;
        long summaryValueBytes = 0;
        long eventValueBytes = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                bytes += kv.key.get().length + kv.value.length;
                if (kv.key.get()[0] == io.fraudstream.features.state.CardKeys.SUMMARY) {
                    keys++;
                    summaryValueBytes += kv.value.length;
                } else {
                    events++;
                    eventValueBytes += kv.value.length;
                }
            }
        }
        System.out.printf(
                "  card state: %d cards, %.1f events/card, %.0f bytes/card (keys + values, before RocksDB overhead), %.1f bytes/event%n",
                keys, (double) events / keys, (double) bytes / keys, (double) bytes / Math.max(1, events));
        return (int) (summaryValueBytes / Math.max(1, keys) + eventValueBytes / Math.max(1, events));
    }

    /** Latency of the feature stream, or of the ceiling of {@code shape} when given. */
    private static void latency(
            StackState stack,
            SchemaRegistryClient registry,
            int rate,
            int seconds,
            int cards,
            String store,
            Shape shape)
            throws Exception {
        TopicCatalogue topics = topics(stack, registry, "lat-" + System.currentTimeMillis(), true);
        int n = rate * seconds;
        List<Transaction> txs = generate(
                43, n, cards, Duration.ofSeconds(seconds), Instant.now().minusSeconds(5));
        String appId = (shape == null ? "fs-bench-lat-" : "fs-bench-ceiling-lat-") + System.nanoTime();
        try (AutoCloseable running = shape == null
                ? FeatureStreamService.start(new FeatureStreamConfig(config(stack, topics, appId, store)))
                : startCeiling(stack, topics, topics.transactionsRaw().name(), shape, appId)) {
            KafkaStreams streams = running instanceof FeatureStreamService s ? s.streams() : (KafkaStreams) running;
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            Map<String, Long> rawAppend = new ConcurrentHashMap<>();
            long[] latencies = new long[n];
            int[] got = {0};
            Thread consumer = new Thread(
                    () -> count(stack, topics.transactionsFeatures().name(), n, Duration.ofMinutes(5), r -> {
                        long raw;
                        if (shape == null) {
                            String id = topics.transactionsFeatures()
                                    .valueSerde()
                                    .deserializer()
                                    .deserialize(r.topic(), r.value())
                                    .getTransaction()
                                    .getTransactionId();
                            Long append = rawAppend.get(id);
                            raw = append == null ? -1 : append;
                        } else {
                            raw = ShapeCeiling.sourceTimestamp(r.headers());
                        }
                        latencies[got[0]++] = raw < 0 ? -1 : r.timestamp() - raw;
                    }),
                    "latency-consumer");
            consumer.start();
            produce(stack, topics, txs, rate, rawAppend);
            consumer.join();
            long[] measured = Arrays.stream(latencies, 0, got[0])
                    .filter(l -> l >= 0)
                    .sorted()
                    .toArray();
            System.out.printf(
                    "  %slatency at %d tx/s for %d s: raw append -> features append p50 %d ms, p99 %d ms, max %d ms (%d samples)%n",
                    shape == null ? "" : "ceiling ",
                    rate,
                    seconds,
                    measured[measured.length / 2],
                    measured[(int) (measured.length * 0.99)],
                    measured[measured.length - 1],
                    measured.length);
        }
    }

    /** Reads {@code topic} (read_committed) until {@code n} records, passing each to {@code each}. */
    private static void count(
            StackState stack,
            String topic,
            int n,
            Duration deadline,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long until = System.nanoTime() + deadline.toNanos();
        int seen = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen < n) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("only " + seen + " of " + n + " features within " + deadline);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    seen++;
                    each.accept(r);
                }
            }
        }
    }

    /** Produces {@code txs}, keyed by card, value = features key (tx id) for the latency map; 0 rate = as fast as possible. */
    private static long produce(
            StackState stack, TopicCatalogue topics, List<Transaction> txs, int rate, Map<String, Long> appendTimes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? 20 : 1);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        var serializer = topics.transactionsRaw().valueSerde().serializer();
        String topic = topics.transactionsRaw().name();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < txs.size(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * (1e9 / rate));
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                Transaction tx = txs.get(i);
                producer.send(
                        new ProducerRecord<>(topic, tx.getCardToken(), serializer.serialize(topic, tx)), (md, e) -> {
                            if (appendTimes != null && md != null) {
                                appendTimes.put(tx.getTransactionId(), md.timestamp());
                            }
                        });
            }
            producer.flush();
        }
        return System.nanoTime() - start;
    }

    private static List<Transaction> generate(long seed, int n, int cards, Duration span, Instant start) {
        Random r = new Random(seed);
        List<Transaction> out = new ArrayList<>(n);
        long step = Math.max(1, span.toMillis() / n);
        for (int i = 0; i < n; i++) {
            out.add(Transaction.newBuilder()
                    .setTransactionId("b" + seed + "-" + i)
                    .setCardToken("card-" + r.nextInt(cards))
                    .setMerchantId("m-" + r.nextInt(5_000))
                    .setMerchantCategoryCode("5411")
                    .setMerchantCountry("DE")
                    .setAmountMinor(100 + r.nextInt(50_000))
                    .setCurrency(r.nextInt(5) == 0 ? "USD" : "EUR")
                    .setEventTime(start.plusMillis(i * step))
                    .setChannel(Channel.POS)
                    .setEntryMode(EntryMode.CHIP)
                    .setLatitude(48 + r.nextDouble())
                    .setLongitude(2 + r.nextDouble())
                    .build());
        }
        return out;
    }

    private static TopicCatalogue topics(
            StackState stack, SchemaRegistryClient registry, String suffix, boolean logAppendTime) throws Exception {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder().defaultPartitions(partitions);
        for (String id : TopicCatalogue.IDS) {
            b.name(id, id + "-" + suffix);
        }
        TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<NewTopic> create = new ArrayList<>();
            for (var spec : topics.all()) {
                Map<String, String> configs = new LinkedHashMap<>(spec.topicConfigs());
                if (logAppendTime && (spec == topics.transactionsRaw() || spec == topics.transactionsFeatures())) {
                    configs.put("message.timestamp.type", "LogAppendTime");
                }
                create.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(configs));
            }
            admin.createTopics(create).all().get();
        }
        return topics;
    }

    private static Map<String, String> config(StackState stack, TopicCatalogue topics, String appId, String store)
            throws Exception {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("service.name", appId);
        c.put("topics.provision", "false");
        c.put("topics.partitions", Integer.toString(partitions));
        for (String id : TopicCatalogue.IDS) {
            c.put("topics." + id + ".name", topics.byId(id).name());
        }
        c.put("streams.state.dir", Files.createTempDirectory("fs-bench-state").toString());
        c.put("features.state.store", store);
        c.put("streams.num.stream.threads", "2");
        c.putAll(STREAMS_SETTINGS);
        return c;
    }

    /** Fixed event-time start of the throughput workload. */
    private static final class Workspan {
        static Instant fixedStart() {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
    }
}
