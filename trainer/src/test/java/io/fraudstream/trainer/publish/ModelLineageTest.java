package io.fraudstream.trainer.publish;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.KafkaHistoryReader;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.eval.Calibration;
import io.fraudstream.trainer.eval.ThresholdRule;
import io.fraudstream.trainer.train.HyperParams;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.LogisticCandidate;
import io.fraudstream.trainer.train.ModelSearch;
import io.fraudstream.trainer.train.TimeSplit;
import io.fraudstream.trainer.train.XGBoostCandidate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

class ModelLineageTest {

    /** 60 days: training [0, 46), gap 7 days, holdout [53, 60). */
    private static final TimeSplit SPLIT = TimeSplit.plan(
            new TimeWindow(day(0), day(60)), Duration.ofDays(7), Duration.ofDays(7), 3, Duration.ofDays(7));

    private static final List<String> NAMES = List.of("amount", "velocity", "constant");
    private static final String SOURCE = "kafka: transactions.features up to offsets {0=1200, 1=1300} (2500 records), "
            + "transactions.labels up to offsets {0=40} (40 records)";
    private static final List<KafkaHistoryReader.Result> READS = List.of(
            new KafkaHistoryReader.Result("transactions.features", 2500, 0, Map.of(1, 1300L, 0, 1200L)),
            new KafkaHistoryReader.Result("transactions.labels", 40, 0, Map.of(0, 40L)));
    private static final Calibration.Platt PLATT = new Calibration.Platt(2, -1);

    private static ModelLineage lineage(FinalFit fit, Optional<String> earlyStop) {
        return new ModelLineage(
                "v7",
                SOURCE,
                READS,
                SPLIT,
                fit,
                Duration.ofDays(30),
                "xgboost(eta=0.3, trees=5)",
                "weight(fraud x auto)",
                earlyStop,
                42,
                new ThresholdRule(0.01, 0.9, 0.002).toString(),
                ScoreScale.forPublishing(PLATT),
                10,
                "1.2.3");
    }

    /** Rows over the refit window, fraud shifting the first two features. */
    private static List<LabelledRow> rows() {
        Random random = new Random(3);
        List<LabelledRow> out = new ArrayList<>();
        long start = SPLIT.window().from().toEpochMilli();
        long step = SPLIT.window().length().toMillis() / 2_000;
        for (int i = 0; i < 2_000; i++) {
            boolean fraud = random.nextDouble() < 0.05;
            double shift = fraud ? 1.5 : 0;
            out.add(new LabelledRow("t" + i, "card-" + (i % 97), start + i * step, fraud, new double[] {
                random.nextGaussian() + shift, random.nextGaussian() + shift, 1.0
            }));
        }
        return out;
    }

    private static Model<Label> train(String candidate, ModelLineage lineage) {
        ModelSearch search = new ModelSearch(
                List.of(
                        new LogisticCandidate(List.of(0.1), List.of(1)),
                        new XGBoostCandidate(List.of(5), List.of(2), List.of(0.3))),
                new Imbalance(Imbalance.Mode.WEIGHT, 0, 1),
                5_000,
                1,
                1,
                Progress.none());
        HyperParams params = candidate.equals("logistic")
                ? new HyperParams("logistic", Map.of("learningRate", 0.1, "epochs", 1))
                : new HyperParams("xgboost", Map.of("trees", 5, "maxDepth", 2, "eta", 0.3));
        return search.retrain(params, NAMES, rows(), lineage.datasetDescription(), lineage.instanceProvenance());
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "xgboost"})
    void shouldCarryTheTypedLineageInsideTheModelThroughItsProtobuf(String candidate) throws Exception {
        // Given a model refit on the whole window with its lineage
        FinalFit fit = FinalFit.plan(SPLIT, true, ChampionGate.Outcome.PUBLISH_CHAMPION);
        Model<Label> model = train(candidate, lineage(fit, Optional.empty()));

        // Then its instance provenance carries the lineage as typed Tribuo provenance
        Map<String, ? extends Provenance> lineage =
                model.getProvenance().getInstanceProvenance().getMap();
        assertThat(lineage.get("feature.set.version")).isEqualTo(new StringProvenance("feature.set.version", "v7"));
        assertThat(lineage.get("data.window.from"))
                .isEqualTo(new DateTimeProvenance("data.window.from", day(0).atOffset(ZoneOffset.UTC)));
        assertThat(lineage.get("final.fit.window.to"))
                .isEqualTo(new DateTimeProvenance("final.fit.window.to", day(60).atOffset(ZoneOffset.UTC)));
        assertThat(lineage.get("label.maturity.ms"))
                .isEqualTo(new LongProvenance(
                        "label.maturity.ms", Duration.ofDays(30).toMillis()));
        List<?> reads = ((ListProvenance<?>) lineage.get("data.reads")).getList();
        assertThat(reads).hasSize(2);
        Map<String, ? extends Provenance> features = ((MapProvenance<?>) reads.get(0)).getMap();
        assertThat(features.get("topic")).isEqualTo(new StringProvenance("topic", "transactions.features"));
        Map<String, Provenance> offsets = Map.copyOf(((MapProvenance<?>) features.get("end.offsets")).getMap());
        assertThat(offsets)
                .isEqualTo(Map.of(
                        "0", new LongProvenance("end.offsets", 1200L), "1", new LongProvenance("end.offsets", 1300L)));
        assertThat(model.getProvenance().getDatasetProvenance().toString())
                .contains("labelled transactions in " + SPLIT.window() + ", feature set v7, from " + SOURCE);

        // When it goes through its protobuf form, as the scoring service reads it
        Model<?> back = Model.deserialize(ModelProto.parseFrom(model.serialize().toByteArray()));

        // Then the lineage and the record provenance derived from it are unchanged
        assertThat(back.getProvenance().getInstanceProvenance())
                .isEqualTo(model.getProvenance().getInstanceProvenance());
        assertThat(ModelLineage.recordProvenance(back)).isEqualTo(ModelLineage.recordProvenance(model));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldDeriveTheRecordProvenanceOfTheTrainersBefore(boolean refit) {
        // Given a published model's lineage, refit or not, stopped early
        FinalFit fit = FinalFit.plan(SPLIT, refit, ChampionGate.Outcome.PUBLISH_CHAMPION);
        Optional<String> earlyStop = Optional.of("trees=5 chosen on validation (grown to 35 of at most 300)");
        Model<Label> model = train("xgboost", lineage(fit, earlyStop));

        // When its record's provenance is derived
        Map<String, String> provenance = ModelLineage.recordProvenance(model);

        // Then it holds the entries, in the order and with the text, the trainer wrote by hand before
        assertThat(provenance.keySet())
                .containsExactly(
                        "score.scale",
                        "data.source",
                        "data.window",
                        "holdout.window",
                        "gap",
                        "folds",
                        "evaluated.training.window",
                        "final.fit.window",
                        "final.fit",
                        "metrics",
                        "label.maturity",
                        "candidate",
                        "imbalance",
                        "early.stopping",
                        "seed",
                        "threshold.rule",
                        "calibration",
                        "score",
                        "scoreDistribution",
                        "tribuo.version",
                        "java.version",
                        "trainer.version");
        assertThat(provenance)
                .containsEntry("score.scale", "platt")
                .containsEntry("data.source", SOURCE)
                .containsEntry("data.window", SPLIT.window().toString())
                .containsEntry("holdout.window", SPLIT.holdout().toString())
                .containsEntry("gap", "PT168H")
                .containsEntry("folds", SPLIT.folds().toString())
                .containsEntry("evaluated.training.window", SPLIT.training().toString())
                .containsEntry("final.fit.window", fit.window().toString())
                .containsEntry("final.fit", fit.reason())
                .containsEntry(
                        "metrics",
                        "holdout " + SPLIT.holdout() + " figures of xgboost(eta=0.3, trees=5) trained on "
                                + SPLIT.training()
                                + (refit
                                        ? "; the published model is that candidate refit on " + SPLIT.window()
                                                + ", which includes the holdout, and has no held-out figures of its own"
                                        : ""))
                .containsEntry("label.maturity", "PT720H")
                .containsEntry("candidate", "xgboost(eta=0.3, trees=5)")
                .containsEntry("imbalance", "weight(fraud x auto)")
                .containsEntry(
                        "early.stopping",
                        "trees=5 chosen on validation (grown to 35 of at most 300), every 5 trees, "
                                + "mean average precision over the search folds")
                .containsEntry("seed", "42")
                .containsEntry(
                        "threshold.rule",
                        new ThresholdRule(0.01, 0.9, 0.002) + ", on raw scores of the last "
                                + "validation fold (threshold_review_raw, threshold_decline_raw); reviewThreshold and "
                                + "declineThreshold are those mapped to score.scale=platt")
                .containsEntry(
                        "scoreDistribution",
                        "10 equal-width bins over [0,1], holdout scores of the evaluated model, "
                                + "on the score.scale scale")
                .containsEntry("tribuo.version", org.tribuo.Tribuo.VERSION)
                .containsEntry("java.version", System.getProperty("java.version"))
                .containsEntry("trainer.version", "1.2.3");
        assertThat(provenance.get("calibration")).startsWith("platt on logit(score)");
        assertThat(provenance.get("score")).startsWith("Tribuo output score of label FRAUD");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRecordTheEvaluatedModelAsThePlanOfAPublishingRunWithoutRefit(boolean refitFullWindow) {
        FinalFit evaluated = FinalFit.evaluated(SPLIT, refitFullWindow);

        assertThat(evaluated.window()).isEqualTo(SPLIT.training());
        assertThat(evaluated.refit()).isFalse();
        if (!refitFullWindow) {
            // without refit the evaluated model is what a publishing gate publishes, and says so
            assertThat(evaluated)
                    .isEqualTo(FinalFit.plan(SPLIT, false, ChampionGate.Outcome.PUBLISH_CHAMPION))
                    .isEqualTo(FinalFit.plan(SPLIT, false, ChampionGate.Outcome.PUBLISH_CHALLENGER));
        } else {
            assertThat(evaluated.reason()).contains("refit on the whole mature window " + SPLIT.window());
        }
    }
}
