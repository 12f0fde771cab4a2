package io.fraudstream.scoring.model;

import io.fraudstream.schemas.avro.ModelRecord;

import java.util.Objects;

/**
 * A verified, deserialized, validated model ready to score, with the metadata of its record (the model bytes are
 * not kept).
 *
 * @param modelId           the record's model id
 * @param version           the record's version
 * @param digestSha256      digest of the model bytes, identifies the payload
 * @param algorithm         the record's algorithm
 * @param featureSetVersion feature set the model was trained on
 * @param reviewThreshold   the record's REVIEW threshold
 * @param declineThreshold  the record's DECLINE threshold
 * @param scoreDistribution the record's reference score distribution (bin fractions, may be empty)
 * @param scorer            the scorer
 * @param loadedAtMs        when this instance loaded it (wall clock)
 */
public record ServingModel(String modelId, long version, String digestSha256, String algorithm, String featureSetVersion,
                           double reviewThreshold, double declineThreshold, java.util.List<Double> scoreDistribution,
                           Scorer scorer, long loadedAtMs) {

    public ServingModel {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(scorer, "scorer");
        scoreDistribution = java.util.List.copyOf(scoreDistribution);
    }

    static ServingModel of(ModelRecord r, Scorer scorer, long loadedAtMs) {
        return new ServingModel(r.getModelId(), r.getVersion(), r.getDigestSha256(), r.getAlgorithm(),
                r.getFeatureSetVersion(), r.getReviewThreshold(), r.getDeclineThreshold(),
                r.getScoreDistribution() == null ? java.util.List.of() : r.getScoreDistribution(), scorer, loadedAtMs);
    }

    /** Same model id, version and payload digest. */
    public boolean sameAs(ModelRecord r) {
        return modelId.equals(r.getModelId()) && version == r.getVersion() && Objects.equals(digestSha256, r.getDigestSha256());
    }

    /** {@code modelId v<version>}. */
    public String describe() {
        return modelId + " v" + version;
    }
}
