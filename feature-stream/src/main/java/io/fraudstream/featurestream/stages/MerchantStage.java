package io.fraudstream.featurestream.stages;

import io.fraudstream.features.state.Hash64;
import io.fraudstream.features.state.MerchantHistory;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The merchant stage, partitioned by merchant id and off the scoring path: applies labels and transactions to the
 * merchant's {@link MerchantHistory} (store {@value FeatureNames#MERCHANT_STORE}) and to the terminal's (store
 * {@value FeatureNames#TERMINAL_STORE}, key {@link #terminalKey}) in event-time order, and publishes the histories
 * it changed, then its watermark, to {@code features.merchant-state} ({@link MerchantState}) every
 * {@code features.merchant.publish.interval.ms}. The card tasks read that state as a global store and compute the
 * merchant and terminal features from it ({@link MerchantLookup}).
 *
 * <p>Publication: a changed key is recorded in {@value FeatureNames#MERCHANT_UNPUBLISHED_STORE} (changelogged, so a
 * crash between applying and publishing loses nothing) and published by a wall-clock punctuation, which then
 * publishes the watermark: every event before it has been applied, and its histories published before it in the same
 * topic partition.
 *
 * <p>Terminals: terminal ids are unique only within a merchant, so a terminal is a (merchant id, terminal id) pair, and
 * all of a merchant's terminals live in the merchant's partition. A transaction with a terminal id is added to its
 * terminal's history in the same ordered step as to its merchant's; one without has missing terminal features. A label
 * that carries a {@code terminalId} is applied to both histories, one without only to the merchant's: the terminal
 * features see the labels that carry the terminal id. The terminal histories have the merchant histories' retention,
 * caps and purge.
 *
 * <p>Order ({@link Watermarks}): a transaction is held in {@value FeatureNames#MERCHANT_PENDING_STORE}, ordered by
 * (event time, transaction id), until the watermark of every upstream task that is not idle has reached its time
 * ({@value FeatureNames#MERCHANT_WATERMARK_STORE} keeps each upstream's latest); then held transactions are applied in
 * that order. So a transaction's merchant features see exactly the transactions and labels before it in event time,
 * however fast each card partition was consumed, and whatever the number of partitions. Labels are applied when they
 * arrive: the history only lets a label count for transactions after its labelTime, so applying it early is exact;
 * the watermark makes sure it is not applied late.
 *
 * <p>A transaction whose time every upstream has already passed is applied at once (nothing earlier is on its way).
 * Lateness policy: a transaction that arrives behind the merchant's latest applied transaction (its card partition was
 * more than the lateness bound behind its own latest event, or had been idle) is applied at once and counted
 * ({@value FeatureStreamMetrics#LATE}): features already computed from the published state did not see it. A label
 * that arrives behind the merchant's latest transaction is applied and counted likewise.
 */
public final class MerchantStage implements Processor<String, MerchantEvent, Bytes, byte[]> {

    /** Between merchant id and terminal id in a terminal key: a byte that never occurs in UTF-8. */
    private static final byte TERMINAL_SEPARATOR = (byte) 0xFF;

    private static final byte[] NOTHING = new byte[0];
    /** Decoded histories kept per task (merchants, and again terminals): decoding is most of a transaction's cost here. */
    static final int DECODED_CACHE_ENTRIES = 10_000;

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private final Set<String> upstreams;
    private final MerchantEventSerde serde = new MerchantEventSerde();
    private ProcessorContext<Bytes, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<Bytes, byte[]> terminals;
    private KeyValueStore<Bytes, byte[]> pending;
    private KeyValueStore<String, byte[]> watermarkStore;
    private KeyValueStore<Bytes, byte[]> unpublished;
    private long published = Long.MIN_VALUE; // the watermark last published
    private boolean allIdle; // every upstream has said it is idle: everything sent so far is applied
    private long maxApplied = Long.MIN_VALUE; // the latest event time applied (transactions, and labels by labelTime)
    // the recently used histories, decoded: each is what the store holds for its key (written through on every change)
    private final Map<String, MerchantHistory> decodedMerchants = lruMap(DECODED_CACHE_ENTRIES);
    private final Map<Bytes, MerchantHistory> decodedTerminals = lruMap(DECODED_CACHE_ENTRIES);
    private final Map<String, MerchantEvent> watermarks = new LinkedHashMap<>();
    private long released = Long.MIN_VALUE; // every held transaction at or before this time has been applied
    private long held;
    private String task;

    /**
     * @param upstreams the upstream tasks whose watermarks the stage waits for ({@link Watermarks#upstreams})
     */
    public MerchantStage(FeatureSettings settings, FeatureStreamMetrics metrics, Set<String> upstreams) {
        this.settings = settings;
        this.metrics = metrics;
        this.upstreams = Set.copyOf(upstreams);
    }

    @Override
    public void init(ProcessorContext<Bytes, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(FeatureNames.MERCHANT_STORE);
        this.terminals = context.getStateStore(FeatureNames.TERMINAL_STORE);
        this.pending = context.getStateStore(FeatureNames.MERCHANT_PENDING_STORE);
        this.watermarkStore = context.getStateStore(FeatureNames.MERCHANT_WATERMARK_STORE);
        this.unpublished = context.getStateStore(FeatureNames.MERCHANT_UNPUBLISHED_STORE);
        this.task = context.taskId().toString();
        for (String id : upstreams) {
            byte[] w = watermarkStore.get(id);
            watermarks.put(id, w == null ? null : serde.deserializer().deserialize(null, w));
        }
        try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                held++;
            }
        }
        released = Watermarks.combined(new ArrayList<>(watermarks.values()));
        report();
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, now -> purge());
        context.schedule(settings.ordering().publishInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    @Override
    public void process(Record<String, MerchantEvent> record) {
        MerchantEvent event = record.value();
        if (event.isWatermark()) {
            advance(event);
        } else if (event.label() != null) {
            MerchantHistory history = load(record.key());
            if (history.maxTime() > event.eventTime()) {
                metrics.late("label"); // a transaction of this merchant after its labelTime was featured without it
            }
            FraudLabel label = event.label();
            maxApplied = Math.max(maxApplied, event.eventTime());
            metrics.label(addLabel(history, label) ? "applied" : "repeated");
            save(record.key(), history);
            if (label.getTerminalId() != null) {
                Bytes terminal = terminalKey(record.key(), label.getTerminalId());
                MerchantHistory terminalHistory = loadTerminal(terminal);
                addLabel(terminalHistory, label);
                saveTerminal(record.key(), label.getTerminalId(), terminal, terminalHistory);
            }
        } else if (event.eventTime() <= released) {
            // every upstream has passed it: nothing earlier is on its way, so it need not wait
            metrics.hold(0);
            apply(record.key(), event.transaction());
        } else {
            long offset = context.recordMetadata()
                    .map(org.apache.kafka.streams.processor.api.RecordMetadata::offset)
                    .orElse(0L);
            pending.put(pendingKey(event.transaction(), offset), pendingValue(record.key(), event.transaction()));
            held++;
        }
        report();
    }

    /** Records an upstream's watermark and applies what every upstream has now passed. */
    private void advance(MerchantEvent w) {
        if (!watermarks.containsKey(w.upstream())) {
            return; // a task this stage does not know of (the raw or label topic has more partitions than configured)
        }
        MerchantEvent previous = watermarks.get(w.upstream());
        MerchantEvent next = previous == null
                ? w
                : MerchantEvent.watermark(w.upstream(), Math.max(previous.time(), w.time()), w.idle());
        watermarks.put(w.upstream(), next);
        watermarkStore.put(w.upstream(), serde.serializer().serialize(null, next));
        List<MerchantEvent> all = new ArrayList<>(watermarks.values());
        long bound = Watermarks.combined(all);
        allIdle = all.stream().allMatch(m -> m != null && m.idle());
        if (bound > released || allIdle && held > 0) {
            release(allIdle ? Long.MAX_VALUE : bound);
            released = Math.max(released, bound);
        }
    }

    /**
     * Applies the held transactions with event time in ({@code released}, {@code bound}], in (event time, transaction id)
     * order. The scan starts after {@code released}: everything before was applied and deleted, and a scan from the
     * start would wade through the deleted entries' tombstones on every watermark.
     */
    private void release(long bound) {
        long now = settings.clock().millis();
        List<Bytes> done = new ArrayList<>();
        Bytes to = bound == Long.MAX_VALUE ? null : timePrefix(bound + 1); // exclusive: keys of bound + 1 sort after it
        try (KeyValueIterator<Bytes, byte[]> it = pending.range(timePrefix(released + 1), to)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                ByteBuffer v = ByteBuffer.wrap(kv.value);
                metrics.hold(now - v.getLong());
                byte[] merchant = new byte[v.getInt()];
                v.get(merchant);
                int terminalLength = v.getInt();
                String terminal = null;
                if (terminalLength >= 0) {
                    byte[] t = new byte[terminalLength];
                    v.get(t);
                    terminal = new String(t, StandardCharsets.UTF_8);
                }
                ByteBuffer k = ByteBuffer.wrap(kv.key.get());
                long time = k.getLong() ^ Long.MIN_VALUE;
                byte[] id = new byte[k.remaining() - 8]; // then the offset
                k.get(id);
                apply(
                        new String(merchant, StandardCharsets.UTF_8),
                        new MerchantEvent.Tx(new String(id, StandardCharsets.UTF_8), time, terminal));
                done.add(kv.key);
            }
        }
        done.forEach(pending::delete);
        held -= done.size();
    }

    private void apply(String merchant, MerchantEvent.Tx tx) {
        MerchantHistory history = load(merchant);
        long t = tx.time();
        maxApplied = Math.max(maxApplied, t);
        if (history.maxTime() > t) {
            metrics.late(
                    "transaction"); // features of a later transaction of this merchant may have been computed without
            // it
        }
        history.addTransaction(t);
        save(merchant, history);
        if (tx.terminalId() != null) {
            Bytes terminal = terminalKey(merchant, tx.terminalId());
            MerchantHistory terminalHistory = loadTerminal(terminal);
            terminalHistory.addTransaction(t);
            saveTerminal(merchant, tx.terminalId(), terminal, terminalHistory);
        }
    }

    private MerchantHistory load(String merchant) {
        MerchantHistory cached = decodedMerchants.get(merchant);
        if (cached != null) {
            return cached;
        }
        byte[] stored = store.get(merchant);
        return stored == null ? MerchantHistory.empty() : StoredHistory.decode(stored);
    }

    private void save(String merchant, MerchantHistory history) {
        metrics.capped(
                "merchant",
                history.evict(
                        settings.merchantRetentionMs(),
                        settings.merchantMaxTransactions(),
                        settings.merchantMaxLabels()));
        store.put(merchant, StoredHistory.encode(history));
        decodedMerchants.put(merchant, history);
        unpublished.put(MerchantState.merchantKey(merchant), NOTHING);
    }

    private MerchantHistory loadTerminal(Bytes terminal) {
        MerchantHistory cached = decodedTerminals.get(terminal);
        if (cached != null) {
            return cached;
        }
        byte[] stored = terminals.get(terminal);
        return stored == null ? MerchantHistory.empty() : StoredHistory.decode(stored);
    }

    private void saveTerminal(String merchant, String terminalId, Bytes terminal, MerchantHistory history) {
        metrics.capped(
                "terminal",
                history.evict(
                        settings.merchantRetentionMs(),
                        settings.merchantMaxTransactions(),
                        settings.merchantMaxLabels()));
        terminals.put(terminal, StoredHistory.encode(history));
        decodedTerminals.put(terminal, history);
        unpublished.put(MerchantState.terminalKey(merchant, terminalId), NOTHING);
    }

    /**
     * Publishes every history changed since the last publication (a deleted one as a tombstone), then the watermark:
     * the card tasks use a merchant's published history for an anchor only once the watermark of its partition is
     * past it.
     */
    private void publish() {
        long now = settings.clock().millis();
        List<Bytes> done = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = unpublished.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                context.forward(new Record<>(key, current(key), now));
                done.add(key);
            }
        }
        done.forEach(unpublished::delete);
        // every upstream idle: everything sent so far is applied, so the state is complete up to the latest event time
        // applied (the upstreams' watermarks may be behind it: the lateness bound)
        long watermark =
                allIdle && held == 0 && maxApplied != Long.MIN_VALUE ? Math.max(released, maxApplied + 1) : released;
        if (watermark > published && released != Long.MIN_VALUE) {
            context.forward(new Record<>(
                    MerchantState.watermarkKey(context.taskId().partition()),
                    MerchantState.watermarkValue(watermark),
                    now));
            published = watermark;
        }
    }

    /** The local history under published key {@code key} (see {@link MerchantState}), null if there is none. */
    private byte[] current(Bytes key) {
        byte[] k = key.get();
        byte[] rest = java.util.Arrays.copyOfRange(k, 1, k.length);
        return StoredHistory.published(
                k[0] == 'M' ? store.get(new String(rest, StandardCharsets.UTF_8)) : terminals.get(Bytes.wrap(rest)));
    }

    /** A map that keeps the {@code max} most recently used entries. */
    static <K, V> Map<K, V> lruMap(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** The published key of the terminal stored under {@code terminal} ({@link #terminalKey}): the kind byte before it. */
    private static Bytes terminalPublishedKey(Bytes terminal) {
        byte[] k = terminal.get();
        return Bytes.wrap(
                ByteBuffer.allocate(1 + k.length).put((byte) 'T').put(k).array());
    }

    /** Adds {@code label} to {@code history}; false if it held it already. */
    private static boolean addLabel(MerchantHistory history, FraudLabel label) {
        return history.addLabel(
                label.getTransactionTime().toEpochMilli(),
                label.getLabelTime().toEpochMilli(),
                Hash64.of(label.getTransactionId()),
                label.getVerdict() == Verdict.FRAUD);
    }

    /**
     * The key of a terminal in {@value FeatureNames#TERMINAL_STORE}: the merchant id in UTF-8, the byte {@code 0xFF},
     * the terminal id in UTF-8. {@code 0xFF} never occurs in UTF-8, so the key is unambiguous whatever the ids hold.
     */
    static Bytes terminalKey(String merchantId, String terminalId) {
        byte[] m = merchantId.getBytes(StandardCharsets.UTF_8);
        byte[] t = terminalId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(m.length + 1 + t.length)
                .put(m)
                .put(TERMINAL_SEPARATOR)
                .put(t)
                .array());
    }

    /**
     * Event time (8 bytes, big-endian, sign bit flipped so the byte order is the numeric order), the id, then the
     * repartition record's offset: transactions of two cards may share an id and a time, and both count.
     */
    static Bytes pendingKey(MerchantEvent.Tx tx, long offset) {
        byte[] id = tx.id().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length + 8)
                .putLong(tx.time() ^ Long.MIN_VALUE)
                .put(id)
                .putLong(offset)
                .array());
    }

    /** The 8-byte time prefix alone: it sorts before every key of that time (ids are never empty). */
    private static Bytes timePrefix(long time) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(time ^ Long.MIN_VALUE).array());
    }

    /**
     * A held transaction (its time and id are in the key): the wall clock when it was held (for
     * {@link FeatureStreamMetrics#HOLD}), merchant id length (4 bytes) and UTF-8 bytes, terminal id length (-1: none)
     * and UTF-8 bytes.
     */
    private byte[] pendingValue(String merchant, MerchantEvent.Tx tx) {
        byte[] m = merchant.getBytes(StandardCharsets.UTF_8);
        byte[] t = tx.terminalId() == null ? new byte[0] : tx.terminalId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + m.length + 4 + t.length)
                .putLong(settings.clock().millis())
                .putInt(m.length)
                .put(m)
                .putInt(tx.terminalId() == null ? -1 : t.length)
                .put(t)
                .array();
    }

    private void report() {
        metrics.ordering(task, held, released);
    }

    /** The task is closed here (moved to another instance, or the stream stops): it leaves the ordering gauges. */
    @Override
    public void close() {
        if (task != null) {
            metrics.orderingClosed(task);
        }
    }

    /**
     * Removes the merchants and terminals whose newest event is older than the retention relative to stream time (and
     * publishes their deletion): reads each history's newest event time from its stored header
     * ({@link StoredHistory}), without decoding the history.
     */
    private void purge() {
        long bound = context.currentStreamTimeMs() - settings.merchantRetentionMs();
        List<String> idle = idle(store, bound);
        for (String merchant : idle) {
            store.delete(merchant);
            decodedMerchants.remove(merchant);
            unpublished.put(MerchantState.merchantKey(merchant), NOTHING);
        }
        metrics.purged("merchant", idle.size());
        List<Bytes> idleTerminals = idle(terminals, bound);
        for (Bytes terminal : idleTerminals) {
            terminals.delete(terminal);
            decodedTerminals.remove(terminal);
            unpublished.put(terminalPublishedKey(terminal), NOTHING);
        }
        metrics.purged("terminal", idleTerminals.size());
    }

    /** The keys of the histories in {@code histories} whose newest event time is {@code <= bound}. */
    private static <K> List<K> idle(KeyValueStore<K, byte[]> histories, long bound) {
        List<K> idle = new ArrayList<>();
        try (KeyValueIterator<K, byte[]> it = histories.all()) {
            while (it.hasNext()) {
                KeyValue<K, byte[]> kv = it.next();
                if (StoredHistory.newestEventTime(kv.value) <= bound) {
                    idle.add(kv.key);
                }
            }
        }
        return idle;
    }
}
