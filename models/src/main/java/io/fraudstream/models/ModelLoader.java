package io.fraudstream.models;

import static io.fraudstream.models.ModelContract.FRAUD;
import static io.fraudstream.models.ModelContract.describe;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fraudstream.models.RejectedModelException.Rejection;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.model.ModelSignature;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/**
 * Turns a {@link ModelRecord} into a {@link ServingModel}, or says why not. In order:
 * <ol>
 *     <li>digest of the bytes and HMAC signature ({@link ModelSignature}; no key configured = every model rejected);</li>
 *     <li>format {@code TRIBUO_PROTOBUF} (never Java serialization);</li>
 *     <li>feature-set version equal to the one in service, and the record's feature names a subset of
 *     {@code featureNames} (the serving vector; unknown names mean the model expects features we do not compute), or
 *     with {@link FeatureMatch#EXACT} the same list in the same order;</li>
 *     <li>protobuf deserialization (once per record), a classification model with a {@code FRAUD} label, whose
 *     own feature map only contains known names;</li>
 *     <li>the score scale ({@link ScoreCalibration#of}: raw, or Platt with finite parameters and {@code a > 0});</li>
 *     <li>thresholds {@code 0 <= review <= decline <= 1} (on the served scale, like the scores they are compared to);</li>
 *     <li>a smoke score of the all-zero vector, raw and served, must be a finite probability.</li>
 * </ol>
 * The scoring service and the trainer's champion gate both load with this class, so a model the service would reject
 * is not re-scored as the champion, and the reverse; the gate asks for {@link FeatureMatch#EXACT} on top (it scores
 * with the record's own feature list), so a champion that lists a subset of the features is reported unusable there.
 * Each rejection carries a {@link Rejection} category.
 */
public final class ModelLoader {

    /** How the record's feature names must match the caller's. */
    public enum FeatureMatch {
        /** A non-empty subset, in any order (the scoring service: it supplies the whole vector). */
        SUBSET,
        /** The caller's list exactly, in order (the trainer's champion gate). */
        EXACT
    }

    private final Optional<ModelSignature> signature;
    private final String featureSetVersion;
    private final List<String> featureNames;
    private final Set<String> known;
    private final FeatureMatch match;

    /**
     * A loader as the scoring service uses it ({@link FeatureMatch#SUBSET}).
     *
     * @param signature         verifier with the shared key; empty rejects every model
     * @param featureSetVersion the feature-set version of the features in service
     * @param featureNames      the serving vector's names, in order
     */
    public ModelLoader(Optional<ModelSignature> signature, String featureSetVersion, List<String> featureNames) {
        this(signature, featureSetVersion, featureNames, FeatureMatch.SUBSET);
    }

    /**
     * @param signature         verifier with the shared key; empty rejects every model
     * @param featureSetVersion the feature-set version of the caller's features
     * @param featureNames      the caller's feature names, in the order of the vectors it scores
     * @param match             how the record's feature names must match {@code featureNames}
     */
    public ModelLoader(
            Optional<ModelSignature> signature,
            String featureSetVersion,
            List<String> featureNames,
            FeatureMatch match) {
        this.signature = signature;
        this.featureSetVersion = featureSetVersion;
        this.featureNames = List.copyOf(featureNames);
        this.known = Set.copyOf(featureNames);
        this.match = match;
    }

    /** Verifies, deserializes and validates {@code record}. */
    public ServingModel load(ModelRecord record, long nowMs) throws RejectedModelException {
        return loadWithModel(record, nowMs).serving();
    }

    /**
     * As {@link #load}, keeping the deserialized Tribuo model beside the serving model; the caller closes the result.
     */
    public LoadedModel loadWithModel(ModelRecord record, long nowMs) throws RejectedModelException {
        verify(record);
        checkFeatures(record);
        Model<Label> model = deserialize(record);
        ScoreCalibration calibration = ScoreCalibration.of(record);
        checkThresholds(record);
        Scorer scorer = scorerFor(model, record);
        smokeTest(record, scorer, calibration);
        return new LoadedModel(model, ServingModel.of(record, calibration, scorer, nowMs));
    }

    private void verify(ModelRecord record) throws RejectedModelException {
        if (signature.isEmpty()) {
            throw new RejectedModelException(
                    Rejection.UNSIGNED,
                    describe(record) + " cannot be verified: no model.signing.key is configured",
                    null);
        }
        ModelSignature.Verification v = signature.get().verify(record);
        if (!v.valid()) {
            Rejection category = record.getSignature() == null
                    ? Rejection.UNSIGNED
                    : v.reason().contains("digest") ? Rejection.CORRUPT : Rejection.SIGNATURE;
            throw new RejectedModelException(category, describe(record) + " failed verification: " + v.reason(), null);
        }
        if (record.getFormat() != ModelFormat.TRIBUO_PROTOBUF) {
            throw new RejectedModelException(
                    Rejection.FORMAT,
                    describe(record) + " has format " + record.getFormat() + ", only TRIBUO_PROTOBUF is served",
                    null);
        }
    }

    private void checkFeatures(ModelRecord record) throws RejectedModelException {
        if (!featureSetVersion.equals(record.getFeatureSetVersion())) {
            throw new RejectedModelException(
                    Rejection.FEATURES,
                    describe(record) + " was trained on feature set " + record.getFeatureSetVersion()
                            + ", the features in service are " + featureSetVersion,
                    null);
        }
        if (match == FeatureMatch.EXACT && !featureNames.equals(record.getFeatureNames())) {
            throw new RejectedModelException(
                    Rejection.FEATURES,
                    describe(record) + " expects features " + record.getFeatureNames() + ", the features here are "
                            + featureNames,
                    null);
        }
        Set<String> unknown = new HashSet<>(record.getFeatureNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty() || record.getFeatureNames().isEmpty()) {
            throw new RejectedModelException(
                    Rejection.FEATURES,
                    describe(record) + " expects features this service does not " + "compute: "
                            + (unknown.isEmpty() ? "(no feature names)" : unknown),
                    null);
        }
    }

    private Model<Label> deserialize(ModelRecord record) throws RejectedModelException {
        Model<?> model;
        try {
            ByteBuffer bytes = record.getModelBytes().duplicate();
            model = Model.deserialize(ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new RejectedModelException(
                    Rejection.CORRUPT, describe(record) + " could not be deserialized: " + e, e);
        }
        if (!model.validate(Label.class)) {
            throw new RejectedModelException(
                    Rejection.INVALID, describe(record) + " is not a classification model", null);
        }
        Model<Label> labels = model.castModel(Label.class);
        if (labels.getOutputIDInfo().getID(FRAUD) < 0) {
            throw new RejectedModelException(
                    Rejection.INVALID,
                    describe(record) + " has no FRAUD label (labels "
                            + labels.getOutputIDInfo().getDomain() + ")",
                    null);
        }
        Set<String> modelFeatures = new HashSet<>();
        labels.getFeatureIDMap().forEach(f -> modelFeatures.add(f.getName()));
        modelFeatures.removeAll(known);
        if (!modelFeatures.isEmpty()) {
            throw new RejectedModelException(
                    Rejection.FEATURES,
                    describe(record) + " was trained on features this service " + "does not compute: " + modelFeatures,
                    null);
        }
        return labels;
    }

    private static void checkThresholds(ModelRecord r) throws RejectedModelException {
        double review = r.getReviewThreshold();
        double decline = r.getDeclineThreshold();
        if (!(review >= 0 && review <= decline && decline <= 1)) {
            throw new RejectedModelException(
                    Rejection.INVALID,
                    describe(r) + " has thresholds review=" + review + ", decline=" + decline
                            + "; need 0 <= review <= decline <= 1",
                    null);
        }
    }

    private Scorer scorerFor(Model<Label> model, ModelRecord record) throws RejectedModelException {
        try {
            Scorer s = LinearScorer.tryCreate(model, featureNames, FRAUD);
            if (s == null) {
                s = XGBoostScorer.tryCreate(model, featureNames, FRAUD);
            }
            return s != null ? s : new TribuoScorer(model, featureNames, FRAUD);
        } catch (RuntimeException e) {
            throw new RejectedModelException(
                    Rejection.INVALID, describe(record) + " cannot be prepared for scoring: " + e, e);
        }
    }

    private void smokeTest(ModelRecord record, Scorer scorer, ScoreCalibration calibration)
            throws RejectedModelException {
        double s;
        try {
            s = scorer.score(new double[featureNames.size()]);
        } catch (RuntimeException e) {
            scorer.close();
            throw new RejectedModelException(Rejection.INVALID, describe(record) + " failed a test score: " + e, e);
        }
        if (!(s >= 0 && s <= 1)) {
            scorer.close();
            throw new RejectedModelException(
                    Rejection.INVALID, describe(record) + " scored " + s + " on a test vector", null);
        }
        double served = calibration.apply(s);
        if (!(served >= 0 && served <= 1)) {
            scorer.close();
            throw new RejectedModelException(
                    Rejection.CALIBRATION,
                    describe(record) + " scored " + s + " on a test vector, " + served + " after "
                            + calibration.describe(),
                    null);
        }
    }
}
