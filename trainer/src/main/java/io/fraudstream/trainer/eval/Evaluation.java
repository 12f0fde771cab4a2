package io.fraudstream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's metrics on one labelled period (the holdout).
 *
 * @param rows                  transactions evaluated
 * @param fraud                 fraud among them
 * @param rocAuc                area under the ROC curve
 * @param averagePrecision      average precision (area under the precision-recall curve)
 * @param atReview              counts at the REVIEW threshold
 * @param atDecline             counts at the DECLINE threshold
 * @param recallAtFpr01         recall at a false-positive rate of at most 0.1 %
 * @param recallAtFpr1          recall at a false-positive rate of at most 1 %
 * @param precisionAtKCards     mean daily precision of the top {@code k} cards, each day on its own
 *                              ({@link PrecisionAtK#compute})
 * @param cardPrecisionTopK     card precision top-{@code k} as defined by Le Borgne et al.: cards detected as
 *                              compromised leave the later days, each day divided by {@code k}
 *                              ({@link PrecisionAtK#cardPrecisionTopK})
 * @param k                     cards per day for {@code precisionAtKCards} and {@code cardPrecisionTopK}
 * @param brierRaw              Brier score of the raw scores
 * @param brierCalibrated       Brier score after Platt scaling
 * @param calibrationErrorRaw   expected calibration error of the raw scores
 * @param calibrationErrorCalibrated expected calibration error after Platt scaling
 * @param reliabilityRaw        reliability bins of the raw scores
 * @param reliabilityCalibrated reliability bins after Platt scaling
 */
public record Evaluation(
        long rows,
        long fraud,
        double rocAuc,
        double averagePrecision,
        ConfusionMatrix atReview,
        ConfusionMatrix atDecline,
        double recallAtFpr01,
        double recallAtFpr1,
        double precisionAtKCards,
        double cardPrecisionTopK,
        int k,
        double brierRaw,
        double brierCalibrated,
        double calibrationErrorRaw,
        double calibrationErrorCalibrated,
        List<Calibration.Bin> reliabilityRaw,
        List<Calibration.Bin> reliabilityCalibrated) {

    /** Number of reliability bins. */
    public static final int BINS = 10;

    /**
     * Evaluates scores against labels.
     *
     * @param ranked      the ranked scores
     * @param scores      the scores, in row order
     * @param fraud       the labels, in row order
     * @param cards       the cards, in row order
     * @param eventTimeMs the event times, in row order
     * @param review      REVIEW threshold
     * @param decline     DECLINE threshold
     * @param platt       calibration to apply for the calibrated figures
     * @param k           cards per day for precision at k
     */
    public static Evaluation of(
            RankedScores ranked,
            double[] scores,
            boolean[] fraud,
            String[] cards,
            long[] eventTimeMs,
            double review,
            double decline,
            Calibration.Platt platt,
            int k) {
        return of(ranked, ranked, scores, fraud, cards, eventTimeMs, review, decline, platt, k);
    }

    /**
     * Evaluates scores against labels, with the thresholds on another, increasing, scale of the same scores (the
     * served scale of a model whose thresholds are on its calibrated score): the counts at REVIEW and DECLINE are
     * taken on {@code served}, everything else on the raw scores.
     *
     * @param ranked      the ranked raw scores
     * @param served      the ranked served scores, in which {@code review} and {@code decline} are thresholds
     * @param scores      the raw scores, in row order
     * @param fraud       the labels, in row order
     * @param cards       the cards, in row order
     * @param eventTimeMs the event times, in row order
     * @param review      REVIEW threshold on the served scale
     * @param decline     DECLINE threshold on the served scale
     * @param platt       calibration to apply to the raw scores for the calibrated figures
     * @param k           cards per day for precision at k
     */
    public static Evaluation of(
            RankedScores ranked,
            RankedScores served,
            double[] scores,
            boolean[] fraud,
            String[] cards,
            long[] eventTimeMs,
            double review,
            double decline,
            Calibration.Platt platt,
            int k) {
        double[] calibrated = platt.apply(scores);
        List<Calibration.Bin> raw = Calibration.reliability(scores, fraud, BINS);
        List<Calibration.Bin> cal = Calibration.reliability(calibrated, fraud, BINS);
        return new Evaluation(
                ranked.total(),
                ranked.positives(),
                ranked.rocAuc(),
                ranked.averagePrecision(),
                served.at(review),
                served.at(decline),
                ranked.recallAtFpr(0.001),
                ranked.recallAtFpr(0.01),
                PrecisionAtK.compute(cards, eventTimeMs, scores, fraud, k),
                PrecisionAtK.cardPrecisionTopK(cards, eventTimeMs, scores, fraud, k),
                k,
                Calibration.brier(scores, fraud),
                Calibration.brier(calibrated, fraud),
                Calibration.expectedCalibrationError(raw),
                Calibration.expectedCalibrationError(cal),
                raw,
                cal);
    }

    /** The headline figures by name (for ModelRecord.metrics and metrics.json); NaN values are left out. */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "rows", rows);
        put(m, "fraud", fraud);
        put(m, "roc_auc", rocAuc);
        put(m, "average_precision", averagePrecision);
        put(m, "review_precision", atReview.precision());
        put(m, "review_recall", atReview.recall());
        put(m, "review_f1", atReview.f1());
        put(m, "review_alert_rate", atReview.alertRate());
        put(m, "decline_precision", atDecline.precision());
        put(m, "decline_recall", atDecline.recall());
        put(m, "decline_f1", atDecline.f1());
        put(m, "decline_alert_rate", atDecline.alertRate());
        put(m, "recall_at_0.1pct_fpr", recallAtFpr01);
        put(m, "recall_at_1pct_fpr", recallAtFpr1);
        put(m, "precision_at_" + k + "_cards_per_day", precisionAtKCards);
        put(m, "card_precision_top_" + k + "_le_borgne", cardPrecisionTopK);
        put(m, "brier_raw", brierRaw);
        put(m, "brier_calibrated", brierCalibrated);
        put(m, "ece_raw", calibrationErrorRaw);
        put(m, "ece_calibrated", calibrationErrorCalibrated);
        return m;
    }

    private static void put(Map<String, Double> m, String key, double v) {
        if (!Double.isNaN(v)) {
            m.put(key, v);
        }
    }
}
