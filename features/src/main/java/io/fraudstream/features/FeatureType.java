package io.fraudstream.features;

import org.apache.avro.Schema;

/** The value type of a feature: how it is stored in {@code TransactionFeatures} and turned into a double. */
public enum FeatureType {
    /** A 32-bit count; Avro {@code int}. */
    INT(Schema.Type.INT),
    /** A 64-bit integer, such as minor units of money; Avro {@code long}. */
    LONG(Schema.Type.LONG),
    /** A real number; Avro {@code double}. */
    DOUBLE(Schema.Type.DOUBLE),
    /** A flag; Avro {@code boolean}, 1.0 or 0.0 in a {@link FeatureVector}. */
    BOOLEAN(Schema.Type.BOOLEAN);

    private final Schema.Type avroType;

    FeatureType(Schema.Type avroType) {
        this.avroType = avroType;
    }

    /** The Avro type of the field (inside {@code ["null", T]} for nullable features). */
    public Schema.Type avroType() {
        return avroType;
    }

    /** {@code value} (of this type, never null) as a double. */
    public double toDouble(Object value) {
        return switch (this) {
            case INT -> (Integer) value;
            case LONG -> (Long) value;
            case DOUBLE -> (Double) value;
            case BOOLEAN -> ((Boolean) value) ? 1.0 : 0.0;
        };
    }

    /** Whether {@code value} is an instance of this type's Java class. */
    public boolean accepts(Object value) {
        return switch (this) {
            case INT -> value instanceof Integer;
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
        };
    }
}
