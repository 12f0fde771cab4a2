package io.fraudstream.benchmarks;

import io.fraudstream.runtime.config.RuntimeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The one-hop application's shape with no business work ({@link ShapeCeiling}): the card-partitioned input, one
 * changelogged card store written once per record, one output — "one hop: card store 400 B + output" in issue 13's
 * table — run with the pipeline's own Kafka Streams settings (threads, commit interval, producer settings; exactly
 * once unless they say otherwise) on the same raw records. What Kafka Streams and the broker alone cost for that
 * shape on this machine: the most any one-hop implementation could reach here.
 */
final class OneHopCeiling {

    /** The card store's name. */
    static final String CARD_STORE = "ceiling-card-store";

    /**
     * What it measured.
     *
     * @param max     events/s over the output append times after the warm-up
     * @param latency per offered rate: output append − source append
     * @param visible per offered rate: received ({@code read_committed}) − source append
     */
    record Result(double max, List<Latencies> latency, List<Latencies> visible) {}

    private OneHopCeiling() {}

    /** The shape: card store of {@code cardBytes} per record (no cache, as the card stage's), output of {@code outputBytes}. */
    static Topology topology(String in, String out, int cardBytes, int outputBytes) {
        return ShapeCeiling.build(
                in, List.of(new ShapeCeiling.KeyValuePut(CARD_STORE, cardBytes, false)), out, outputBytes);
    }

    /**
     * Its Kafka Streams properties: the services' shared defaults ({@link RuntimeConfig#streamsProps()}: producer batch
     * size, compression), application id {@code applicationId}, state under {@code stateDir}, the pipeline's
     * {@code streams} settings (keys without the {@code streams.} prefix), and exactly once unless those say otherwise.
     */
    static Map<String, Object> streamsProps(
            String kafka, String applicationId, Path stateDir, Map<String, String> streams) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, kafka);
        c.put(RuntimeConfig.SERVICE_NAME, applicationId);
        c.put("streams." + StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams.forEach((k, v) -> c.put(k.startsWith("streams.") ? k : "streams." + k, v));
        Map<String, Object> props = new LinkedHashMap<>(new RuntimeConfig(c).streamsProps());
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }

    /**
     * Writes {@code maxSlice} to {@code in}, starts the ceiling, takes its max throughput over the records after
     * {@code warmup}; then, for each rate in {@code rates}, paces the matching slice of {@code paced} into it and
     * measures its latency.
     */
    static Result run(
            Map<String, Object> props,
            String kafka,
            String in,
            String out,
            int cardBytes,
            int outputBytes,
            List<RawRecord> maxSlice,
            int warmup,
            List<Integer> rates,
            List<List<RawRecord>> paced,
            PrintWriter log)
            throws Exception {
        PacedProducer.send(kafka, in, maxSlice, 0, null);
        try (KafkaStreams streams =
                        new KafkaStreams(topology(in, out, cardBytes, outputBytes), new StreamsConfig(props));
                KafkaConsumer<byte[], byte[]> reader = committedReader(kafka, out)) {
            streams.start();
            List<Long> appended = new ArrayList<>();
            read(reader, maxSlice.size(), r -> appended.add(r.timestamp()), Duration.ofMinutes(10));
            long[] t = appended.stream().mapToLong(Long::longValue).sorted().toArray();
            double max = (t.length - 1 - warmup) * 1000.0 / Math.max(1, t[t.length - 1] - t[warmup]);
            log.printf(
                    Locale.ROOT,
                    "one-hop ceiling (card store %,d B + output %,d B, no business work; commit.interval.ms %s, %s thread(s)): "
                            + "%,.0f events/s over %,d events after %,d warm-up%n",
                    cardBytes,
                    outputBytes,
                    props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                    props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                    max,
                    t.length - warmup,
                    warmup);
            log.flush();
            List<Latencies> latency = new ArrayList<>();
            List<Latencies> visible = new ArrayList<>();
            for (int i = 0; i < rates.size(); i++) {
                Latencies a = new Latencies();
                Latencies v = new Latencies();
                try (PacedProducer producer = PacedProducer.start(kafka, in, paced.get(i), rates.get(i), null)) {
                    read(
                            reader,
                            paced.get(i).size(),
                            r -> {
                                long source = ShapeCeiling.sourceTimestamp(r.headers());
                                if (source >= 0) {
                                    a.add(r.timestamp() - source);
                                    v.add(System.currentTimeMillis() - source);
                                }
                            },
                            Duration.ofMinutes(10));
                    producer.await();
                }
                latency.add(a);
                visible.add(v);
                log.printf(
                        Locale.ROOT,
                        "  one-hop ceiling at %,d events/s for %,d events: %s; visible p50 %s, p99 %s%n",
                        rates.get(i),
                        paced.get(i).size(),
                        a.describe(),
                        PipelineReport.ms(v.percentile(50)),
                        PipelineReport.ms(v.percentile(99)));
                log.flush();
            }
            return new Result(max, latency, visible);
        }
    }

    private static void read(
            KafkaConsumer<byte[], byte[]> reader,
            int n,
            Consumer<ConsumerRecord<byte[], byte[]>> each,
            Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        int seen = 0;
        while (seen < n) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(
                        "one-hop ceiling: only " + seen + " of " + n + " records out within " + limit);
            }
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
                seen++;
                each.accept(r);
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String kafka, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling-reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Mean value size of up to 20,000 records of {@code topic} from its start (read_uncommitted). */
    static int meanRecordBytes(String kafka, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-sizes-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long bytes = 0;
        int n = 0;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (n < 20_000 && System.nanoTime() < until) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && n > 0) {
                    break; // read to the end
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    bytes += r.serializedValueSize();
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new IllegalStateException("no records on " + topic + " to measure");
        }
        return (int) (bytes / n);
    }
}
