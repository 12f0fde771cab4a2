package io.fraudstream.features;

import java.util.Objects;
import java.util.function.Function;

/**
 * One feature: its name (the {@code TransactionFeatures} field it is written to), what it means, its type, and how
 * it is computed from the inputs of the stage that computes it ({@link CardInputs} or {@link MerchantInputs}).
 *
 * <p>A nullable feature is missing for some transactions (no previous transaction, unknown home location...). In a
 * {@link FeatureVector} a missing value becomes {@link #imputed()} and the indicator feature
 * {@code <name>}{@value FeatureVector#MISSING_SUFFIX} becomes 1.
 *
 * @param name     field name in {@code TransactionFeatures}, also the feature name models see
 * @param doc      what the feature means, precisely (window bounds, units, when it is missing)
 * @param type     value type
 * @param nullable whether the feature can be missing ({@code ["null", T]} in the schema)
 * @param imputed  the value a {@link FeatureVector} uses when the feature is missing (unused if not nullable)
 * @param compute  the computation: a pure function of the stage's inputs; returns a value of {@code type}, or null
 *                 only if {@code nullable}
 * @param <I>      the inputs of the stage that computes the feature
 */
public record FeatureDefinition<I>(
        String name, String doc, FeatureType type, boolean nullable, double imputed, Function<? super I, ?> compute) {

    public FeatureDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compute, "compute");
        if (name.isBlank() || doc.isBlank()) {
            throw new IllegalArgumentException("feature name and doc must not be blank: " + name);
        }
    }

    /** A feature that is always present. */
    public static <I> FeatureDefinition<I> of(
            String name, FeatureType type, String doc, Function<? super I, ?> compute) {
        return new FeatureDefinition<>(name, doc, type, false, Double.NaN, compute);
    }

    /** A feature that may be missing (null); {@code imputed} stands in for it in a {@link FeatureVector}. */
    public static <I> FeatureDefinition<I> optional(
            String name, FeatureType type, double imputed, String doc, Function<? super I, ?> compute) {
        return new FeatureDefinition<>(name, doc, type, true, imputed, compute);
    }

    /**
     * Computes the feature for {@code inputs}.
     *
     * @throws IllegalStateException if the computation returns a value of the wrong type, or null for a feature
     *                               that is not nullable (a bug in the definition)
     */
    public Object computeFor(I inputs) {
        Object value = compute.apply(inputs);
        if (value == null ? !nullable : !type.accepts(value)) {
            throw new IllegalStateException("feature " + name + " computed " + value
                    + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")") + ", expected " + type
                    + (nullable ? " or null" : ""));
        }
        return value;
    }

    @Override
    public String toString() {
        return name + " (" + type + (nullable ? ", nullable" : "") + ")";
    }
}
