package io.fraudstream.scoring;

import io.fraudstream.models.ModelContract;
import io.fraudstream.models.ModelLoader;
import io.fraudstream.models.ModelSlots;
import io.fraudstream.models.RejectedModelException;
import io.fraudstream.models.RejectedModelException.Rejection;
import io.fraudstream.models.ServingModel;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.scoring.model.ModelRegistry;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global-store processor of {@code fraud.models}: for each record (key = slot), verifies and loads the model
 * ({@link ModelLoader}), swaps it into the {@link ModelRegistry} and only then keeps its bytes in the global store;
 * a rejected record is logged and counted, and the previous model keeps serving. At init it (re)loads whatever the
 * store holds, so a restarted instance serves the last accepted models. A tombstone on the challenger slot retires
 * the challenger; a tombstone on the champion slot is ignored (the champion keeps serving) with a warning.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    private final String storeName;
    private final String topic;
    private final Deserializer<ModelRecord> deserializer;
    private final ModelLoader loader;
    private final ModelRegistry registry;
    private final ScoringMetrics metrics;
    private final Clock clock;
    private KeyValueStore<String, byte[]> store;

    ModelUpdateProcessor(
            String storeName,
            String topic,
            Deserializer<ModelRecord> deserializer,
            ModelLoader loader,
            ModelRegistry registry,
            ScoringMetrics metrics,
            Clock clock) {
        this.storeName = storeName;
        this.topic = topic;
        this.deserializer = deserializer;
        this.loader = loader;
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> kv = all.next();
                accept(kv.key, kv.value, false);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        accept(record.key(), record.value(), true);
    }

    private void accept(String key, byte[] bytes, boolean store) {
        ModelSlot keySlot = ModelSlots.slotOfKey(key);
        if (bytes == null) {
            if (keySlot == ModelSlot.CHALLENGER) {
                registry.removeChallenger().ifPresent(m -> log.info("challenger {} retired (tombstone)", m.describe()));
                if (store) {
                    this.store.delete(key);
                }
            } else {
                log.warn("ignoring a tombstone for slot key '{}': the champion keeps serving", key);
            }
            return;
        }
        ModelRecord record;
        try {
            record = deserializer.deserialize(topic, bytes);
        } catch (RuntimeException e) {
            reject(keySlot, Rejection.CORRUPT, "a record on " + topic + " (key '" + key + "') could not be read: " + e);
            return;
        }
        ModelSlot slot = record.getSlot() == ModelSlot.UNKNOWN ? keySlot : record.getSlot();
        if (slot == ModelSlot.UNKNOWN) {
            reject(slot, Rejection.INVALID, ModelContract.describe(record) + " has no slot (key '" + key + "')");
            return;
        }
        Optional<ServingModel> current = registry.inSlot(slot);
        if (current.isPresent() && current.get().sameAs(record)) {
            return; // already serving it (restore, redelivery)
        }
        try {
            ServingModel model = loader.load(record, clock.millis());
            registry.swap(slot, model);
            if (store) {
                this.store.put(key, bytes);
            }
            metrics.swapped(slot);
            log.info(
                    "now serving {} as {} ({}, {} scores, thresholds review {} decline {}){}",
                    model.describe(),
                    slot,
                    model.scorer().kind(),
                    model.calibration().describe(),
                    model.reviewThreshold(),
                    model.declineThreshold(),
                    current.map(c -> ", replacing " + c.describe()).orElse(""));
        } catch (RejectedModelException e) {
            reject(slot, e.category(), e.getMessage());
        }
    }

    private void reject(ModelSlot slot, Rejection category, String message) {
        metrics.rejected(slot, category.label());
        log.warn(
                "model rejected ({}): {}; {}",
                category.label(),
                message,
                registry.inSlot(slot).map(m -> m.describe() + " keeps serving").orElse("no model in that slot"));
    }
}
