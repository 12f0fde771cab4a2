package io.fraudstream.scoring;

import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the scoring processor's parent node forwards to it, and what happens to a record it cannot read.
 * <ul>
 *     <li>{@link #encoded}: the bytes of a {@code transactions.features} record, as the standalone scoring service reads
 *     them; a record that cannot be decoded, or whose features are of another feature-set version, goes to the DLQ
 *     with its original bytes, the reason and the source offset (stage {@value ScoringProcessor#STAGE}).</li>
 *     <li>{@link #decoded}: the {@link TransactionFeatures} objects a processor of the same application forwards to its
 *     {@code transactions.features} sink and to the scoring processor alike (the one-hop application): scored from the
 *     very object that sink serializes, without decoding. Such a record cannot be unreadable; an exception is left to the
 *     application's processing exception handler, which dead-letters the source record of the task.</li>
 * </ul>
 *
 * @param <V> the value type the parent node forwards
 */
public sealed interface FeatureInput<V> permits FeatureInput.Encoded, FeatureInput.Decoded {

    /** The standalone service's input: encoded {@code transactions.features} records. */
    static FeatureInput<byte[]> encoded(Deserializer<TransactionFeatures> deserializer) {
        return new Encoded(deserializer);
    }

    /** A composed application's input: feature objects forwarded by a parent processor. */
    static FeatureInput<TransactionFeatures> decoded() {
        return Decoded.INSTANCE;
    }

    /** The record's features; throws if they cannot be read. */
    TransactionFeatures read(String topic, Record<String, V> record);

    /** Encoded {@code transactions.features} records: decoded here; unreadable ones are dead-lettered by the processor. */
    record Encoded(Deserializer<TransactionFeatures> deserializer) implements FeatureInput<byte[]> {

        public Encoded {
            Objects.requireNonNull(deserializer, "deserializer");
        }

        @Override
        public TransactionFeatures read(String topic, Record<String, byte[]> record) {
            TransactionFeatures features = deserializer.deserialize(topic, record.headers(), record.value());
            if (features == null) {
                throw new IllegalArgumentException("null value (tombstone) on " + topic);
            }
            return features;
        }
    }

    /** Feature objects forwarded within the application. */
    final class Decoded implements FeatureInput<TransactionFeatures> {

        private static final Decoded INSTANCE = new Decoded();

        private Decoded() {}

        @Override
        public TransactionFeatures read(String topic, Record<String, TransactionFeatures> record) {
            return Objects.requireNonNull(record.value(), "a null feature record forwarded to the scoring processor");
        }
    }
}
