package io.fraudstream.runtime.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * The codecs Kafka producers compress record batches with ({@code compression.type}), for
 * {@value RuntimeConfig#OUTPUT_COMPRESSION}. Kafka's own enum of them is internal from 4.x on.
 */
public enum OutputCompression {
    NONE,
    GZIP,
    SNAPPY,
    LZ4,
    ZSTD;

    /** The value of Kafka's {@code compression.type}: the lower-case name. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The codec named {@code value}, ignoring case and surrounding blanks. */
    public static OutputCompression parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.name().equals(v))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown compression type '" + value + "' (known: "
                        + Arrays.stream(values())
                                .map(OutputCompression::configValue)
                                .toList() + ")"));
    }
}
