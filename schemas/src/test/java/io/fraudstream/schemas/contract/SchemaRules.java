package io.fraudstream.schemas.contract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The project's schema conventions, as checks that list every violation: docs on every record, enum and field;
 * a default symbol on every enum; optional fields as {@code ["null", T]} with default null; money as integer minor
 * units (never float/double, by field name); timestamps as {@code timestamp-millis} longs (by field name).
 *
 * <p>A field whose name looks like money but holds a statistic of amounts (a mean, a z-score) says so with the
 * property {@code "fraudstream.derivedStatistic": true}.
 */
final class SchemaRules {

    static final String DERIVED_STATISTIC = "fraudstream.derivedStatistic";
    private static final Pattern MONEY = Pattern.compile("(?i).*amount.*|.*Minor");
    private static final Pattern TIMESTAMP = Pattern.compile(".*Time|.*Timestamp|.*At|trainingFrom|trainingTo");

    private SchemaRules() {}

    static List<String> violations(Schema schema) {
        List<String> out = new ArrayList<>();
        walk(schema, out, new IdentityHashMap<>());
        return out;
    }

    private static void walk(Schema schema, List<String> out, Map<Schema, Boolean> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.put(schema, true) != null) {
                    return;
                }
                requireDoc(schema.getDoc(), "record " + schema.getFullName(), out);
                for (Schema.Field field : schema.getFields()) {
                    checkField(schema, field, out);
                    walk(field.schema(), out, seen);
                }
            }
            case ENUM -> {
                if (seen.put(schema, true) != null) {
                    return;
                }
                requireDoc(schema.getDoc(), "enum " + schema.getFullName(), out);
                if (schema.getEnumDefault() == null) {
                    out.add("enum " + schema.getFullName() + " has no default symbol");
                }
            }
            case ARRAY -> walk(schema.getElementType(), out, seen);
            case MAP -> walk(schema.getValueType(), out, seen);
            case UNION -> schema.getTypes().forEach(t -> walk(t, out, seen));
            default -> {}
        }
    }

    private static void checkField(Schema record, Schema.Field field, List<String> out) {
        String where = "field " + record.getName() + "." + field.name();
        requireDoc(field.doc(), where, out);
        Schema type = field.schema();
        if (type.getType() == Schema.Type.UNION) {
            List<Schema> branches = type.getTypes();
            if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
                out.add(where + " is a union other than [\"null\", T]: " + type);
            } else if (!field.hasDefaultValue() || field.defaultVal() != JsonProperties.NULL_VALUE) {
                out.add(where + " is optional but its default is not null");
            }
            type = branches.get(branches.size() - 1);
        }
        if (MONEY.matcher(field.name()).matches()
                && !Boolean.TRUE.equals(field.getObjectProp(DERIVED_STATISTIC))
                && (type.getType() == Schema.Type.FLOAT
                        || type.getType() == Schema.Type.DOUBLE
                        || type.getType() == Schema.Type.STRING
                        || type.getType() == Schema.Type.BYTES)) {
            out.add(where + " looks like money but is " + type.getType()
                    + ": use long minor units plus an ISO 4217 currency (or mark a statistic with " + DERIVED_STATISTIC
                    + ")");
        }
        if (TIMESTAMP.matcher(field.name()).matches()
                && !(type.getType() == Schema.Type.LONG
                        && type.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
            out.add(where + " looks like a timestamp but is not a long with logicalType timestamp-millis: " + type);
        }
        if (type.getLogicalType() != null && type.getLogicalType().getName().contains("micros")) {
            out.add(where + " uses " + type.getLogicalType().getName() + ": timestamps are timestamp-millis");
        }
    }

    private static void requireDoc(String doc, String where, List<String> out) {
        if (doc == null || doc.isBlank()) {
            out.add(where + " has no doc");
        }
    }
}
