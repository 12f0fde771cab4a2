package io.fraudstream.schemas.serde;

import io.fraudstream.schemas.dlq.DeadLetters;
import io.fraudstream.schemas.registry.SchemaRegistry;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format into a generated Avro class. The writer's schema is fetched from the
 * registry by the id in the payload and resolved against the class's schema, so records written with an earlier
 * (or later, compatible) schema decode into the current class, with defaults for fields the writer did not have.
 *
 * <p>Writer schemas and datum readers are cached per schema id and decoders are reused per thread. Thread-safe.
 * {@code null} bytes (a tombstone) read as {@code null}. Every failure (no magic byte, truncated or corrupt payload,
 * unknown schema id, unreachable registry, incompatible writer schema) is a {@link SerializationException} naming
 * the topic and the reason; the deserializer is not told the partition and offset, the caller's error handler is.
 *
 * <p>Built either with a registry and a class, or by Kafka by class name and then {@link #configure(Map, boolean)}
 * with {@link AvroSerdeConfig#SCHEMA_REGISTRY_URL} and {@link AvroSerdeConfig#SPECIFIC_AVRO_VALUE_TYPE} (or
 * {@link AvroSerdeConfig#SPECIFIC_AVRO_KEY_TYPE}).
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    static {
        GeneratedClassTrust.install();
    }

    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile CachedReader<T> last;
    private SchemaRegistry registry;
    private Schema readerSchema;
    private SpecificData model;
    private boolean isKey;
    private boolean ownsRegistry;

    /** For Kafka's by-class-name creation; call {@link #configure(Map, boolean)} before use. */
    public AvroDeserializer() {}

    /**
     * @param registry schema registry (not closed by this deserializer)
     * @param type     the generated Avro class to produce
     * @param isKey    whether this deserializes keys or values (used in messages)
     */
    public AvroDeserializer(SchemaRegistry registry, Class<T> type, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        init(Objects.requireNonNull(type, "type"), isKey);
    }

    /**
     * Configures a deserializer made with the no-argument constructor; creates (and later closes) a
     * {@link SchemaRegistryClient}. Does nothing on a deserializer built with a registry.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry != null) {
            return;
        }
        Class<T> type = (Class<T>) AvroSerdeConfig.recordType(configs, isKey);
        init(type, isKey);
        this.registry = AvroSerdeConfig.newClient(configs);
        this.ownsRegistry = true;
    }

    private void init(Class<T> type, boolean isKey) {
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.isKey = isKey;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    private T decode(String topic, byte[] bytes, int offset, int length) {
        if (registry == null) {
            throw failure(
                    topic, "deserializer not configured (" + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " missing)", null);
        }
        if (length < WireFormat.HEADER_SIZE) {
            throw failure(topic, "payload of " + length + " bytes is shorter than the 5-byte wire format header", null);
        }
        if (bytes[offset] != WireFormat.MAGIC_BYTE) {
            throw failure(
                    topic, "unknown magic byte " + bytes[offset] + " (expected 0, the Confluent wire format)", null);
        }
        int id = WireFormat.schemaId(bytes, offset);
        DatumReader<T> reader = reader(topic, id);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(bytes, offset + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw failure(
                    topic,
                    "payload does not decode with writer schema id " + id + " (truncated or corrupt?): "
                            + DeadLetters.describe(e),
                    e);
        }
        try {
            if (!decoder.isEnd()) {
                throw failure(
                        topic,
                        "trailing bytes after the record written with schema id " + id
                                + " (corrupt payload or wrong schema id)",
                        null);
            }
        } catch (IOException e) {
            throw failure(topic, "cannot check the end of the payload: " + DeadLetters.describe(e), e);
        }
        return record;
    }

    private DatumReader<T> reader(String topic, int id) {
        CachedReader<T> cached = last;
        if (cached != null && cached.id == id) {
            return cached.reader;
        }
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = newReader(topic, id);
            DatumReader<T> raced = readers.putIfAbsent(id, reader);
            reader = raced != null ? raced : reader;
        }
        last = new CachedReader<>(id, reader);
        return reader;
    }

    private DatumReader<T> newReader(String topic, int id) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            String reason = e.isNotFound() ? "unknown schema id " + id : "cannot fetch writer schema id " + id;
            throw failure(topic, reason + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure(topic, "cannot fetch writer schema id " + id + ": " + DeadLetters.describe(e), e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw failure(
                    topic,
                    "writer schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                            + readerSchema.getFullName() + ": " + compatibility.getDescription(),
                    null);
        }
        // Avro's fast reader resolves writer against reader once per schema pair, instead of interpreting a
        // ResolvingDecoder for every record; same results (the evolution tests decode through it).
        try {
            return model.getFastReaderBuilder().createDatumReader(writer, readerSchema);
        } catch (IOException | RuntimeException e) {
            throw failure(
                    topic, "cannot build a reader for writer schema id " + id + ": " + DeadLetters.describe(e), e);
        }
    }

    private SerializationException failure(String topic, String reason, Throwable cause) {
        return new SerializationException(
                "cannot deserialize " + WireFormat.part(isKey) + " of topic '" + topic
                        + "' (partition and offset are not known to the deserializer) as "
                        + (readerSchema == null ? "?" : readerSchema.getFullName()) + ": " + reason,
                cause);
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            SchemaRegistry.closeIfCloseable(registry);
        }
    }

    private record CachedReader<T>(int id, DatumReader<T> reader) {}
}
