package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.serde.GeneratedClassTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary (no registry, no wire-format header) for the feature stream's internal repartition topics, which
 * only this application reads. Writer and reader schema are the class's own, so all instances of an application
 * must run the same version (as for any Kafka Streams topology change); a deployment that changes the schema must
 * let the repartition topics drain first.
 */
public final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {

    static {
        GeneratedClassTrust
                .install(); // Avro's trust in our generated classes (AVRO-4189), as every catalogue serde has
    }

    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private final ThreadLocal<ByteArrayOutputStream> buffers =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));

    public AvroBinarySerde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.writer = new SpecificDatumWriter<>(model.getSchema(type), model);
        this.reader = new SpecificDatumReader<>(model.getSchema(type), model.getSchema(type), model);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream out = buffers.get();
            out.reset();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
            encoders.set(encoder);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "cannot write " + value.getSchema().getName() + " to " + topic, e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, decoders.get());
            decoders.set(decoder);
            try {
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read internal topic " + topic, e);
            }
        };
    }
}
