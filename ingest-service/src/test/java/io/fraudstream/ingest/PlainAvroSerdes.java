package io.fraudstream.ingest;

import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.ValueSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Plain Avro binary serdes without a registry, for unit tests that need a {@link TopicCatalogue} but no stack. */
public final class PlainAvroSerdes implements ValueSerdes {

    static {
        // loading the project's serializer class installs Avro's trust in the generated classes
        new io.fraudstream.schemas.serde.AvroSerializer<>().close();
    }

    /** A default-layout catalogue over these serdes. */
    public static TopicCatalogue catalogue() {
        return TopicCatalogue.create(TopicCatalogue.Settings.defaults(), new PlainAvroSerdes());
    }

    @Override
    public <V extends SpecificRecord> Serde<V> forValue(Class<V> type) {
        SpecificDatumWriter<V> writer = new SpecificDatumWriter<>(type);
        SpecificDatumReader<V> reader = new SpecificDatumReader<>(type);
        return Serdes.serdeFrom(
                (topic, v) -> {
                    if (v == null) return null;
                    try {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
                        writer.write(v, enc);
                        enc.flush();
                        return out.toByteArray();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) return null;
                    try {
                        return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
