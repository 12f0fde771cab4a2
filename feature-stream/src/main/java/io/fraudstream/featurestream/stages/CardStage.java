package io.fraudstream.featurestream.stages;

import io.fraudstream.features.CardFeatures;
import io.fraudstream.features.CardInputs;
import io.fraudstream.features.CardWindow;
import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.MerchantFeatures;
import io.fraudstream.features.state.CardEvent;
import io.fraudstream.features.state.CardHistory;
import io.fraudstream.features.state.CardKeys;
import io.fraudstream.features.state.CardSnapshot;
import io.fraudstream.features.state.CardSummary;
import io.fraudstream.features.state.Hash64;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.featurestream.cleaning.Enrichment;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The card stage, partitioned by card token: drops duplicates, computes the card features from the card's history
 * (store {@value FeatureNames#CARD_STORE}) and records the transaction in it.
 *
 * <p>State: one entry per retained event and one {@link CardSummary} per card, in a store ordered by byte keys
 * ({@link CardKeys}). A transaction reads the summary and range-scans the card's events with event time in
 * {@code [t - 30 d, t + dedupe window]} into a {@link CardHistory} (which computes the snapshot and the duplicate check,
 * as when the whole history was one entry), then writes its own event and the summary, and deletes the events it
 * evicts: the bytes written to the changelog per transaction do not grow with the card's activity (each event is written
 * once and deleted once). The retained events are exactly those the single-entry history kept, in the same order, so
 * the features are the same.
 *
 * <p>Order: a transaction whose id hash is in the history within the dedupe window is dropped and counted. Otherwise
 * its snapshot is taken from the events with event time {@code <=} its own (so a late event sees exactly its past, and
 * never a later event), it is inserted in event-time order, and events older than the retention (longest window plus
 * grace, relative to the card's latest event) are evicted. A transaction more than the grace behind the card's latest
 * event is flagged {@code outOfOrder}: it is still featured and recorded, but its windows may miss evicted events.
 *
 * <p>A wall-clock punctuation removes cards whose latest event is older than the retention relative to the task's
 * stream time, so state is bounded by the cards active in the longest window.
 */
public final class CardStage implements FixedKeyProcessor<String, EnrichedTransaction, TransactionFeatures> {

    private static final FeatureSet.Writer<CardInputs> CARD_FEATURES = FeatureSet.writer(CardFeatures.definitions());

    private static final int[] MERCHANT_POSITIONS = MerchantFeatures.definitions().stream()
            .mapToInt(d -> FeatureSet.fieldPosition(d.name()))
            .toArray();
    private static final Object[] MERCHANT_PLACEHOLDERS =
            MerchantFeatures.definitions().stream().map(CardStage::placeholder).toArray();

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private FixedKeyProcessorContext<String, TransactionFeatures> context;
    private KeyValueStore<Bytes, byte[]> store;

    public CardStage(FeatureSettings settings, FeatureStreamMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, TransactionFeatures> context) {
        this.context = context;
        this.store = context.getStateStore(FeatureNames.CARD_STORE);
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(FixedKeyRecord<String, EnrichedTransaction> record) {
        EnrichedTransaction in = record.value();
        CleanedTransaction cleaned = in.cleaned();
        Transaction tx = cleaned.transaction();
        long t = tx.getEventTime().toEpochMilli();
        CardKeys keys = CardKeys.of(record.key());
        CardSummary summary = summary(keys);
        long dedupe = settings.dedupeWindow().toMillis();
        Window window = summary == null ? new Window(CardHistory.empty(), 0) : window(keys, t, dedupe);
        if (window.history().isDuplicate(Hash64.of(tx.getTransactionId()), t, dedupe)) {
            metrics.duplicate();
            return;
        }
        boolean outOfOrder =
                summary != null && t < summary.maxTime() - settings.grace().toMillis();
        if (outOfOrder) {
            metrics.outOfOrder("card");
        }
        CardEvent event = CardEvent.of(
                t,
                cleaned.featureAmount(),
                tx.getMerchantId(),
                tx.getTransactionId(),
                tx.getLatitude(),
                tx.getLongitude());
        CardSnapshot snapshot = window.history().snapshot(event);
        store.put(Bytes.wrap(keys.event(t, window.nextTie())), event.encodeValue());
        CardSummary added = summary == null
                ? new CardSummary(1, t, t)
                : new CardSummary(summary.count() + 1, Math.max(summary.maxTime(), t), Math.min(summary.minTime(), t));
        store.put(Bytes.wrap(keys.summary()), evict(keys, added).encode());
        context.forward(record.withValue(
                features(in, snapshot, outOfOrder, settings.currencies().base())));
    }

    /**
     * The card's events that can matter to a transaction at {@code t}: event time in {@code [t - 30 d, t + dedupe]}
     * (the snapshot reads {@code (t - 30 d, t]}, the duplicate check {@code [t - dedupe, t + dedupe]}), in key order,
     * and the tie of a new event at {@code t} (after those already at {@code t}).
     *
     * @param history   those events
     * @param nextTie   the tie of a new event at {@code t}
     */
    private record Window(CardHistory history, int nextTie) {}

    private Window window(CardKeys keys, long t, long dedupe) {
        CardHistory history = CardHistory.empty();
        int nextTie = 0;
        long from = t - Math.max(CardWindow.LONGEST.millis(), dedupe);
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(Bytes.wrap(keys.from(from)), Bytes.wrap(keys.to(t + dedupe)))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long time = keys.time(kv.key.get());
                if (time == t) {
                    nextTie = Math.max(nextTie, keys.tie(kv.key.get()) + 1);
                }
                history.add(CardEvent.decodeValue(time, kv.value));
            }
        }
        return new Window(history, nextTie);
    }

    /** The card's summary, or null when the card has no state (a history of the previous format is converted first). */
    private CardSummary summary(CardKeys keys) {
        byte[] stored = store.get(Bytes.wrap(keys.summary()));
        if (stored != null) {
            return CardSummary.decode(stored);
        }
        if (!keys.hasLegacyKey()) {
            return null;
        }
        byte[] legacy = store.get(Bytes.wrap(keys.legacy()));
        return legacy == null ? null : convert(keys, CardHistory.decode(legacy));
    }

    /** Writes a history of the previous format (one entry per card) as one entry per event and a summary. */
    private CardSummary convert(CardKeys keys, CardHistory history) {
        store.delete(Bytes.wrap(keys.legacy()));
        if (history.size() == 0) {
            return null;
        }
        int tie = 0;
        for (int i = 0; i < history.size(); i++) {
            CardEvent e = history.event(i);
            tie = i > 0 && history.event(i - 1).time() == e.time() ? tie + 1 : 0;
            store.put(Bytes.wrap(keys.event(e.time(), tie)), e.encodeValue());
        }
        CardSummary s = new CardSummary(
                history.size(), history.maxTime(), history.event(0).time());
        store.put(Bytes.wrap(keys.summary()), s.encode());
        return s;
    }

    /**
     * Deletes the card's events with event time {@code <= maxTime - retention}, then its oldest events beyond the cap,
     * as {@link CardHistory#evict} does; reads the events only when the summary says some may have to go, and then
     * only those (range scans of the in-memory store copy the keys they cover).
     *
     * @return the summary after eviction
     */
    private CardSummary evict(CardKeys keys, CardSummary s) {
        long bound = s.maxTime() - settings.cardRetentionMs();
        int cap = settings.cardMaxEvents();
        if (s.minTime() > bound && s.count() <= cap) {
            return s;
        }
        List<Bytes> expired = oldest(keys, Long.MIN_VALUE, bound, Integer.MAX_VALUE);
        int excess = s.count() - expired.size() - cap;
        List<Bytes> capped = excess > 0 ? oldest(keys, bound + 1, Long.MAX_VALUE, excess) : List.of();
        if (capped.size() < Math.max(0, excess)) {
            throw new IllegalStateException(
                    "card " + keys.card() + ": the summary counts " + s.count() + " events, the store holds fewer");
        }
        expired.forEach(store::delete);
        capped.forEach(store::delete);
        metrics.capped("card", capped.size());
        long minTime = Math.max(s.minTime(), bound + 1);
        if (!capped.isEmpty()) {
            minTime = Math.max(minTime, keys.time(capped.get(capped.size() - 1).get()));
        }
        return new CardSummary(s.count() - expired.size() - capped.size(), s.maxTime(), minTime);
    }

    /** The keys of the card's first {@code limit} events with event time in {@code [from, to]}. */
    private List<Bytes> oldest(CardKeys keys, long from, long to, int limit) {
        List<Bytes> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(keys.from(from)), Bytes.wrap(keys.to(to)))) {
            while (found.size() < limit && it.hasNext()) {
                found.add(it.next().key);
            }
        }
        return found;
    }

    /** The card stage's record: context fields, card features, merchant features as placeholders. */
    static TransactionFeatures features(
            EnrichedTransaction in, CardSnapshot snapshot, boolean outOfOrder, String baseCurrency) {
        CleanedTransaction cleaned = in.cleaned();
        Enrichment.Result enriched = Enrichment.apply(cleaned.transaction(), in.merchant(), in.card());
        CardInputs inputs = new CardInputs(
                enriched.transaction(),
                cleaned.amountBaseMinor(),
                cleaned.amountOutlier(),
                enriched.merchantCategoryMissing(),
                enriched.merchantCountryMissing(),
                cleaned.transaction().getLatitude() == null,
                in.merchant(),
                in.card(),
                snapshot);
        TransactionFeatures f = new TransactionFeatures();
        f.setTransaction(enriched.transaction());
        f.setFeatureSetVersion(FeatureSet.VERSION);
        f.setEventTime(enriched.transaction().getEventTime());
        f.setOutOfOrder(outOfOrder);
        f.setBaseCurrency(baseCurrency);
        f.setCardHomeCountry(Enrichment.homeCountry(in.card()));
        CARD_FEATURES.computeInto(f, inputs);
        for (int i = 0; i < MERCHANT_POSITIONS.length; i++) {
            f.put(MERCHANT_POSITIONS[i], MERCHANT_PLACEHOLDERS[i]);
        }
        return f;
    }

    private static Object placeholder(FeatureDefinition<?> d) {
        if (d.nullable()) {
            return null;
        }
        return switch (d.type()) {
            case INT -> 0;
            case LONG -> 0L;
            case DOUBLE -> 0.0;
            case BOOLEAN -> false;
        };
    }

    /**
     * Removes the cards whose latest event is older than the retention relative to stream time: reads the summaries
     * only, then range-deletes the idle cards' events. Also removes idle histories of the previous format.
     */
    private void purge() {
        long bound = context.currentStreamTimeMs() - settings.cardRetentionMs();
        List<Bytes> idle = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.prefixScan(Bytes.wrap(CardKeys.summaryPrefix()), new BytesSerializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (CardSummary.decode(kv.value).maxTime() <= bound) {
                    idle.add(kv.key);
                }
            }
        }
        for (Bytes summaryKey : idle) {
            CardKeys keys = CardKeys.of(CardKeys.cardOfSummary(summaryKey.get()));
            List<Bytes> events = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it =
                    store.range(Bytes.wrap(keys.from(Long.MIN_VALUE)), Bytes.wrap(keys.to(Long.MAX_VALUE)))) {
                it.forEachRemaining(kv -> events.add(kv.key));
            }
            events.forEach(store::delete);
            store.delete(summaryKey);
        }
        metrics.purged("card", idle.size() + purgeLegacy(bound));
    }

    /** Deletes idle histories of the previous format; returns how many. */
    private int purgeLegacy(long bound) {
        List<Bytes> idle = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                store.range(Bytes.wrap(CardKeys.legacyFrom()), Bytes.wrap(CardKeys.legacyTo()))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (CardHistory.decode(kv.value).maxTime() <= bound) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(store::delete);
        return idle.size();
    }
}
