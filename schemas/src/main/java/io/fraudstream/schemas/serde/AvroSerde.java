package io.fraudstream.schemas.serde;

import io.fraudstream.schemas.registry.SchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An {@link AvroSerializer} and an {@link AvroDeserializer} for one generated Avro class, as a Kafka {@link Serde}.
 *
 * <p>Build it with a registry ({@link AvroSerdes#forValue(Class)} is the usual way), or let Kafka create it by class
 * name and {@link #configure(Map, boolean)} it: it then creates one {@link SchemaRegistryClient}, shared by both
 * halves and closed by {@link #close()}.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    /** For Kafka's by-class-name creation; call {@link #configure(Map, boolean)} before use. */
    public AvroSerde() {}

    /**
     * @param registry     schema registry (not closed by this serde)
     * @param type         the generated Avro class
     * @param autoRegister whether the serializer registers schemas or only looks their ids up
     * @param isKey        whether this is a key serde (subject {@code <topic>-key}) or a value serde
     */
    public AvroSerde(SchemaRegistry registry, Class<T> type, boolean autoRegister, boolean isKey) {
        this.serializer = new AvroSerializer<>(registry, autoRegister, isKey);
        this.deserializer = new AvroDeserializer<>(registry, type, isKey);
    }

    /**
     * Configures a serde made with the no-argument constructor from {@link AvroSerdeConfig} keys; does nothing on a
     * serde built with a registry.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (serializer != null) {
            return;
        }
        Class<T> type = (Class<T>) AvroSerdeConfig.recordType(configs, isKey);
        boolean autoRegister = AvroSerdeConfig.autoRegister(configs);
        ownedClient = AvroSerdeConfig.newClient(configs);
        serializer = new AvroSerializer<>(ownedClient, autoRegister, isKey);
        deserializer = new AvroDeserializer<>(ownedClient, type, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return Objects.requireNonNull(serializer, "AvroSerde not configured");
    }

    @Override
    public Deserializer<T> deserializer() {
        return Objects.requireNonNull(deserializer, "AvroSerde not configured");
    }

    @Override
    public void close() {
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
