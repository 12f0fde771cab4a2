package io.fraudstream.schemas.serde;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A decoded record value together with the bytes it was decoded from. Kafka Streams hands processors decoded values
 * only; a stage that may reject a record reads its topic with {@link #serde} so that the dead letter carries the bytes
 * the producer wrote, not a re-encoding under the service's own schema id.
 *
 * @param value the decoded value (null for a tombstone)
 * @param bytes the original value bytes (null for a tombstone)
 * @param <T>   the value type
 */
public record Sourced<T>(T value, byte[] bytes) {

    /**
     * A serde that decodes with {@code inner} and keeps the bytes; a value {@code inner} cannot decode fails
     * deserialization as before. Serializing writes the original bytes back.
     */
    public static <T> Serde<Sourced<T>> serde(Deserializer<T> inner) {
        Serializer<Sourced<T>> serializer = (topic, s) -> s == null ? null : s.bytes();
        Deserializer<Sourced<T>> deserializer = new Deserializer<>() {
            @Override
            public Sourced<T> deserialize(String topic, byte[] data) {
                return new Sourced<>(inner.deserialize(topic, data), data);
            }

            @Override
            public Sourced<T> deserialize(String topic, Headers headers, byte[] data) {
                return new Sourced<>(inner.deserialize(topic, headers, data), data);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
