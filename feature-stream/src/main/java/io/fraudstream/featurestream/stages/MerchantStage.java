package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.topics.TraceHeaders;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.MerchantFeatures;
import io.fraudstream.features.MerchantInputs;
import io.fraudstream.features.state.Hash64;
import io.fraudstream.features.state.MerchantHistory;
import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The merchant stage, partitioned by merchant id: records labels and transactions in the merchant's
 * {@link MerchantHistory} (store {@value FeatureNames#MERCHANT_STORE}), fills in the merchant features and re-keys the
 * record by card token for the output topic.
 *
 * <p>Labels and transactions arrive on two co-partitioned repartition topics and Kafka Streams interleaves them by
 * timestamp (labels: labelTime; transactions: event time). Whatever the interleaving, a label only counts for
 * transactions at or after its labelTime ({@link MerchantHistory#snapshot}); a label that arrives after such a
 * transaction was featured is, for that transaction, a label not yet known.
 */
public final class MerchantStage implements Processor<String, MerchantEvent, String, TransactionFeatures> {

    private static final FeatureSet.Writer<MerchantInputs> MERCHANT_FEATURES = FeatureSet.writer(MerchantFeatures.definitions());

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private ProcessorContext<String, TransactionFeatures> context;
    private KeyValueStore<String, byte[]> store;

    public MerchantStage(FeatureSettings settings, FeatureStreamMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, TransactionFeatures> context) {
        this.context = context;
        this.store = context.getStateStore(FeatureNames.MERCHANT_STORE);
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<String, MerchantEvent> record) {
        byte[] stored = store.get(record.key());
        MerchantHistory history = stored == null ? MerchantHistory.empty() : MerchantHistory.decode(stored);
        MerchantEvent event = record.value();
        if (event.label() != null) {
            applyLabel(history, event.label());
        } else {
            TransactionFeatures f = event.features();
            long t = f.getEventTime().toEpochMilli();
            boolean late = history.transactionCount() > 0 && t < history.maxTime() - settings.grace().toMillis();
            if (late) {
                metrics.outOfOrder("merchant");
                f.setOutOfOrder(true);
            }
            history.addTransaction(t);
            MERCHANT_FEATURES.computeInto(f, new MerchantInputs(history.snapshot(t)));
            TraceHeaders.put(record.headers(), TraceHeaders.FEATURES_MS, settings.clock().millis());
            context.forward(new Record<>(f.getTransaction().getCardToken(), f, record.timestamp(), record.headers()));
            metrics.emitted();
        }
        metrics.capped("merchant", history.evict(settings.merchantRetentionMs(), settings.merchantMaxTransactions(),
                settings.merchantMaxLabels()));
        store.put(record.key(), history.encode());
    }

    private void applyLabel(MerchantHistory history, FraudLabel label) {
        boolean added = history.addLabel(label.getTransactionTime().toEpochMilli(), label.getLabelTime().toEpochMilli(),
                Hash64.of(label.getTransactionId()), label.getVerdict() == Verdict.FRAUD);
        metrics.label(added ? "applied" : "repeated");
    }

    private void purge() {
        long bound = context.currentStreamTimeMs() - settings.merchantRetentionMs();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                MerchantHistory h = MerchantHistory.decode(kv.value);
                if (h.newestEventTime() <= bound) {
                    idle.add(kv.key);
                }
            }
        }
        idle.forEach(store::delete);
        metrics.purged("merchant", idle.size());
    }
}
