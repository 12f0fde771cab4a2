package io.fraudstream.schemas.serde;

import io.fraudstream.schemas.registry.SchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format, with the schema id from the registry under the
 * TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>With {@code autoRegister} the record's schema is registered; without it, its id is only looked up and a schema
 * missing from the registry is an error. Ids and writers are cached per topic and schema, and buffers and encoders
 * are reused per thread, so the warm path asks nothing of the registry and allocates only the output array.
 * Thread-safe. A {@code null} record is written as {@code null} (a tombstone).
 *
 * <p>Built either with a registry, or by Kafka by class name and then {@link #configure(Map, boolean)} with
 * {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} and {@link AvroSerdeConfig#AUTO_REGISTER_SCHEMAS}.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final ThreadLocal<EncoderState> ENCODER = ThreadLocal.withInitial(EncoderState::new);

    static {
        GeneratedClassTrust.install();
    }

    private final Map<TopicSchema, Resolved> resolved = new ConcurrentHashMap<>();
    private volatile Resolved last;
    private SchemaRegistry registry;
    private boolean autoRegister;
    private boolean isKey;
    private boolean ownsRegistry;

    /** For Kafka's by-class-name creation; call {@link #configure(Map, boolean)} before use. */
    public AvroSerializer() {}

    /**
     * @param registry     schema registry (not closed by this serializer)
     * @param autoRegister register schemas ({@code true}) or only look their ids up
     * @param isKey        whether this serializes keys (subject {@code <topic>-key}) or values
     */
    public AvroSerializer(SchemaRegistry registry, boolean autoRegister, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    /**
     * Configures a serializer made with the no-argument constructor; creates (and later closes) a
     * {@link SchemaRegistryClient}. Does nothing on a serializer built with a registry.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry != null) {
            return;
        }
        this.autoRegister = AvroSerdeConfig.autoRegister(configs);
        this.isKey = isKey;
        this.registry = AvroSerdeConfig.newClient(configs);
        this.ownsRegistry = true;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("cannot serialize " + WireFormat.part(isKey) + " for topic '" + topic
                    + "': serializer not configured (" + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " missing)");
        }
        Resolved r = resolve(topic, data);
        EncoderState state = ENCODER.get();
        try {
            state.buffer.reset();
            state.buffer.write(WireFormat.MAGIC_BYTE);
            state.buffer.writeInt(r.id);
            r.writer.write(data, state.encoder);
            state.encoder.flush();
            return state.buffer.toByteArray();
        } catch (IOException | RuntimeException e) {
            state.discardPending();
            throw new SerializationException(
                    "cannot serialize " + WireFormat.part(isKey) + " of type " + r.schema.getFullName() + " for topic '"
                            + topic + "': " + e.getMessage(),
                    e);
        }
    }

    private Resolved resolve(String topic, T data) {
        Schema schema = data.getSchema();
        Resolved r = last;
        if (r != null && r.schema == schema && r.topic.equals(topic)) {
            return r;
        }
        TopicSchema key = new TopicSchema(topic, schema);
        r = resolved.get(key);
        if (r == null) {
            r = new Resolved(topic, schema, schemaId(topic, schema), newWriter(data));
            Resolved raced = resolved.putIfAbsent(key, r);
            r = raced != null ? raced : r;
        }
        last = r;
        return r;
    }

    private int schemaId(String topic, Schema schema) {
        String subject = WireFormat.subject(topic, isKey);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.idFor(subject, schema);
        } catch (SchemaRegistryException e) {
            String what = autoRegister
                    ? "cannot register schema " + schema.getFullName() + " under subject '" + subject + "'"
                    : e.isNotFound()
                            ? "schema " + schema.getFullName() + " is not registered under subject '" + subject
                                    + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false"
                            : "cannot look up the id of schema " + schema.getFullName() + " under subject '" + subject
                                    + "'";
            throw new SerializationException(
                    "cannot serialize " + WireFormat.part(isKey) + " for topic '" + topic + "': " + what + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static DatumWriter<Object> newWriter(SpecificRecord data) {
        return new NullableUnionDatumWriter(data.getSchema(), SpecificData.getForClass(data.getClass()));
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            SchemaRegistry.closeIfCloseable(registry);
        }
    }

    private record TopicSchema(String topic, Schema schema) {}

    private record Resolved(String topic, Schema schema, int id, DatumWriter<Object> writer) {}

    /** One thread's output buffer and the encoder bound to it. */
    private static final class EncoderState {
        ReusableBuffer buffer = new ReusableBuffer();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);

        /** After a failed write the encoder may hold half a record: start afresh. */
        void discardPending() {
            buffer = new ReusableBuffer();
            encoder = EncoderFactory.get().binaryEncoder(buffer, null);
        }
    }
}
