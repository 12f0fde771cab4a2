package io.fraudstream.trainer.data;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Joins transactions with their labels by transaction id and applies the maturity rule.
 *
 * <ul>
 *     <li>A transaction younger than {@code maturity} at {@code asOf} is left out, <em>whether or not it is
 *     labelled</em> ({@link Outcome#IMMATURE}, or {@link Outcome#IMMATURE_LABELLED} if it has a label): an
 *     unlabelled one may still turn out to be fraud, and keeping only the labelled ones (the fraud reported quickly
 *     and the analyst clearances: most legitimate transactions are never labelled) would turn the most recent
 *     period — the one the holdout and the last validation folds are cut from — into a small sample skewed towards
 *     fraud. So every period used is labelled alike.</li>
 *     <li>An older transaction with a {@code FRAUD} or {@code LEGITIMATE} label takes it; with several, the one with
 *     the latest {@code labelTime} wins (a later analyst verdict overrides an earlier one; equal times: the last
 *     read).</li>
 *     <li>An older unlabelled transaction (or one labelled only {@code UNKNOWN}) counts as legitimate: a fraud would
 *     have been reported by then.</li>
 *     <li>In a back-test (a run as of a past instant), a label whose {@code labelTime} is after {@code asOf} is
 *     ignored: it was not known then, and using it would let the back-test see its own future.</li>
 * </ul>
 * Feed every label with {@link #offer} first, then {@link #classify} each transaction. Not thread-safe.
 */
public final class LabelJoin {

    /** What a transaction counts as. */
    public enum Outcome {
        /** Mature, labelled fraud. */
        FRAUD,
        /** Mature, labelled legitimate or unlabelled. */
        LEGITIMATE,
        /** Younger than the maturity, unlabelled: left out. */
        IMMATURE,
        /** Younger than the maturity, already labelled: left out all the same. */
        IMMATURE_LABELLED;

        /** True if the transaction is left out for its age. */
        public boolean immature() {
            return this == IMMATURE || this == IMMATURE_LABELLED;
        }
    }

    private final Duration maturity;
    private final long asOfMs;
    private final boolean backTest;
    private final Map<String, FraudLabel> labels = new HashMap<>();
    private long labelsOffered;
    private long unknownVerdicts;
    private long labelsAfterAsOf;

    /** A join as of now: every label read counts. */
    public LabelJoin(Duration maturity, Instant asOf) {
        this(maturity, asOf, false);
    }

    /**
     * @param maturity how old a transaction must be to be used at all (and, unlabelled, to count as legitimate)
     * @param asOf     the instant ages are measured at (normally: now)
     * @param backTest true if {@code asOf} is a configured instant: labels with a later {@code labelTime} are ignored
     */
    public LabelJoin(Duration maturity, Instant asOf, boolean backTest) {
        this.maturity = Objects.requireNonNull(maturity, "maturity");
        this.asOfMs = Objects.requireNonNull(asOf, "asOf").toEpochMilli();
        this.backTest = backTest;
        if (maturity.isNegative()) {
            throw new IllegalArgumentException("maturity must not be negative, was " + maturity);
        }
    }

    /**
     * Takes a label into account; {@code UNKNOWN} verdicts, and in a back-test labels given after {@code asOf},
     * are counted and ignored.
     */
    public void offer(FraudLabel label) {
        labelsOffered++;
        if (backTest && label.getLabelTime().toEpochMilli() > asOfMs) {
            labelsAfterAsOf++;
            return;
        }
        if (label.getVerdict() != Verdict.FRAUD && label.getVerdict() != Verdict.LEGITIMATE) {
            unknownVerdicts++;
            return;
        }
        labels.merge(
                label.getTransactionId(),
                label,
                (old, neu) -> neu.getLabelTime().isBefore(old.getLabelTime()) ? old : neu);
    }

    /** The outcome of transaction {@code transactionId} with event time {@code eventTimeMs}. */
    public Outcome classify(String transactionId, long eventTimeMs) {
        FraudLabel label = labels.get(transactionId);
        if (eventTimeMs > matureUntilMs()) {
            return label == null ? Outcome.IMMATURE : Outcome.IMMATURE_LABELLED;
        }
        if (label == null) {
            return Outcome.LEGITIMATE;
        }
        return label.getVerdict() == Verdict.FRAUD ? Outcome.FRAUD : Outcome.LEGITIMATE;
    }

    /** The latest event time that is mature: {@code asOf - maturity}; every later transaction is left out. */
    public Instant matureUntil() {
        return Instant.ofEpochMilli(matureUntilMs());
    }

    private long matureUntilMs() {
        return asOfMs - maturity.toMillis();
    }

    /** Labels offered so far. */
    public long labelsOffered() {
        return labelsOffered;
    }

    /** Labels ignored because their verdict was neither FRAUD nor LEGITIMATE. */
    public long unknownVerdicts() {
        return unknownVerdicts;
    }

    /** Labels ignored because they were given after {@code asOf} (back-tests only). */
    public long labelsAfterAsOf() {
        return labelsAfterAsOf;
    }
}
