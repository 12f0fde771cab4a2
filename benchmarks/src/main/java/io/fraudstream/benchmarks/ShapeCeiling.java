package io.fraudstream.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Benchmark ceilings: a topology with the shape of a service — the same source, the same number of changelogged
 * stores written once per record with values of the same size, the same repartition, a sink with records of the same
 * size — whose processors do no business work (no Avro decoding or encoding, no features, no scoring). Run with the
 * service's own Kafka Streams settings on the same input, it measures what Kafka Streams and the broker cost for that
 * shape on the machine at hand: the most any implementation of the service with that shape could reach there.
 *
 * <p>Records are bytes in and bytes out. Each store step puts {@code valueBytes} bytes (a prefix of the record, padded
 * with random bytes: zero padding compresses to nothing under the producers' LZ4 and makes the ceiling too easy) under the record's key (key-value store) or under key + partition + offset (window store, as a store
 * of recent results by id would); a repartition step re-keys by a hash of the value into {@code keys} distinct keys.
 * The sink writes {@code outputBytes} bytes and a header {@value #SOURCE_TIMESTAMP_HEADER} with the source record's
 * timestamp (on {@code LogAppendTime} topics: its append time), so latency can be measured at the output; a record
 * that already has the header (from an upstream ceiling) keeps it, so chained ceilings measure from the first source.
 *
 * <p>What a ceiling leaves out, next to the service it stands for: global stores and their thread, outputs that only
 * some records go to (e.g. alerts), all decoding and encoding; what it adds: the ~25-byte header. Values longer than
 * the record are padded with random bytes (LZ4 cannot compress them, while real values compress a little: a ceiling
 * with large state values is a slightly pessimistic bound); shorter ones are a prefix of the record.
 */
public final class ShapeCeiling {

    /** Header with the source record's timestamp (8 bytes, big-endian millis). */
    public static final String SOURCE_TIMESTAMP_HEADER = "ceiling.source.ts";

    /** One step of the shape. */
    public sealed interface Step permits KeyValuePut, WindowPut, Repartition {}

    /** A persistent key-value store written once per record (changelogged; {@code cached}: with the record cache). */
    public record KeyValuePut(String store, int valueBytes, boolean cached) implements Step {}

    /** A persistent window store written once per record, retention {@code retention} (changelogged). */
    public record WindowPut(String store, int valueBytes, Duration retention) implements Step {}

    /** A repartition through an internal topic of {@code partitions}, re-keyed into {@code keys} distinct keys. */
    public record Repartition(String name, int partitions, int keys) implements Step {}

    private ShapeCeiling() {}

    /**
     * Builds the topology.
     *
     * @param source      input topic (bytes)
     * @param steps       the shape, in order
     * @param sink        output topic
     * @param outputBytes bytes of each output value
     */
    public static Topology build(String source, List<Step> steps, String sink, int outputBytes) {
        StreamsBuilder b = new StreamsBuilder();
        KStream<String, byte[]> s = b.stream(
                        source,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ceiling-source"))
                .processValues(SourceTimestamp::new, Named.as("ceiling-source-timestamp"));
        for (Step step : steps) {
            switch (step) {
                case KeyValuePut p -> {
                    StoreBuilder<KeyValueStore<String, byte[]>> store = Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(p.store()), Serdes.String(), Serdes.ByteArray());
                    b.addStateStore(p.cached() ? store.withCachingEnabled() : store.withCachingDisabled());
                    s = s.processValues(
                            () -> new Put(p.store(), p.valueBytes(), false), Named.as(p.store() + "-put"), p.store());
                }
                case WindowPut p -> {
                    StoreBuilder<WindowStore<String, byte[]>> store = Stores.windowStoreBuilder(
                            Stores.persistentWindowStore(p.store(), p.retention(), p.retention(), false),
                            Serdes.String(),
                            Serdes.ByteArray());
                    b.addStateStore(store);
                    s = s.processValues(
                            () -> new Put(p.store(), p.valueBytes(), true), Named.as(p.store() + "-put"), p.store());
                }
                case Repartition r ->
                    s = s.map(
                                    (k, v) -> KeyValue.pair("k" + Math.floorMod(Arrays.hashCode(v), r.keys()), v),
                                    Named.as(r.name() + "-key"))
                            .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                    .withName(r.name())
                                    .withNumberOfPartitions(r.partitions()));
            }
        }
        s.mapValues(v -> sized(v, outputBytes), Named.as("ceiling-output"))
                .to(sink, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("ceiling-sink"));
        return b.build();
    }

    /**
     * The mean value size in bytes of a running application's key-value store of byte-array values (an interactive
     * query over all its keys on this instance): how large a ceiling's store values should be.
     */
    public static int meanValueBytes(KafkaStreams streams, String storeName) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        long keys = 0;
        long bytes = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                keys++;
                bytes += it.next().value.length;
            }
        }
        return (int) (bytes / Math.max(1, keys));
    }

    /** {@code n} bytes: a prefix of {@code v}, and random bytes after its end. */
    static byte[] sized(byte[] v, int n) {
        byte[] out = Arrays.copyOf(v, n);
        if (n > v.length) {
            byte[] fill = new byte[n - v.length];
            ThreadLocalRandom.current().nextBytes(fill);
            System.arraycopy(fill, 0, out, v.length, fill.length);
        }
        return out;
    }

    /** The source timestamp in milliseconds from a record's {@value #SOURCE_TIMESTAMP_HEADER} header, or -1. */
    public static long sourceTimestamp(Iterable<Header> headers) {
        for (Header h : headers) {
            if (h.key().equals(SOURCE_TIMESTAMP_HEADER) && h.value() != null && h.value().length == 8) {
                return ByteBuffer.wrap(h.value()).getLong();
            }
        }
        return -1;
    }

    private static final class SourceTimestamp implements FixedKeyProcessor<String, byte[], byte[]> {
        private FixedKeyProcessorContext<String, byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> r) {
            // a record from an upstream ceiling keeps its header: latency is measured from the first source
            if (r.headers().lastHeader(SOURCE_TIMESTAMP_HEADER) == null) {
                r.headers()
                        .add(
                                SOURCE_TIMESTAMP_HEADER,
                                ByteBuffer.allocate(8).putLong(r.timestamp()).array());
            }
            context.forward(r);
        }
    }

    private static final class Put implements FixedKeyProcessor<String, byte[], byte[]> {
        private final String storeName;
        private final int valueBytes;
        private final boolean window;
        private FixedKeyProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> kv;
        private WindowStore<String, byte[]> ws;

        Put(String storeName, int valueBytes, boolean window) {
            this.storeName = Objects.requireNonNull(storeName);
            this.valueBytes = valueBytes;
            this.window = window;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
            if (window) {
                ws = context.getStateStore(storeName);
            } else {
                kv = context.getStateStore(storeName);
            }
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> r) {
            byte[] value = sized(r.value(), valueBytes);
            if (window) {
                String id = context.recordMetadata()
                        .map(m -> r.key() + "@" + m.partition() + ":" + m.offset())
                        .orElse(r.key());
                ws.put(id, value, r.timestamp());
            } else {
                kv.put(r.key(), value);
            }
            context.forward(r);
        }
    }
}
