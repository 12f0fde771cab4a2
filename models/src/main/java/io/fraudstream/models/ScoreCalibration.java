package io.fraudstream.models;

import io.fraudstream.schemas.avro.ModelRecord;
import java.util.Locale;
import java.util.Map;

/**
 * How the score the service serves ({@code ScoredTransaction.score}) is derived from a model's raw {@code FRAUD}
 * score, as the {@link ModelRecord} says. The contract, shared with the trainer ({@code ScoreScale} in the trainer
 * module reads and writes it the same way):
 * <ul>
 *     <li>provenance {@value #SCALE_KEY} = {@value #PLATT}: the served score is Platt scaling of the raw score,
 *     {@code p = 1 / (1 + exp(-(a * logit(s) + b)))} with {@code a} = metric {@value #PLATT_A}, {@code b} = metric
 *     {@value #PLATT_B}, and {@code s} clamped to {@code [}{@value #CLAMP}{@code , 1 - }{@value #CLAMP}{@code ]}
 *     first (a raw 0 or 1 has no logit). The record's {@code reviewThreshold}, {@code declineThreshold} and
 *     {@code scoreDistribution} are on that calibrated scale: the trainer maps its raw-score thresholds through the
 *     same function, which is increasing ({@code a > 0} is required), so a raw score reaches a raw threshold exactly
 *     when its calibrated score reaches the calibrated one, and decisions are those of the raw model. (Exception:
 *     raw scores so close together, near 0 or 1, that their calibrated values round to the same double; such ties
 *     go the alerting way.)</li>
 *     <li>{@value #SCALE_KEY} absent or {@value #RAW}: the raw score is served, and the thresholds are on the raw
 *     scale. Every record published before calibrated serving is read this way, <b>even if it carries the Platt
 *     metrics</b> (earlier trainers stored them for information, with raw-scale thresholds).</li>
 * </ul>
 * A record that asks for {@value #PLATT} without finite parameters, with {@code a <= 0} (not increasing: it would
 * reverse the ranking), or with another scale is rejected (category {@link RejectedModelException.Rejection#CALIBRATION}); the previous
 * model keeps serving. Reason codes are not calibrated: they explain the raw model's margin (log-odds for linear
 * models, XGBoost's TreeSHAP), which Platt scaling maps monotonically but not additively.
 *
 * @param platt true if the Platt mapping applies, false if the raw score is served
 * @param a     slope on logit(raw score) (1 when raw)
 * @param b     intercept (0 when raw)
 */
public record ScoreCalibration(boolean platt, double a, double b) {

    /** Provenance key naming the scale of the served score, thresholds and score distribution. */
    public static final String SCALE_KEY = "score.scale";
    /** {@value #SCALE_KEY} value: the raw model score is served. */
    public static final String RAW = "raw";
    /** {@value #SCALE_KEY} value: the Platt-calibrated score is served. */
    public static final String PLATT = "platt";
    /** Metric holding Platt's slope. */
    public static final String PLATT_A = "calibration_platt_a";
    /** Metric holding Platt's intercept. */
    public static final String PLATT_B = "calibration_platt_b";
    /** The raw score is clamped to {@code [CLAMP, 1 - CLAMP]} before its logit is taken. */
    public static final double CLAMP = 1e-9;

    /** The raw score, unchanged. */
    public static final ScoreCalibration NONE = new ScoreCalibration(false, 1, 0);

    /** Platt scaling with these parameters (not validated: see {@link #of(ModelRecord)}). */
    public static ScoreCalibration platt(double a, double b) {
        return new ScoreCalibration(true, a, b);
    }

    /**
     * The calibration {@code r} asks for.
     *
     * @throws RejectedModelException if it asks for one that cannot be served
     */
    public static ScoreCalibration of(ModelRecord r) throws RejectedModelException {
        Map<String, String> provenance = r.getProvenance() == null ? Map.of() : r.getProvenance();
        String scale = provenance.get(SCALE_KEY);
        if (scale == null || scale.trim().equalsIgnoreCase(RAW)) {
            return NONE;
        }
        if (!scale.trim().toLowerCase(Locale.ROOT).equals(PLATT)) {
            throw rejected(r, "has " + SCALE_KEY + "=" + scale + "; this service serves " + RAW + " or " + PLATT);
        }
        Map<String, Double> metrics = r.getMetrics() == null ? Map.of() : r.getMetrics();
        Double a = metrics.get(PLATT_A);
        Double b = metrics.get(PLATT_B);
        if (a == null || b == null || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw rejected(
                    r,
                    "asks for Platt-calibrated scores but its parameters are " + PLATT_A + "=" + a + ", " + PLATT_B
                            + "=" + b + " (need two finite numbers)");
        }
        if (!(a > 0)) {
            throw rejected(
                    r,
                    "has Platt slope " + PLATT_A + "=" + a + ": not increasing, calibrated scores would "
                            + "not rank as the model's");
        }
        ScoreCalibration c = platt(a, b);
        for (double probe : new double[] {0, CLAMP, 0.5, 1 - CLAMP, 1}) {
            double p = c.apply(probe);
            if (!(p >= 0 && p <= 1)) {
                throw rejected(r, "maps raw score " + probe + " to " + p + " with Platt a=" + a + ", b=" + b);
            }
        }
        return c;
    }

    /** The served score of raw score {@code raw}. */
    public double apply(double raw) {
        if (!platt) {
            return raw;
        }
        double s = Math.min(1 - CLAMP, Math.max(CLAMP, raw));
        return 1 / (1 + Math.exp(-(a * Math.log(s / (1 - s)) + b)));
    }

    /** For logs and {@code /v1/models/current}: {@code raw} or {@code platt(a=..., b=...)}. */
    public String describe() {
        return platt ? String.format(Locale.ROOT, "%s(a=%s, b=%s)", PLATT, a, b) : RAW;
    }

    private static RejectedModelException rejected(ModelRecord r, String what) {
        return new RejectedModelException(
                RejectedModelException.Rejection.CALIBRATION, ModelContract.describe(r) + " " + what, null);
    }
}
