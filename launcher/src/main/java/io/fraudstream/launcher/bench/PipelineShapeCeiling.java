package io.fraudstream.launcher.bench;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.stages.FeatureNames;
import io.fraudstream.launcher.pipeline.Pipeline;
import io.fraudstream.runtime.streams.ShapeCeiling;
import io.fraudstream.scoring.ScoringConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline's shape with no business work: a {@link ShapeCeiling} of the feature stream (card store, repartition
 * by merchant, merchant store, output) feeding one of the scoring service (recent-scores window store, output), each
 * with its service's own Kafka Streams settings, value sizes as measured on the pipeline's run (state as the max phase
 * left it), on the same raw records. It estimates what any implementation of this architecture (two exactly-once Kafka
 * Streams applications, a repartition and three changelogged stores) could reach on this machine, next to the relay's
 * ceiling; {@link ShapeCeiling} lists what it leaves out and adds.
 */
final class PipelineShapeCeiling {

    /** Value sizes measured on the pipeline's run (bytes, means). */
    record Sizes(int cardState, int merchantState, int features, int scored) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "card state %,d B, merchant state %,d B, features %,d B, scored %,d B",
                    cardState, merchantState, features, scored);
        }
    }

    /** What it measured. */
    record Result(double max, Latencies latency, int rate) {
    }

    private PipelineShapeCeiling() {
    }

    /** Sizes from a running pipeline: its stores (interactive queries) and its output topics (a sample). */
    static Sizes measure(Pipeline pipeline, String kafka, String featuresTopic, String scoredTopic) {
        KafkaStreams features = pipeline.features().streams();
        return new Sizes(ShapeCeiling.meanValueBytes(features, FeatureNames.CARD_STORE),
                ShapeCeiling.meanValueBytes(features, FeatureNames.MERCHANT_STORE),
                meanRecordBytes(kafka, featuresTopic), meanRecordBytes(kafka, scoredTopic));
    }

    /**
     * Runs both ceilings on {@code in} (raw records written first: {@code maxSlice}), measures the max throughput over the
     * records after {@code warmup}, then the latency at {@code rate} with {@code paced} records.
     *
     * @param settings  the pipeline's settings (kafka, streams settings, state directory); names get the prefix {@code prefix}
     * @param merchants distinct merchants of the traffic (the repartition's keys)
     */
    static Result run(Pipeline.Settings settings, String prefix, String in, String mid, String out, int partitions,
                      int merchants, Sizes sizes, List<PipelineBench.RawRecord> maxSlice, int warmup, List<PipelineBench.RawRecord> paced, int rate,
                      PrintWriter log) throws Exception {
        String kafka = settings.kafka();
        PipelineBench.produce(kafka, in, maxSlice, 0, null);
        Pipeline.Settings s = new Pipeline.Settings(kafka, settings.registry(), settings.topics(), prefix,
                settings.stateDir().resolve("shape-ceiling"), settings.signingKey(), java.util.Optional.empty(), 0,
                java.util.Optional.empty(), settings.reportDir(), settings.streams(), Map.of());
        Map<String, Object> featureProps = new LinkedHashMap<>(new FeatureStreamConfig(
                Pipeline.streamsServiceConfig(s, "feature-stream", "features")).streamsProps());
        featureProps.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        ScoringConfig scoring = new ScoringConfig(Pipeline.streamsServiceConfig(s, "scoring-service", "scoring"));
        Map<String, Object> scoringProps = new LinkedHashMap<>(scoring.scoringStreamsProps(0));

        var featureShape = ShapeCeiling.build(in, List.of(
                new ShapeCeiling.KeyValuePut("shape-card-store", sizes.cardState(), false),
                new ShapeCeiling.Repartition("shape-merchant-repartition", partitions, merchants),
                new ShapeCeiling.KeyValuePut("shape-merchant-store", sizes.merchantState(), true)), mid, sizes.features());
        var scoringShape = ShapeCeiling.build(mid, List.of(new ShapeCeiling.WindowPut("shape-recent-scores", sizes.scored(),
                scoring.settings().recentScoresRetention())), out, sizes.scored());
        try (KafkaStreams a = new KafkaStreams(featureShape, new StreamsConfig(featureProps));
             KafkaStreams b = new KafkaStreams(scoringShape, new StreamsConfig(scoringProps));
             KafkaConsumer<byte[], byte[]> reader = committedReader(kafka, out)) {
            a.start();
            b.start();
            List<Long> appended = new ArrayList<>();
            read(reader, maxSlice.size(), r -> appended.add(r.timestamp()), Duration.ofMinutes(10));
            long[] t = appended.stream().mapToLong(Long::longValue).sorted().toArray();
            double max = (t.length - 1 - warmup) * 1000.0 / Math.max(1, t[t.length - 1] - t[warmup]);
            log.printf(Locale.ROOT, "shape ceiling (the pipeline's shape, no business work; %s): %,.0f events/s over %,d events "
                    + "after %,d warm-up%n", sizes, max, t.length - warmup, warmup);
            log.flush();
            Latencies latency = new Latencies();
            try (PipelineBench.Paced producer = PipelineBench.Paced.start(kafka, in, paced, rate, null)) {
                read(reader, paced.size(), r -> {
                    long source = ShapeCeiling.sourceTimestamp(r.headers());
                    if (source >= 0) {
                        latency.add(r.timestamp() - source);
                    }
                }, Duration.ofMinutes(10));
                producer.await();
            }
            log.printf(Locale.ROOT, "  shape ceiling at %,d events/s for %,d events: %s%n", rate, paced.size(), latency.describe());
            log.flush();
            return new Result(max, latency, rate);
        }
    }

    private static void read(KafkaConsumer<byte[], byte[]> reader, int n, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each,
                             Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        int seen = 0;
        while (seen < n) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("shape ceiling: only " + seen + " of " + n + " records out within " + limit);
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
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-shape-reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Mean value size of up to 20,000 records of {@code topic} from its start. */
    private static int meanRecordBytes(String kafka, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-shape-sizes-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long bytes = 0;
        int n = 0;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (n < 20_000 && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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
