package io.fraudstream.features;

import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The model view of a {@code TransactionFeatures} record: ordered feature names and their values as doubles. Used by
 * the trainer (to build training examples) and by the scoring service (to score), so both see exactly the same
 * numbers.
 *
 * <p>Layout ({@link #featureNames()}): every feature of {@link FeatureSet#all()} in order; after each nullable feature, its
 * missing-value indicator {@code <name>}{@value #MISSING_SUFFIX} (1.0 when missing, else 0.0). A missing value is
 * replaced by the definition's {@link FeatureDefinition#imputed() imputed value}, never NaN, so every value is finite.
 * Booleans are 1.0/0.0.
 *
 * <pre>{@code
 * List<String> names = FeatureVector.featureNames();        // what a model is trained on; store it in ModelRecord.featureNames
 * FeatureVector v = FeatureVector.of(featuresRecord);  // values()[i] belongs to names().get(i)
 * }</pre>
 *
 * @param names  the names, {@link #featureNames()}
 * @param values one finite value per name
 */
public record FeatureVector(List<String> names, double[] values) {

    /** Suffix of the missing-value indicator of a nullable feature. */
    public static final String MISSING_SUFFIX = ".missing";

    private static final List<String> NAMES;
    private static final int[] POSITIONS;
    private static final FeatureDefinition<?>[] DEFINITIONS;

    static {
        List<String> names = new ArrayList<>();
        List<FeatureDefinition<?>> defs = FeatureSet.all();
        POSITIONS = new int[defs.size()];
        DEFINITIONS = defs.toArray(new FeatureDefinition<?>[0]);
        for (int i = 0; i < defs.size(); i++) {
            FeatureDefinition<?> d = defs.get(i);
            POSITIONS[i] = FeatureSet.fieldPosition(d.name());
            names.add(d.name());
            if (d.nullable()) {
                names.add(d.name() + MISSING_SUFFIX);
            }
        }
        NAMES = List.copyOf(names);
    }

    public FeatureVector {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(values, "values");
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names but " + values.length + " values");
        }
    }

    /** The ordered names of the vector of feature set {@link FeatureSet#VERSION}, indicators included. */
    public static List<String> featureNames() {
        return NAMES;
    }

    /**
     * The vector of {@code record}.
     *
     * @throws IllegalArgumentException if the record was computed by another feature-set version
     */
    public static FeatureVector of(TransactionFeatures record) {
        if (!FeatureSet.VERSION.equals(record.getFeatureSetVersion())) {
            throw new IllegalArgumentException("features of version " + record.getFeatureSetVersion()
                    + " cannot be read as " + FeatureSet.VERSION + " (transaction "
                    + (record.getTransaction() == null
                            ? "?"
                            : record.getTransaction().getTransactionId()) + ")");
        }
        double[] values = new double[NAMES.size()];
        int k = 0;
        for (int i = 0; i < DEFINITIONS.length; i++) {
            FeatureDefinition<?> d = DEFINITIONS[i];
            Object value = record.get(POSITIONS[i]);
            if (d.nullable()) {
                values[k++] = value == null ? d.imputed() : d.type().toDouble(value);
                values[k++] = value == null ? 1.0 : 0.0;
            } else {
                values[k++] = d.type().toDouble(value);
            }
        }
        return new FeatureVector(NAMES, values);
    }

    /** The value of {@code name}. */
    public double get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + name);
        }
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector v && names.equals(v.names) && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("FeatureVector{");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(values[i]);
        }
        return b.append('}').toString();
    }
}
