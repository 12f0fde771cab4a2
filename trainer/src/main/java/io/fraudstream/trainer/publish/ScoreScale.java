package io.fraudstream.trainer.publish;

import io.fraudstream.models.RejectedModelException;
import io.fraudstream.models.ScoreCalibration;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.trainer.eval.Calibration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The scale of a published model's served score, and of the {@code reviewThreshold}, {@code declineThreshold} and
 * {@code scoreDistribution} of its {@link ModelRecord}. This is the trainer's side of the contract the scoring
 * service reads in {@link ScoreCalibration} (models module, whose keys these are); the two must stay in step:
 * <ul>
 *     <li>provenance {@value #KEY} = {@value #PLATT}: the service serves {@link Calibration.Platt#apply} of the
 *     model's raw {@code FRAUD} score with {@code a} = metric {@value #PLATT_A}, {@code b} = metric
 *     {@value #PLATT_B} (raw score clamped to {@code [1e-9, 1 - 1e-9]}), and the thresholds and reference
 *     distribution are on that calibrated scale. The trainer chooses thresholds on raw validation scores and maps
 *     them through the same function; Platt scaling with {@code a > 0} is increasing, so the decisions are the
 *     raw model's (except raw scores whose calibrated values round to the same double, near 0 or 1).</li>
 *     <li>{@value #KEY} absent or {@value #RAW}: the raw score, raw-scale thresholds. Records of trainers before
 *     calibrated serving carry the Platt metrics but no {@value #KEY}: they are raw.</li>
 * </ul>
 * A fit with {@code a <= 0} (decreasing: it would reverse the ranking) or non-finite parameters is published raw.
 * Reason codes are never calibrated: they explain the raw margin.
 *
 * @param platt the calibration the served score goes through; empty: the raw score is served
 */
public record ScoreScale(Optional<Calibration.Platt> platt) {

    /** Provenance key naming the scale (the loader's {@link ScoreCalibration#SCALE_KEY}). */
    public static final String KEY = ScoreCalibration.SCALE_KEY;
    /** {@value #KEY} value: raw scores. */
    public static final String RAW = ScoreCalibration.RAW;
    /** {@value #KEY} value: Platt-calibrated scores. */
    public static final String PLATT = ScoreCalibration.PLATT;
    /** Metric holding Platt's slope (written for every model, whatever its scale). */
    public static final String PLATT_A = ScoreCalibration.PLATT_A;
    /** Metric holding Platt's intercept. */
    public static final String PLATT_B = ScoreCalibration.PLATT_B;

    /** Raw scores. */
    public static final ScoreScale RAW_SCORES = new ScoreScale(Optional.empty());

    public ScoreScale {
        platt = java.util.Objects.requireNonNull(platt, "platt");
        platt.ifPresent(p -> {
            if (!servable(p)) {
                throw new IllegalArgumentException(
                        "Platt scaling " + p + " cannot be served: a must be finite and > 0, b finite");
            }
        });
    }

    /** The scale to publish a model with, given the Platt scaling fitted for it: calibrated if it can be served. */
    public static ScoreScale forPublishing(Calibration.Platt fitted) {
        return servable(fitted) ? new ScoreScale(Optional.of(fitted)) : RAW_SCORES;
    }

    /**
     * The scale {@code r} is served on (as the scoring service reads it).
     *
     * @throws IllegalArgumentException if the scoring service would reject the record for it
     */
    public static ScoreScale of(ModelRecord r) {
        ScoreCalibration c;
        try {
            c = ScoreCalibration.of(r);
        } catch (RejectedModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return c.platt() ? new ScoreScale(Optional.of(new Calibration.Platt(c.a(), c.b()))) : RAW_SCORES;
    }

    /** The Platt parameters stored in {@code r}'s metrics, whatever its scale. */
    public static Optional<Calibration.Platt> storedPlatt(ModelRecord r) {
        Map<String, Double> m = r.getMetrics() == null ? Map.of() : r.getMetrics();
        Double a = m.get(PLATT_A);
        Double b = m.get(PLATT_B);
        return a == null || b == null ? Optional.empty() : Optional.of(new Calibration.Platt(a, b));
    }

    private static boolean servable(Calibration.Platt p) {
        return Double.isFinite(p.a()) && Double.isFinite(p.b()) && p.a() > 0;
    }

    /** True if the served score is calibrated. */
    public boolean calibrated() {
        return platt.isPresent();
    }

    /** The served score of a raw score. */
    public double apply(double raw) {
        return platt.map(p -> p.apply(raw)).orElse(raw);
    }

    /** {@link #apply} of each raw score. */
    public double[] apply(double[] raw) {
        return platt.map(p -> p.apply(raw)).orElse(raw);
    }

    /**
     * Records the scale: {@value #KEY} in {@code provenance}, and the fitted parameters in {@code metrics} (for a
     * raw scale too, for information, as before calibrated serving).
     */
    public void writeTo(Map<String, String> provenance, Map<String, Double> metrics, Calibration.Platt fitted) {
        writeMetrics(metrics, fitted);
        provenance.put(KEY, name());
    }

    /**
     * Records the fitted parameters in {@code metrics} (for a raw scale too); the scale's name goes into the model's
     * provenance ({@link ModelLineage}).
     *
     * @throws IllegalArgumentException if this scale is calibrated with other parameters than {@code fitted}
     */
    public void writeMetrics(Map<String, Double> metrics, Calibration.Platt fitted) {
        if (platt.isPresent() && !platt.get().equals(fitted)) {
            throw new IllegalArgumentException("the scale " + describe() + " is not the fitted " + fitted);
        }
        metrics.put(PLATT_A, fitted.a());
        metrics.put(PLATT_B, fitted.b());
    }

    /** The value of {@value #KEY} naming this scale: {@value #PLATT} or {@value #RAW}. */
    public String name() {
        return calibrated() ? PLATT : RAW;
    }

    /** {@code raw} or {@code platt(a=..., b=...)}. */
    public String describe() {
        return platt.map(p -> String.format(Locale.ROOT, "%s(a=%s, b=%s)", PLATT, p.a(), p.b()))
                .orElse(RAW);
    }
}
