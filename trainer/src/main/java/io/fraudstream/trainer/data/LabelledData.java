package io.fraudstream.trainer.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Labelled rows of one feature-set version, sorted by event time (then transaction id, so the order is
 * deterministic), with the counts of how they were obtained.
 *
 * @param featureSetVersion the feature-set version of every row
 * @param featureNames      the feature names, in the order of {@link LabelledRow#features()}
 * @param rows              the rows, sorted
 * @param stats             how the rows were read and joined
 */
public record LabelledData(
        String featureSetVersion, List<String> featureNames, List<LabelledRow> rows, LoadStats stats) {

    /** Event time, then transaction id. */
    public static final Comparator<LabelledRow> ORDER =
            Comparator.comparingLong(LabelledRow::eventTimeMs).thenComparing(LabelledRow::transactionId);

    public LabelledData {
        Objects.requireNonNull(featureSetVersion, "featureSetVersion");
        featureNames = List.copyOf(featureNames);
        List<LabelledRow> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        rows = java.util.Collections.unmodifiableList(sorted);
        Objects.requireNonNull(stats, "stats");
        for (LabelledRow r : rows) {
            if (r.features().length != featureNames.size()) {
                throw new IllegalArgumentException("row " + r.transactionId() + " has " + r.features().length
                        + " features, expected " + featureNames.size());
            }
        }
    }

    /** The rows whose event time lies in {@code window}, in order. */
    public List<LabelledRow> in(TimeWindow window) {
        return rows.stream().filter(r -> window.contains(r.eventTimeMs())).toList();
    }

    /** These data restricted to {@code window}; rows left out are added to {@link LoadStats#outsideWindow()}. */
    public LabelledData within(TimeWindow window) {
        List<LabelledRow> kept = in(window);
        long fraud = kept.stream().filter(LabelledRow::fraud).count();
        long dropped = rows.size() - kept.size();
        LoadStats s = new LoadStats(
                stats.source(),
                stats.featuresRead(),
                stats.outsideWindow() + dropped,
                stats.otherFeatureSet(),
                stats.duplicates(),
                stats.immature(),
                stats.immatureLabelled(),
                fraud,
                kept.size() - fraud,
                stats.labelsRead(),
                stats.labelsUnknown(),
                stats.labelsAfterAsOf());
        return new LabelledData(featureSetVersion, featureNames, kept, s);
    }

    /** Number of fraud rows. */
    public long fraudCount() {
        return rows.stream().filter(LabelledRow::fraud).count();
    }
}
