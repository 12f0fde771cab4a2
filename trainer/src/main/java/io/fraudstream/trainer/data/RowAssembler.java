package io.fraudstream.trainer.data;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns featured transactions into labelled rows: keeps those in the event-time window and of the current feature-set
 * version, drops repeated transaction ids (the first wins), labels them with a {@link LabelJoin} (all labels must
 * have been offered before; transactions younger than its maturity are left out, labelled or not) and reads their values with the one feature definition ({@link FeatureVector#of}).
 * Every record offered is counted in exactly one bucket of {@link LoadStats}. Not thread-safe.
 */
public final class RowAssembler {

    private final TimeWindow window;
    private final LabelJoin join;
    private final List<LabelledRow> rows = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long read;
    private long outsideWindow;
    private long otherFeatureSet;
    private long duplicates;
    private long immature;
    private long immatureLabelled;
    private long fraud;

    /**
     * @param window only transactions with event time in this window are kept
     * @param join   the labels, all offered
     */
    public RowAssembler(TimeWindow window, LabelJoin join) {
        this.window = Objects.requireNonNull(window, "window");
        this.join = Objects.requireNonNull(join, "join");
    }

    /** Takes one featured transaction. */
    public void accept(TransactionFeatures record) {
        read++;
        long eventTime = record.getEventTime().toEpochMilli();
        if (!window.contains(eventTime)) {
            outsideWindow++;
            return;
        }
        if (!FeatureSet.VERSION.equals(record.getFeatureSetVersion())) {
            otherFeatureSet++;
            return;
        }
        String id = record.getTransaction().getTransactionId();
        if (!seen.add(id)) {
            duplicates++;
            return;
        }
        LabelJoin.Outcome outcome = join.classify(id, eventTime);
        if (outcome.immature()) {
            immature++;
            immatureLabelled += outcome == LabelJoin.Outcome.IMMATURE_LABELLED ? 1 : 0;
            return;
        }
        boolean isFraud = outcome == LabelJoin.Outcome.FRAUD;
        if (isFraud) {
            fraud++;
        }
        rows.add(new LabelledRow(
                id,
                record.getTransaction().getCardToken(),
                eventTime,
                isFraud,
                FeatureVector.of(record).values()));
    }

    /** The rows so far, with their counts; {@code source} says where they came from. */
    public LabelledData build(String source) {
        LoadStats stats = new LoadStats(
                source,
                read,
                outsideWindow,
                otherFeatureSet,
                duplicates,
                immature,
                immatureLabelled,
                fraud,
                rows.size() - fraud,
                join.labelsOffered(),
                join.unknownVerdicts(),
                join.labelsAfterAsOf());
        return new LabelledData(FeatureSet.VERSION, FeatureVector.featureNames(), rows, stats);
    }
}
