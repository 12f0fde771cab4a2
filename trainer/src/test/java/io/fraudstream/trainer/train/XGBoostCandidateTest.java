package io.fraudstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

class XGBoostCandidateTest {

    private static final List<String> NAMES = List.of("a_signal", "b_count", "c_noise", "d_flag");
    private static final long SEED = 11;

    @Test
    void shouldScoreAfterNRoundsAsTheTribuoModelWithNTrees() {
        // Given a fold with zeros, missing-looking flags and fraud weighted up, prepared once for two grid points
        XGBoostCandidate candidate =
                XGBoostCandidate.earlyStopping(40, 10, List.of(3, 5), List.of(0.3), List.of(1.0, 4.0));
        MutableDataset<Label> training = TribuoData.dataset("fold", NAMES, weighted(rows(3_000, 1)));
        List<LabelledRow> validation = rows(1_000, 2);

        try (EarlyStopping.Prepared fold = candidate.prepare(training, NAMES, validation)) {
            for (HyperParams point :
                    List.of(candidate.grid().get(3), candidate.grid().get(0))) {
                // When the search's fit grows to 10 and then 25 rounds
                double[] at25;
                try (EarlyStopping.Growing fit = candidate.start(point, fold, SEED, 2)) {
                    fit.growTo(10);
                    at25 = fit.growTo(25);
                }

                // Then it scores as the Tribuo model trained with 25 trees
                Model<Label> tribuo = candidate
                        .trainer(withTrees(point, 25), NAMES, new boolean[NAMES.size()], SEED, 2)
                        .train(training);
                double[] expected = TribuoData.scores(tribuo, NAMES, validation);
                assertThat(at25).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(at25[i]).as("row %d of %s", i, point).isCloseTo(expected[i], within(1e-6));
                }
            }
        }
    }

    @Test
    void shouldListTheGridWithoutTreesWhenTheyAreChosenOnValidation() {
        XGBoostCandidate stopping =
                XGBoostCandidate.earlyStopping(300, 30, List.of(4, 6), List.of(0.1, 0.3), List.of(1.0, 5.0));
        XGBoostCandidate fixed = XGBoostCandidate.fixed(List.of(50, 100), List.of(4), List.of(0.3), List.of(1.0));

        assertThat(stopping.grid())
                .hasSize(8)
                .allSatisfy(p -> assertThat(p.values()).containsOnlyKeys("maxDepth", "eta", "minChildWeight"));
        assertThat(stopping.maxRounds()).isEqualTo(300);
        assertThat(stopping.patience()).isEqualTo(30);
        assertThat(fixed.stopsEarly()).isFalse();
        assertThat(fixed.grid()).extracting(p -> p.getInt("trees")).containsExactly(50, 100);
    }

    @Test
    void shouldPassTheMinimumChildWeightToXGBoost() {
        HyperParams point =
                new HyperParams("xgboost", Map.of("trees", 5, "maxDepth", 3, "eta", 0.3, "minChildWeight", 7.5));

        assertThat(XGBoostCandidate.parameters(point, 1, 2, 2))
                .containsEntry("min_child_weight", 7.5)
                .containsEntry("max_depth", 3)
                .containsEntry("objective", "multi:softprob")
                .containsEntry("num_class", 2);
    }

    /** Number of trees in a Tribuo XGBoost classifier: one per class and round. */
    static int rounds(Model<Label> model) {
        XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
        return xgb.getModelDump().get(0).length / xgb.getOutputIDInfo().size();
    }

    static HyperParams withTrees(HyperParams p, int trees) {
        Map<String, Number> v = new HashMap<>(p.values());
        v.put("trees", trees);
        return new HyperParams(p.candidate(), v);
    }

    private static List<LabelledRow> rows(int n, long seed) {
        Random random = new Random(seed);
        List<LabelledRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean fraud = random.nextDouble() < 0.08;
            double signal = random.nextDouble() < 0.3 ? 0.0 : random.nextGaussian() + (fraud ? 1.2 : 0);
            double count = random.nextInt(fraud ? 6 : 3);
            double flag = random.nextDouble() < (fraud ? 0.5 : 0.1) ? 1 : 0;
            out.add(new LabelledRow(
                    "t" + seed + "-" + i, "card", i, fraud, new double[] {signal, count, random.nextGaussian(), flag}));
        }
        return out;
    }

    private static List<Imbalance.Weighted> weighted(List<LabelledRow> rows) {
        return new Imbalance(Imbalance.Mode.WEIGHT, 3.0, 1).apply(rows, 1);
    }
}
