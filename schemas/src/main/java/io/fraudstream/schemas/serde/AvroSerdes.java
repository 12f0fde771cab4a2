package io.fraudstream.schemas.serde;

import io.fraudstream.schemas.registry.SchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.ValueSerdes;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * Makes Avro serdes (Confluent wire format, TopicNameStrategy subjects) that share one schema registry client; the
 * {@link ValueSerdes} the topic catalogue is built with.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = SchemaRegistryClient.builder(url).build();
 * TopicCatalogue topics = TopicCatalogue.create(settings, AvroSerdes.create(registry, true));
 * }</pre>
 *
 * The caller keeps ownership of the registry client and closes it after the serdes are no longer used.
 */
public final class AvroSerdes implements ValueSerdes {

    private final SchemaRegistry registry;
    private final boolean autoRegister;

    private AvroSerdes(SchemaRegistry registry, boolean autoRegister) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
    }

    /**
     * @param client       the registry client, shared by every serde made (not closed by them)
     * @param autoRegister whether serializers register schemas ({@code true}) or only look their ids up
     */
    public static AvroSerdes create(SchemaRegistryClient client, boolean autoRegister) {
        return new AvroSerdes(client, autoRegister);
    }

    /** As {@link #create(SchemaRegistryClient, boolean)}, over any {@link SchemaRegistry}. */
    public static AvroSerdes create(SchemaRegistry registry, boolean autoRegister) {
        return new AvroSerdes(registry, autoRegister);
    }

    /** The subject the value serdes register the schema of {@code topic}'s values under: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return WireFormat.subject(Objects.requireNonNull(topic, "topic"), false);
    }

    /** A serde for values of {@code type}; subject {@code <topic>-value}. */
    @Override
    public <V extends SpecificRecord> AvroSerde<V> forValue(Class<V> type) {
        return new AvroSerde<>(registry, type, autoRegister, false);
    }

    /** A serde for keys of {@code type}; subject {@code <topic>-key}. */
    public <K extends SpecificRecord> AvroSerde<K> forKey(Class<K> type) {
        return new AvroSerde<>(registry, type, autoRegister, true);
    }
}
