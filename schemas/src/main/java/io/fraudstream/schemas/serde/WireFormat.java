package io.fraudstream.schemas.serde;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the record.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The schema id of a payload whose header starts at {@code offset}; the caller checked the length. */
    static int schemaId(byte[] bytes, int offset) {
        return ((bytes[offset + 1] & 0xff) << 24)
                | ((bytes[offset + 2] & 0xff) << 16)
                | ((bytes[offset + 3] & 0xff) << 8)
                | (bytes[offset + 4] & 0xff);
    }

    /** Subject of the record under TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** "key" or "value", for messages. */
    static String part(boolean isKey) {
        return isKey ? "key" : "value";
    }
}
