package io.fraudstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.trainer.data.LabelledRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

class FeatureImportanceTest {

    private static final List<String> NAMES = List.of("signal", "noise");

    @Test
    void shouldRankBoostedTreeFeaturesByGainNotBySplitCount() {
        // given boosted trees on a binary feature that carries all the signal (fraud 90 % when set, 2 % otherwise)
        // and a continuous feature that is pure noise: the trees split on the signal once, near the root, and spend
        // their remaining depth cutting the noise many times for little gain
        Model<Label> model = xgboost(rows(4_000, 11));
        assertThat(model.getTopFeatures(1).values().iterator().next().get(0).getA()) // what the report used to show
                .as("precondition: by split count the noise ranks first")
                .isEqualTo("noise");

        // when
        List<Map.Entry<String, Double>> top = FeatureImportance.top(model, 2);

        // then
        assertThat(top).extracting(Map.Entry::getKey).containsExactly("signal", "noise");
        assertThat(top.get(0).getValue()).isGreaterThan(top.get(1).getValue());
    }

    @Test
    void shouldLeaveTheInterceptOutOfALinearModelsWeights() {
        Model<Label> model = new LogisticCandidate(List.of(0.1), List.of(2))
                .trainer(new LogisticCandidate(List.of(0.1), List.of(2)).grid().get(0), NAMES, new boolean[2], 1, 1)
                .train(TribuoData.dataset("test", NAMES, weighted(rows(2_000, 3))));

        List<Map.Entry<String, Double>> top = FeatureImportance.top(model, 2);

        assertThat(top).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("signal", "noise");
    }

    private static Model<Label> xgboost(List<LabelledRow> rows) {
        XGBoostCandidate candidate = new XGBoostCandidate(List.of(20), List.of(4), List.of(0.3));
        return candidate
                .trainer(candidate.grid().get(0), NAMES, new boolean[2], 7, 1)
                .train(TribuoData.dataset("test", NAMES, weighted(rows)));
    }

    private static List<LabelledRow> rows(int n, long seed) {
        Random random = new Random(seed);
        List<LabelledRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean signal = random.nextDouble() < 0.1;
            boolean fraud = random.nextDouble() < (signal ? 0.9 : 0.02);
            out.add(new LabelledRow("t" + i, "card", i, fraud, new double[] {signal ? 1 : 0, random.nextGaussian()}));
        }
        return out;
    }

    private static List<Imbalance.Weighted> weighted(List<LabelledRow> rows) {
        return new Imbalance(Imbalance.Mode.NONE, 0, 1).apply(rows, 1);
    }
}
