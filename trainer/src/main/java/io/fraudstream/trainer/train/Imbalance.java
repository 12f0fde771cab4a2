package io.fraudstream.trainer.train;

import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How class imbalance (fraud is rare) is handled when training.
 *
 * <ul>
 *     <li>{@link Mode#NONE}: every row, weight 1.</li>
 *     <li>{@link Mode#WEIGHT}: every row; fraud rows weigh {@code fraudWeight} (0 or less: automatic,
 *     {@code sqrt(legitimate / fraud)} of the rows given). Tribuo trains XGBoost as a two-class softprob model,
 *     so XGBoost's {@code scale_pos_weight} would be ignored: example weights are the way.</li>
 *     <li>{@link Mode#UNDERSAMPLE}: every fraud row and about {@code legitPerFraud} legitimate rows per fraud row,
 *     chosen by a seeded hash of the transaction id (so a row's selection does not depend on the others).</li>
 * </ul>
 * Weights and sampling shift the score scale: thresholds are therefore chosen on the precision-recall curve of
 * validation data, and the report shows calibration.
 *
 * @param mode          the mode
 * @param fraudWeight   fraud row weight for {@link Mode#WEIGHT}; 0 or less = automatic
 * @param legitPerFraud legitimate rows kept per fraud row for {@link Mode#UNDERSAMPLE}
 */
public record Imbalance(Mode mode, double fraudWeight, double legitPerFraud) {

    /** The modes. */
    public enum Mode {
        NONE,
        WEIGHT,
        UNDERSAMPLE;

        /** Parses a mode name, case-insensitively. */
        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * A row with its training weight.
     *
     * @param row    the row
     * @param weight its weight
     */
    public record Weighted(LabelledRow row, float weight) {}

    public Imbalance {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.UNDERSAMPLE && !(legitPerFraud > 0)) {
            throw new IllegalArgumentException("legitimate rows per fraud row must be positive, was " + legitPerFraud);
        }
    }

    /** The training rows and weights for {@code rows}, in their order. */
    public List<Weighted> apply(List<LabelledRow> rows, long seed) {
        long fraud = rows.stream().filter(LabelledRow::fraud).count();
        long legit = rows.size() - fraud;
        List<Weighted> out = new ArrayList<>(rows.size());
        switch (mode) {
            case NONE -> rows.forEach(r -> out.add(new Weighted(r, 1f)));
            case WEIGHT -> {
                float w = (float) effectiveFraudWeight(fraud, legit);
                rows.forEach(r -> out.add(new Weighted(r, r.fraud() ? w : 1f)));
            }
            case UNDERSAMPLE -> {
                double keep = fraud == 0 ? 1.0 : Math.min(1.0, legitPerFraud * fraud / Math.max(1, legit));
                for (LabelledRow r : rows) {
                    if (r.fraud() || Sampling.keep(r.transactionId(), seed, keep)) {
                        out.add(new Weighted(r, 1f));
                    }
                }
            }
        }
        return out;
    }

    /** The fraud weight {@link Mode#WEIGHT} uses for these counts. */
    public double effectiveFraudWeight(long fraud, long legit) {
        if (fraudWeight > 0) {
            return fraudWeight;
        }
        return fraud == 0 ? 1.0 : Math.max(1.0, Math.sqrt((double) legit / fraud));
    }

    @Override
    public String toString() {
        return switch (mode) {
            case NONE -> "none";
            case WEIGHT -> "weight(fraud=" + (fraudWeight > 0 ? fraudWeight : "auto sqrt(legit/fraud)") + ")";
            case UNDERSAMPLE -> "undersample(legit per fraud=" + legitPerFraud + ")";
        };
    }
}
