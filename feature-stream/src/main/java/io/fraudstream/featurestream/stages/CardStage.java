package io.fraudstream.featurestream.stages;

import io.fraudstream.features.CardFeatures;
import io.fraudstream.features.CardInputs;
import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.MerchantFeatures;
import io.fraudstream.features.state.CardEvent;
import io.fraudstream.features.state.CardHistory;
import io.fraudstream.features.state.CardSnapshot;
import io.fraudstream.features.state.Hash64;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.featurestream.cleaning.Enrichment;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The card stage, partitioned by card token: drops duplicates, computes the card features from the card's
 * {@link CardHistory} (store {@value FeatureNames#CARD_STORE}) and records the transaction in it.
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
            .mapToInt(d -> FeatureSet.fieldPosition(d.name())).toArray();
    private static final Object[] MERCHANT_PLACEHOLDERS = MerchantFeatures.definitions().stream()
            .map(CardStage::placeholder).toArray();

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private FixedKeyProcessorContext<String, TransactionFeatures> context;
    private KeyValueStore<String, byte[]> store;

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
        byte[] stored = store.get(record.key());
        CardHistory history = stored == null ? CardHistory.empty() : CardHistory.decode(stored);
        if (history.isDuplicate(Hash64.of(tx.getTransactionId()), t, settings.dedupeWindow().toMillis())) {
            metrics.duplicate();
            return;
        }
        boolean outOfOrder = history.size() > 0 && t < history.maxTime() - settings.grace().toMillis();
        if (outOfOrder) {
            metrics.outOfOrder("card");
        }
        CardEvent event = CardEvent.of(t, cleaned.featureAmount(), tx.getMerchantId(), tx.getTransactionId(),
                tx.getLatitude(), tx.getLongitude());
        CardSnapshot snapshot = history.snapshot(event);
        history.add(event);
        metrics.capped("card", history.evict(settings.cardRetentionMs(), settings.cardMaxEvents()));
        store.put(record.key(), history.encode());
        context.forward(record.withValue(features(in, snapshot, outOfOrder, settings.currencies().base())));
    }

    /** The card stage's record: context fields, card features, merchant features as placeholders. */
    static TransactionFeatures features(EnrichedTransaction in, CardSnapshot snapshot, boolean outOfOrder, String baseCurrency) {
        CleanedTransaction cleaned = in.cleaned();
        Enrichment.Result enriched = Enrichment.apply(cleaned.transaction(), in.merchant(), in.card());
        CardInputs inputs = new CardInputs(enriched.transaction(), cleaned.amountBaseMinor(), cleaned.amountOutlier(),
                enriched.merchantCategoryMissing(), enriched.merchantCountryMissing(),
                cleaned.transaction().getLatitude() == null, in.merchant(), in.card(), snapshot);
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

    private void purge() {
        long bound = context.currentStreamTimeMs() - settings.cardRetentionMs();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (CardHistory.decode(kv.value).maxTime() <= bound) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(store::delete);
        metrics.purged("card", idle.size());
    }
}
