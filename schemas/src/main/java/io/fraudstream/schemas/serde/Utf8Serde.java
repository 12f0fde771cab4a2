package io.fraudstream.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Record keys as UTF-8 strings, read strictly: bytes that are not UTF-8 fail deserialization (and so reach the
 * dead-letter topic with their original bytes) instead of being replaced by U+FFFD, which would turn two different
 * keys into one and make the key written out differ from the key read.
 */
public final class Utf8Serde {

    private Utf8Serde() {}

    /** The serde: Kafka's UTF-8 {@code StringSerializer} and the strict deserializer. */
    public static Serde<String> create() {
        return Serdes.serdeFrom(new StringSerializer(), new StrictDeserializer());
    }

    /** Decodes UTF-8 and fails on malformed input. */
    public static final class StrictDeserializer implements Deserializer<String> {
        @Override
        public String deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new SerializationException(
                        "record key on " + topic + " is not UTF-8 (" + data.length + " bytes)", e);
            }
        }
    }
}
