package io.fraudstream.trainer.publish;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.train.HyperParams;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.TribuoData;
import io.fraudstream.trainer.train.XGBoostCandidate;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * How {@code models/src/test/resources/golden/model-record-v1.avro} was made, once, with the trainer of 5 Dec 2026: a
 * seeded XGBoost candidate trained by the trainer's own code ({@link XGBoostCandidate}, {@link TribuoData}), Platt
 * scaling fitted and written as the trainer publishes it ({@link Calibration#fitPlatt}, {@link ScoreScale}),
 * thresholds mapped to the served scale, signed with the models module's fixed test key, and written as an Avro
 * container file (the writer schema travels with the record). The models module's {@code GoldenModelRecordTest}
 * loads it in every build and checks the scores written there.
 *
 * <p>The golden file must never be regenerated: it stands for records already on {@code fraud.models}. This class
 * refuses to overwrite a file and runs only when asked:
 * {@code ./mvnw -B -o -pl trainer -am test -Dtest=GoldenModelRecordWriter -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgolden.write=<new file>}.
 */
class GoldenModelRecordWriter {

    /** The models module's golden-record test key (GoldenModelRecordTest.KEY). */
    private static final String KEY = "golden-model-record-test-key-never-used-in-production";

    @Test
    @EnabledIfSystemProperty(named = "golden.write", matches = ".+")
    void writeTheGoldenRecord() throws Exception {
        Path out = Path.of(System.getProperty("golden.write"));
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: a golden record is never regenerated");
        }
        List<String> names = FeatureVector.featureNames();
        Random random = new Random(3);
        List<LabelledRow> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean fraud = i % 10 == 0;
            double[] v = new double[names.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextGaussian() + (fraud && j == 0 ? 2 : 0);
            }
            rows.add(new LabelledRow("t" + i, "c", i, fraud, v));
        }
        XGBoostCandidate xgb = new XGBoostCandidate(List.of(10), List.of(3), List.of(0.3));
        HyperParams params = xgb.grid().get(0);
        Model<Label> model = xgb.trainer(params, names, new boolean[names.size()], 1, 1)
                .train(TribuoData.dataset("golden", names, new Imbalance(Imbalance.Mode.NONE, 0, 1).apply(rows, 1)));

        double[] scores = TribuoData.scores(model, names, rows);
        Calibration.Platt platt = Calibration.fitPlatt(scores, TribuoData.labels(rows));
        ScoreScale scale = ScoreScale.forPublishing(platt);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("threshold_review_raw", 0.5);
        metrics.put("threshold_decline_raw", 0.9);
        Map<String, String> provenance = new LinkedHashMap<>();
        scale.writeTo(provenance, metrics, platt);
        provenance.put("candidate", params.toString());
        provenance.put("seed", "1");
        provenance.put("golden", "written once by GoldenModelRecordWriter (trainer tests); never regenerated");
        ModelRecord record = ModelSignature.withKey(KEY)
                .sign(ModelRecord.newBuilder()
                        .setModelId("golden-xgboost")
                        .setVersion(1)
                        .setSlot(ModelSlot.CHAMPION)
                        .setAlgorithm(params.toString())
                        .setFormat(ModelFormat.TRIBUO_PROTOBUF)
                        .setModelBytes(ByteBuffer.wrap(model.serialize().toByteArray()))
                        .setFeatureSetVersion(FeatureSet.VERSION)
                        .setFeatureNames(new ArrayList<>(names))
                        .setReviewThreshold(scale.apply(0.5))
                        .setDeclineThreshold(scale.apply(0.9))
                        .setMetrics(metrics)
                        .setTrainingFrom(Instant.parse("2026-01-01T00:00:00Z"))
                        .setTrainingTo(Instant.parse("2026-03-01T00:00:00Z"))
                        .setCreatedAt(Instant.parse("2026-12-05T00:00:00Z"))
                        .setProvenance(provenance)
                        .setDigestSha256("")
                        .setScoreDistribution(Calibration.distribution(scale.apply(scores), 10))
                        .build());

        Files.createDirectories(out.toAbsolutePath().getParent());
        try (DataFileWriter<ModelRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ModelRecord.class))) {
            writer.create(ModelRecord.getClassSchema(), new File(out.toString()));
            writer.append(record);
        }
        System.out.printf(
                "wrote %s: %s, scale %s, %d model bytes%n",
                out,
                record.getModelId(),
                scale.describe(),
                record.getModelBytes().remaining());
    }
}
