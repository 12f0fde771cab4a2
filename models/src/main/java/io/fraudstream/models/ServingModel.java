package io.fraudstream.models;

import io.fraudstream.schemas.avro.ModelRecord;
import java.util.Objects;

/**
 * A verified, deserialized, validated model ready to score, with the metadata of its record (the model bytes are
 * not kept). {@link #score(double[])} is the served score: the {@link #scorer()}'s raw score through the record's
 * {@link #calibration()}; the thresholds and the score distribution are on that same scale
 * ({@link ScoreCalibration} states the contract).
 *
 * @param modelId           the record's model id
 * @param version           the record's version
 * @param digestSha256      digest of the model bytes, identifies the payload
 * @param algorithm         the record's algorithm
 * @param featureSetVersion feature set the model was trained on
 * @param reviewThreshold   the record's REVIEW threshold, on the served scale
 * @param declineThreshold  the record's DECLINE threshold, on the served scale
 * @param scoreDistribution the record's reference score distribution (bin fractions on the served scale, may be empty)
 * @param calibration       how the served score is derived from the raw score
 * @param scorer            the scorer of the raw score (and of the reasons, which explain the raw score)
 * @param loadedAtMs        when this instance loaded it (wall clock)
 */
public record ServingModel(
        String modelId,
        long version,
        String digestSha256,
        String algorithm,
        String featureSetVersion,
        double reviewThreshold,
        double declineThreshold,
        java.util.List<Double> scoreDistribution,
        ScoreCalibration calibration,
        Scorer scorer,
        long loadedAtMs) {

    public ServingModel {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(scorer, "scorer");
        scoreDistribution = java.util.List.copyOf(scoreDistribution);
    }

    static ServingModel of(ModelRecord r, ScoreCalibration calibration, Scorer scorer, long loadedAtMs) {
        return new ServingModel(
                r.getModelId(),
                r.getVersion(),
                r.getDigestSha256(),
                r.getAlgorithm(),
                r.getFeatureSetVersion(),
                r.getReviewThreshold(),
                r.getDeclineThreshold(),
                r.getScoreDistribution() == null ? java.util.List.of() : r.getScoreDistribution(),
                calibration,
                scorer,
                loadedAtMs);
    }

    /** The served score of {@code values}: the raw score, calibrated if the record asks for it. */
    public double score(double[] values) {
        return calibration.apply(scorer.score(values));
    }

    /** Same model id, version and payload digest. */
    public boolean sameAs(ModelRecord r) {
        return modelId.equals(r.getModelId())
                && version == r.getVersion()
                && Objects.equals(digestSha256, r.getDigestSha256());
    }

    /** {@code modelId v<version>}. */
    public String describe() {
        return modelId + " v" + version;
    }
}
