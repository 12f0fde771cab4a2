package io.fraudstream.features;

import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature set: the one place where features are defined. The feature stream computes them with these
 * definitions and writes each into the {@code TransactionFeatures} field of the same name; the trainer and the scoring
 * service read them back with {@link FeatureVector}, in {@link #names()} order.
 *
 * <p>Every {@code TransactionFeatures} field is either a feature defined here or one of {@link #CONTEXT_FIELDS}
 * (a test checks both directions). Changing a definition's meaning or adding or removing a feature requires a new
 * {@link #VERSION}: models record the version they were trained on and only score features of that version.
 */
public final class FeatureSet {

    /** Version of these definitions, written into every {@code TransactionFeatures.featureSetVersion}. */
    public static final String VERSION = "features-v4";

    /**
     * The label delay d of the merchant and terminal fraud shares: they are taken over windows ending d before the transaction, whose
     * transactions' labels (chargebacks, verdicts) are due by then. Part of the definitions: another delay is another
     * {@link #VERSION}.
     */
    public static final java.time.Duration LABEL_DELAY = java.time.Duration.ofDays(7);

    /**
     * The default merchant lag: merchant and terminal features of a transaction at {@code t} are taken as of
     * {@code t - lag}, from merchant state kept off the scoring path (the feature stream's
     * {@code features.merchant.lag.ms}). The lag must exceed the time merchant state normally takes to catch up with
     * live traffic, so that no live transaction waits for it. Feature values depend on it: a model scores well only
     * the lag it was trained with.
     */
    public static final java.time.Duration MERCHANT_LAG = java.time.Duration.ofSeconds(5);

    /**
     * {@code TransactionFeatures} fields that are not features: the transaction, the version, its event time, the
     * late-arrival flag (a data-quality flag, not a model input), the base currency and the card's home country.
     */
    public static final List<String> CONTEXT_FIELDS =
            List.of("transaction", "featureSetVersion", "eventTime", "outOfOrder", "baseCurrency", "cardHomeCountry");

    private static final List<FeatureDefinition<?>> ALL;
    private static final Map<String, FeatureDefinition<?>> BY_NAME;
    private static final Map<String, Integer> POSITIONS;

    static {
        List<FeatureDefinition<?>> all = new ArrayList<>(CardFeatures.definitions());
        all.addAll(MerchantFeatures.definitions());
        ALL = List.copyOf(all);
        Map<String, FeatureDefinition<?>> byName = new LinkedHashMap<>();
        for (FeatureDefinition<?> d : ALL) {
            if (byName.put(d.name(), d) != null) {
                throw new ExceptionInInitializerError("feature " + d.name() + " defined twice");
            }
        }
        BY_NAME = Map.copyOf(byName);
        Map<String, Integer> positions = new java.util.HashMap<>();
        for (var field : TransactionFeatures.getClassSchema().getFields()) {
            positions.put(field.name(), field.pos());
        }
        POSITIONS = Map.copyOf(positions);
    }

    private FeatureSet() {}

    /** Every feature: the card stage's, then the merchant stage's. */
    public static List<FeatureDefinition<?>> all() {
        return ALL;
    }

    /** The feature names, in definition order (not including missing-value indicators; see {@link FeatureVector#featureNames()}). */
    public static List<String> names() {
        return ALL.stream().map(FeatureDefinition::name).toList();
    }

    /** The feature called {@code name}. */
    public static Optional<FeatureDefinition<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * A writer that computes every feature of {@code definitions} and writes each into the field of the same name of
     * a {@code TransactionFeatures} record; field positions are looked up once, here.
     */
    public static <I> Writer<I> writer(List<FeatureDefinition<I>> definitions) {
        return new Writer<>(
                List.copyOf(definitions),
                definitions.stream().mapToInt(d -> POSITIONS.get(d.name())).toArray());
    }

    /** Computes a fixed list of features into {@code TransactionFeatures} records. Immutable, thread-safe. */
    public static final class Writer<I> {
        private final List<FeatureDefinition<I>> definitions;
        private final int[] positions;

        private Writer(List<FeatureDefinition<I>> definitions, int[] positions) {
            this.definitions = definitions;
            this.positions = positions;
        }

        /** Computes each feature from {@code inputs} and writes it to its field of {@code target}. */
        public void computeInto(TransactionFeatures target, I inputs) {
            for (int i = 0; i < positions.length; i++) {
                target.put(positions[i], definitions.get(i).computeFor(inputs));
            }
        }
    }

    /** The index of {@code name} in the {@code TransactionFeatures} schema (for {@code get(int)}/{@code put(int, Object)}). */
    public static int fieldPosition(String name) {
        var field = TransactionFeatures.getClassSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException("TransactionFeatures has no field " + name);
        }
        return field.pos();
    }
}
