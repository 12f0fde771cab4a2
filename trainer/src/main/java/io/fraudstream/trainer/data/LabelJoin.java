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
 *     <li>A transaction with a {@code FRAUD} or {@code LEGITIMATE} label takes it; with several, the one with the
 *     latest {@code labelTime} wins (a later analyst verdict overrides an earlier one; equal times: the last read).</li>
 *     <li>An unlabelled transaction (or one labelled only {@code UNKNOWN}) whose event time is at least
 *     {@code maturity} before {@code asOf} counts as legitimate: a fraud would have been reported by then.</li>
 *     <li>A younger unlabelled transaction is {@link Outcome#IMMATURE}: left out, since it may still turn out
 *     to be fraud.</li>
 *     <li>In a back-test (a run as of a past instant), a label whose {@code labelTime} is after {@code asOf} is
 *     ignored: it was not known then, and using it would let the back-test see its own future.</li>
 * </ul>
 * Feed every label with {@link #offer} first, then {@link #classify} each transaction. Not thread-safe.
 */
public final class LabelJoin {

    /** What a transaction counts as. */
    public enum Outcome {
        FRAUD,
        LEGITIMATE,
        IMMATURE
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
     * @param maturity how old an unlabelled transaction must be to count as legitimate
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
        if (label != null) {
            return label.getVerdict() == Verdict.FRAUD ? Outcome.FRAUD : Outcome.LEGITIMATE;
        }
        return eventTimeMs + maturity.toMillis() <= asOfMs ? Outcome.LEGITIMATE : Outcome.IMMATURE;
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
