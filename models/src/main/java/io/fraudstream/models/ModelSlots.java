package io.fraudstream.models;

import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code fraud.models} holds: the latest record of each slot and the highest version of each model id. Feed it
 * every record of the topic in order with {@link #accept}. {@link #key} and {@link #slotOfKey} are the one encoding
 * of the topic's record keys.
 */
public final class ModelSlots {

    private final Map<ModelSlot, ModelRecord> latest = new HashMap<>();
    private final Map<String, Long> maxVersion = new HashMap<>();

    /** The Kafka record key of a slot ({@code champion}, {@code challenger}). */
    public static String key(ModelSlot slot) {
        return slot.name().toLowerCase(Locale.ROOT);
    }

    /** The slot a record key names (case and surrounding blanks ignored); {@code UNKNOWN} for null or anything else. */
    public static ModelSlot slotOfKey(String key) {
        if (key == null) {
            return ModelSlot.UNKNOWN;
        }
        try {
            return ModelSlot.valueOf(key.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ModelSlot.UNKNOWN;
        }
    }

    /** Takes the next record of the topic. */
    public void accept(ModelRecord record) {
        latest.put(record.getSlot(), record);
        maxVersion.merge(record.getModelId(), record.getVersion(), Math::max);
    }

    /** The latest record in {@code slot}. */
    public Optional<ModelRecord> latest(ModelSlot slot) {
        return Optional.ofNullable(latest.get(slot));
    }

    /** The version a new model of {@code modelId} gets: one more than any seen, 1 for the first. */
    public long nextVersion(String modelId) {
        return maxVersion.getOrDefault(modelId, 0L) + 1;
    }
}
