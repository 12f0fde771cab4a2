package io.fraudstream.featurestream.stages;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.MerchantFeatures;
import io.fraudstream.features.MerchantInputs;
import io.fraudstream.features.state.MerchantSnapshot;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The merchant features on the scoring path, in the card task: completes each transaction's feature record with its
 * merchant and terminal features, taken as of the anchor {@code a = t - lag} from the state the merchant stage
 * publishes ({@link MerchantState}, read from the global store {@value FeatureNames#MERCHANT_STATE_STORE}), and
 * forwards it (key: card token).
 *
 * <p>Exact: the state is used for a transaction only once the watermark of its merchant's partition is past the anchor,
 * i.e. every transaction and label of that merchant up to the anchor has been applied and published; the snapshot
 * ignores anything later. In live traffic the published watermark is well within the lag of the wall clock, so
 * nothing waits. A transaction that arrives earlier (a replay, a catch-up after downtime: the card tasks read faster
 * than the merchant stage publishes) waits in {@value FeatureNames#MERCHANT_WAITING_STORE}, ordered by anchor, and is
 * completed by a wall-clock punctuation once the watermark has passed ({@value FeatureStreamMetrics#MERCHANT_WAIT}).
 * So a transaction's features do not depend on how fast any partition was consumed.
 */
public final class MerchantLookup implements Processor<String, TransactionFeatures, String, TransactionFeatures> {

    private static final long LABEL_DELAY_MS = FeatureSet.LABEL_DELAY.toMillis();
    private static final FeatureSet.Writer<MerchantInputs> MERCHANT_FEATURES =
            FeatureSet.writer(MerchantFeatures.definitions());

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private final long lagMs;
    private final AvroBinarySerde<TransactionFeatures> featureBytes = new AvroBinarySerde<>(TransactionFeatures.class);
    private ProcessorContext<String, TransactionFeatures> context;
    private MerchantState.View state;
    private KeyValueStore<Bytes, byte[]> waiting;
    private long waitingCount;
    private String task;

    public MerchantLookup(FeatureSettings settings, FeatureStreamMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.lagMs = settings.ordering().merchantLag().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, TransactionFeatures> context) {
        this.context = context;
        ReadOnlyKeyValueStore<Bytes, byte[]> global = context.getStateStore(FeatureNames.MERCHANT_STATE_STORE);
        this.state = new MerchantState.View(global);
        this.waiting = context.getStateStore(FeatureNames.MERCHANT_WAITING_STORE);
        this.task = context.taskId().toString();
        try (KeyValueIterator<Bytes, byte[]> it = waiting.all()) {
            while (it.hasNext()) {
                it.next();
                waitingCount++;
            }
        }
        metrics.waiting(task, waitingCount);
        context.schedule(settings.ordering().interval(), PunctuationType.WALL_CLOCK_TIME, now -> drain());
    }

    @Override
    public void process(Record<String, TransactionFeatures> record) {
        TransactionFeatures f = record.value();
        long anchor = f.getEventTime().toEpochMilli() - lagMs;
        String merchant = f.getTransaction().getMerchantId();
        if (passed(merchant, anchor)) {
            metrics.merchantWait(0);
            complete(f, rawAppend(record));
        } else {
            long offset = context.recordMetadata().orElseThrow().offset(); // of the raw record: unique in this task
            waiting.put(waitingKey(anchor, offset), waitingValue(merchant, rawAppend(record), f));
            waitingCount++;
            metrics.waiting(task, waitingCount);
        }
    }

    /** Whether the published state of {@code merchant}'s partition holds every event up to {@code anchor}. */
    private boolean passed(String merchant, long anchor) {
        OptionalLong w = state.watermark(MerchantState.merchantPartition(merchant, settings.merchantPartitions()));
        return w.isPresent() && w.getAsLong() > anchor;
    }

    /** Completes, in anchor order, the waiting transactions whose merchant partition's watermark has passed them. */
    private void drain() {
        if (waitingCount == 0) {
            return;
        }
        long highest = Long.MIN_VALUE;
        for (int p = 0; p < settings.merchantPartitions(); p++) {
            highest = Math.max(highest, state.watermark(p).orElse(Long.MIN_VALUE));
        }
        if (highest == Long.MIN_VALUE) {
            return;
        }
        long now = settings.clock().millis();
        List<Bytes> done = new ArrayList<>();
        // up to (exclusive) the highest watermark; from the start: a watermark may come down (the merchant stage
        // publishes the largest one while every upstream is idle, and what they have passed once one is active again)
        try (KeyValueIterator<Bytes, byte[]> it = waiting.range(timePrefix(Long.MIN_VALUE), timePrefix(highest))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long anchor = ByteBuffer.wrap(kv.key.get()).getLong() ^ Long.MIN_VALUE;
                ByteBuffer v = ByteBuffer.wrap(kv.value);
                byte[] m = new byte[v.getInt()];
                v.get(m);
                if (!passed(new String(m, StandardCharsets.UTF_8), anchor)) {
                    continue;
                }
                long rawAppend = v.getLong();
                metrics.merchantWait(now - v.getLong());
                byte[] body = new byte[v.remaining()];
                v.get(body);
                complete(
                        featureBytes.deserializer().deserialize(null, body),
                        rawAppend < 0 ? OptionalLong.empty() : OptionalLong.of(rawAppend));
                done.add(kv.key);
            }
        }
        done.forEach(waiting::delete);
        waitingCount -= done.size();
        metrics.waiting(task, waitingCount);
    }

    private void complete(TransactionFeatures f, OptionalLong rawAppend) {
        long anchor = f.getEventTime().toEpochMilli() - lagMs;
        String merchant = f.getTransaction().getMerchantId();
        String terminalId = f.getTransaction().getTerminalId();
        MerchantSnapshot terminal =
                terminalId == null ? null : state.terminal(merchant, terminalId).snapshot(anchor, LABEL_DELAY_MS);
        MERCHANT_FEATURES.computeInto(
                f, new MerchantInputs(state.merchant(merchant).snapshot(anchor, LABEL_DELAY_MS), terminal));
        RecordHeaders headers = new RecordHeaders();
        rawAppend.ifPresent(ms -> TraceHeaders.put(headers, TraceHeaders.RAW_APPEND_MS, ms));
        TraceHeaders.put(headers, TraceHeaders.FEATURES_MS, settings.clock().millis());
        context.forward(new Record<>(
                f.getTransaction().getCardToken(), f, f.getEventTime().toEpochMilli(), headers));
        metrics.emitted();
    }

    @Override
    public void close() {
        if (task != null) {
            metrics.waiting(task, 0);
        }
    }

    private static OptionalLong rawAppend(Record<String, TransactionFeatures> record) {
        return TraceHeaders.get(record.headers(), TraceHeaders.RAW_APPEND_MS);
    }

    /**
     * Anchor (8 bytes, sign bit flipped so the byte order is the numeric order), then the raw record's offset: unique
     * (a transaction id may come again on another card of the partition, even with the same time), and in arrival
     * order within an anchor.
     */
    private static Bytes waitingKey(long anchor, long offset) {
        return Bytes.wrap(ByteBuffer.allocate(16)
                .putLong(anchor ^ Long.MIN_VALUE)
                .putLong(offset)
                .array());
    }

    /** The 8-byte time prefix alone: it sorts before every key of that time. */
    private static Bytes timePrefix(long time) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array());
    }

    /**
     * A waiting transaction: merchant id length (4 bytes) and UTF-8 bytes, the raw append time (-1 if unknown), the wall
     * clock when it started waiting, then the feature record's Avro body (card features filled in).
     */
    private byte[] waitingValue(String merchant, OptionalLong rawAppend, TransactionFeatures f) {
        byte[] m = merchant.getBytes(StandardCharsets.UTF_8);
        byte[] body = featureBytes.serializer().serialize(null, f);
        return ByteBuffer.allocate(4 + m.length + 8 + 8 + body.length)
                .putInt(m.length)
                .put(m)
                .putLong(rawAppend.orElse(-1))
                .putLong(settings.clock().millis())
                .put(body)
                .array();
    }
}
