package io.fraudstream.trainer.eval;

/**
 * The documented rule that turns a precision-recall curve into the REVIEW and DECLINE thresholds. Applied to the
 * out-of-sample scores of the last validation fold (never to the holdout, which only measures the result):
 * <ul>
 *     <li><b>REVIEW</b>: the lowest score threshold whose alert rate (fraction of all transactions scoring at or
 *     above it) is at most {@code reviewAlertRate}: the analysts' capacity.</li>
 *     <li><b>DECLINE</b>: among thresholds at or above REVIEW whose alert rate is at most {@code declineMaxAlertRate},
 *     the lowest one whose precision reaches {@code declinePrecision} (the most fraud caught at that precision).
 *     If none reaches it, the lowest threshold with alert rate at most {@code declineMaxAlertRate / 10} (declining
 *     only the most extreme scores).</li>
 * </ul>
 * If a rule finds no threshold at all (no score is rare enough), the threshold is just above the highest score
 * seen, so nothing is flagged by it.
 *
 * @param reviewAlertRate     largest fraction of transactions sent to review
 * @param declinePrecision    precision a decline must reach
 * @param declineMaxAlertRate largest fraction of transactions declined
 */
public record ThresholdRule(double reviewAlertRate, double declinePrecision, double declineMaxAlertRate) {

    public ThresholdRule {
        requireFraction("review alert rate", reviewAlertRate);
        requireFraction("decline precision", declinePrecision);
        requireFraction("decline max alert rate", declineMaxAlertRate);
    }

    private static void requireFraction(String what, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], was " + v);
        }
    }

    /**
     * The chosen thresholds with what they achieved on the data they were chosen on.
     *
     * @param review             REVIEW threshold
     * @param decline            DECLINE threshold ({@code >= review})
     * @param reviewAlertRate    alert rate at review on that data
     * @param reviewPrecision    precision at review on that data
     * @param declineAlertRate   alert rate at decline on that data
     * @param declinePrecision   precision at decline on that data
     * @param declineByPrecision true if the decline threshold met the precision target, false if the fallback was used
     */
    public record Choice(
            double review,
            double decline,
            double reviewAlertRate,
            double reviewPrecision,
            double declineAlertRate,
            double declinePrecision,
            boolean declineByPrecision) {}

    /** Applies the rule to these scores. */
    public Choice choose(RankedScores ranked) {
        if (ranked.size() == 0) {
            throw new IllegalArgumentException("no scores to choose thresholds on");
        }
        int review = lowestWithAlertRate(ranked, reviewAlertRate, ranked.size() - 1);
        double reviewThreshold = review < 0 ? Math.nextUp(ranked.threshold(0)) : ranked.threshold(review);
        int decline = -1;
        int lastCandidate = review < 0 ? -1 : review;
        for (int i = 0; i <= lastCandidate; i++) {
            if (ranked.alertRate(i) <= declineMaxAlertRate && ranked.precision(i) >= declinePrecision) {
                decline = i;
            }
        }
        boolean byPrecision = decline >= 0;
        if (!byPrecision) {
            decline = lowestWithAlertRate(ranked, declineMaxAlertRate / 10, lastCandidate);
        }
        double declineThreshold = decline < 0 ? Math.nextUp(ranked.threshold(0)) : ranked.threshold(decline);
        declineThreshold = Math.max(declineThreshold, reviewThreshold);
        ConfusionMatrix atReview = ranked.at(reviewThreshold);
        ConfusionMatrix atDecline = ranked.at(declineThreshold);
        return new Choice(
                reviewThreshold,
                declineThreshold,
                atReview.alertRate(),
                atReview.precision(),
                atDecline.alertRate(),
                atDecline.precision(),
                byPrecision);
    }

    /** The last (lowest-threshold) point up to {@code last} whose alert rate is at most {@code rate}; -1 if none. */
    private static int lowestWithAlertRate(RankedScores ranked, double rate, int last) {
        int found = -1;
        for (int i = 0; i <= last; i++) {
            if (ranked.alertRate(i) <= rate) {
                found = i;
            } else {
                break;
            }
        }
        return found;
    }
}
