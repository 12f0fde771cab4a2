package io.fraudstream.models;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Small Tribuo models trained on a learnable synthetic data set over the real feature names: FRAUD iff
 * {@code amountZScore > 2.5}; a few other features are noise. Seeded. Records signed with {@link #KEY}. Shared with the
 * scoring service's and the one-hop application's tests through this module's test-jar.
 */
public final class TestModels {

    /** The fixed test signing key. */
    public static final String KEY = "test-signing-key-of-at-least-32-bytes!!";
    /** Signs and verifies with {@link #KEY}. */
    public static final ModelSignature SIGNER = ModelSignature.withKey(KEY);
    /** The feature that decides the label: FRAUD iff it is above 2.5. */
    public static final String RISK_FEATURE = "amountZScore";
    /** The serving vector's names. */
    public static final List<String> NAMES = FeatureVector.featureNames();

    private static Model<Label> logistic;
    private static Model<Label> xgboost;

    private TestModels() {}

    /** A logistic regression (linear SGD, standardised inputs). */
    public static synchronized Model<Label> logistic() {
        if (logistic == null) {
            Map<String, List<org.tribuo.transform.Transformation>> perFeature = new HashMap<>();
            for (String n : List.of(RISK_FEATURE, "cardTxnCount1h", "hourOfDay")) {
                perFeature.put(n, List.of(new MeanStdDevTransformation()));
            }
            LinearSGDTrainer inner =
                    new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), 20, Integer.MAX_VALUE, 32, 42L);
            logistic =
                    new TransformTrainer<>(inner, new TransformationMap(List.of(), perFeature), true).train(data(2000));
        }
        return logistic;
    }

    /** A 20-round XGBoost classifier. */
    public static synchronized Model<Label> xgboost() {
        if (xgboost == null) {
            xgboost = new XGBoostClassificationTrainer(20).train(data(2000));
        }
        return xgboost;
    }

    /** {@code n} seeded examples of the synthetic rule. */
    public static MutableDataset<Label> data(int n) {
        Random random = new Random(42);
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic", new LabelFactory()), new LabelFactory());
        String[] names = NAMES.toArray(String[]::new);
        int z = NAMES.indexOf(RISK_FEATURE);
        int count = NAMES.indexOf("cardTxnCount1h");
        int hour = NAMES.indexOf("hourOfDay");
        for (int i = 0; i < n; i++) {
            double[] v = new double[names.length];
            v[z] = random.nextGaussian() * 2;
            v[count] = random.nextInt(10);
            v[hour] = random.nextInt(24);
            ds.add(new ArrayExample<>(new Label(v[z] > 2.5 ? "FRAUD" : "LEGITIMATE"), names, v));
        }
        return ds;
    }

    /** An unsigned record of {@code model}. */
    public static ModelRecord record(Model<Label> model, String id, long version, ModelSlot slot) {
        ModelRecord r = new ModelRecord();
        r.setModelId(id);
        r.setVersion(version);
        r.setSlot(slot);
        r.setAlgorithm(model.getClass().getSimpleName());
        r.setFormat(ModelFormat.TRIBUO_PROTOBUF);
        r.setModelBytes(ByteBuffer.wrap(model.serialize().toByteArray()));
        r.setFeatureSetVersion(FeatureSet.VERSION);
        r.setFeatureNames(new ArrayList<>(NAMES));
        r.setReviewThreshold(0.5);
        r.setDeclineThreshold(0.9);
        r.setMetrics(Map.of("auc_pr", 0.9));
        r.setTrainingFrom(Instant.parse("2025-01-01T00:00:00Z"));
        r.setTrainingTo(Instant.parse("2025-03-01T00:00:00Z"));
        r.setCreatedAt(Instant.parse("2025-03-01T01:00:00Z"));
        r.setProvenance(Map.of("seed", "42"));
        r.setDigestSha256("");
        r.setScoreDistribution(new ArrayList<>(List.of(0.9, 0.02, 0.02, 0.02, 0.02, 0.0, 0.0, 0.0, 0.0, 0.02)));
        return r;
    }

    /**
     * {@code r} (unsigned) carrying Platt parameters {@code a}, {@code b} as the trainer writes them, and the
     * score scale {@code scale} in its provenance ({@code null}: no scale entry, as records of earlier trainers).
     * The thresholds are left as they are.
     */
    public static ModelRecord withPlatt(ModelRecord r, String scale, double a, double b) {
        Map<String, Double> metrics = new HashMap<>(r.getMetrics());
        metrics.put(ScoreCalibration.PLATT_A, a);
        metrics.put(ScoreCalibration.PLATT_B, b);
        r.setMetrics(metrics);
        Map<String, String> provenance = new HashMap<>(r.getProvenance());
        if (scale != null) {
            provenance.put(ScoreCalibration.SCALE_KEY, scale);
        }
        r.setProvenance(provenance);
        return r;
    }

    /**
     * A signed champion record of {@code model} served Platt-calibrated with {@code a}, {@code b}: the raw-scale
     * thresholds of {@link #record} (0.5, 0.9) mapped through the same calibration, as the trainer publishes them.
     */
    public static ModelRecord calibrated(Model<Label> model, String id, long version, double a, double b) {
        ModelRecord r = withPlatt(record(model, id, version, ModelSlot.CHAMPION), ScoreCalibration.PLATT, a, b);
        ScoreCalibration c = ScoreCalibration.platt(a, b);
        r.setReviewThreshold(c.apply(r.getReviewThreshold()));
        r.setDeclineThreshold(c.apply(r.getDeclineThreshold()));
        return SIGNER.sign(r);
    }

    /** A signed champion record of {@code model}. */
    public static ModelRecord signed(Model<Label> model, String id, long version) {
        return SIGNER.sign(record(model, id, version, ModelSlot.CHAMPION));
    }

    /** A signed record in {@code slot}. */
    public static ModelRecord signed(Model<Label> model, String id, long version, ModelSlot slot) {
        return SIGNER.sign(record(model, id, version, slot));
    }
}
