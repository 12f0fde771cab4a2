package io.fraudstream.models;

import io.fraudstream.schemas.avro.ReasonCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns per-feature contributions into the top reason codes. */
public final class Contributions {

    private static final Comparator<ReasonCode> LARGEST_FIRST =
            Comparator.comparingDouble(ReasonCode::getContribution).reversed().thenComparing(ReasonCode::getFeature);

    private Contributions() {}

    /**
     * The {@code top} features with the largest positive contribution, largest first (ties by name).
     *
     * @param names         feature names
     * @param values        feature values (reported as given)
     * @param contributions contribution of each feature to the fraud score (log-odds); NaN or non-positive entries are skipped
     */
    public static List<ReasonCode> top(List<String> names, double[] values, double[] contributions, int top) {
        if (top <= 0) {
            return List.of();
        }
        List<ReasonCode> positive = new ArrayList<>();
        for (int i = 0; i < contributions.length; i++) {
            if (contributions[i] > 0) {
                positive.add(new ReasonCode(names.get(i), values[i], contributions[i]));
            }
        }
        positive.sort(LARGEST_FIRST);
        return positive.size() <= top ? positive : List.copyOf(positive.subList(0, top));
    }
}
