package io.fraudstream.featurestream.cleaning;

import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Size limits on what the feature stream accepts, so that nothing it writes (features, repartitioned records, state
 * changelogs, dead letters) can exceed the broker's record size limit: a raw record larger than these goes to the
 * dead-letter topic with its reason.
 */
public final class RecordLimits {

    /** Largest accepted value of a raw transaction or label, in bytes (a transaction is a few hundred). */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    /** Largest accepted total of a record's header keys and values, in bytes. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Longest accepted string field (ids, codes, addresses), in characters. */
    public static final int MAX_FIELD_CHARS = 256;

    private RecordLimits() {}

    /** Why a record of these value bytes and headers is refused, or empty. */
    public static Optional<Rejection> check(byte[] value, Headers headers) {
        if (value != null && value.length > MAX_VALUE_BYTES) {
            return Optional.of(new Rejection(
                    "size", "value is " + value.length + " bytes, more than the " + MAX_VALUE_BYTES + " accepted"));
        }
        long headerBytes = 0;
        for (Header h : headers) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(new Rejection(
                    "size", "headers are " + headerBytes + " bytes, more than the " + MAX_HEADER_BYTES + " accepted"));
        }
        return Optional.empty();
    }

    /** The first string field of {@code record} longer than {@link #MAX_FIELD_CHARS}, as a rejection, or empty. */
    public static Optional<Rejection> checkFields(IndexedRecord record) {
        for (Schema.Field f : record.getSchema().getFields()) {
            if (record.get(f.pos()) instanceof CharSequence s && s.length() > MAX_FIELD_CHARS) {
                return Optional.of(new Rejection(
                        "field-length",
                        f.name() + " is " + s.length() + " characters, more than the " + MAX_FIELD_CHARS
                                + " accepted"));
            }
        }
        return Optional.empty();
    }
}
