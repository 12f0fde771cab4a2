package io.fraudstream.trainer.train;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.TimeWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

class ModelSearchTest {

    private static LabelledData data;
    private static TimeSplit split;

    @BeforeAll
    static void data() {
        data = SyntheticRows.of(12_000, day(0), 40, 0.03, 5);
        split = TimeSplit.plan(
                new TimeWindow(day(0), day(40)), Duration.ofDays(6), Duration.ofDays(2), 2, Duration.ofDays(5));
    }

    private static ModelSearch search(long seed) {
        return new ModelSearch(
                List.of(
                        new LogisticCandidate(List.of(0.1), List.of(1)),
                        new XGBoostCandidate(List.of(15), List.of(3), List.of(0.3))),
                new Imbalance(Imbalance.Mode.WEIGHT, 0, 1),
                5_000,
                seed,
                2,
                Progress.none());
    }

    @Test
    void shouldPickTheCandidateWithTheBestMeanAveragePrecisionAndLearnTheSignal() {
        ModelSearch.Result result = search(1).search(data, split);

        assertThat(result.trials()).hasSize(2);
        double bestAp = result.trials().stream()
                .mapToDouble(ModelSearch.Trial::meanAp)
                .max()
                .orElseThrow();
        assertThat(result.best().meanAp()).isEqualTo(bestAp);
        assertThat(result.best().meanAp()).isGreaterThan(0.3); // fraud is 3 %: chance would be about 0.03
        assertThat(result.lastFoldRows()).isEqualTo(data.in(split.lastFold().validation()));
        assertThat(result.best().lastFoldScores()).hasSize(result.lastFoldRows().size());
    }

    @Test
    void shouldBeDeterministicForASeed() {
        ModelSearch.Result first = search(1).search(data, split);
        ModelSearch.Result second = search(1).search(data, split);

        assertThat(second.best().params()).isEqualTo(first.best().params());
        for (int i = 0; i < first.trials().size(); i++) {
            assertThat(second.trials().get(i).foldAp())
                    .containsExactly(first.trials().get(i).foldAp());
        }
        Model<Label> a = search(1).retrain(first.best().params(), data.featureNames(), data.in(split.training()));
        Model<Label> b = search(1).retrain(first.best().params(), data.featureNames(), data.in(split.training()));
        var holdout = data.in(split.holdout());
        assertThat(TribuoData.scores(b, data.featureNames(), holdout))
                .containsExactly(TribuoData.scores(a, data.featureNames(), holdout));
    }

    @Test
    void shouldChooseTheTreeCountOnValidationAndRetrainWithIt() {
        // Given a weak signal on few rows and deep, fast-learning trees: more trees soon fit noise
        LabelledData noisy = SyntheticRows.of(4_000, day(0), 40, 0.05, 9);
        XGBoostCandidate xgb = XGBoostCandidate.earlyStopping(200, 15, List.of(8), List.of(0.5), List.of(0.0));
        ModelSearch search =
                new ModelSearch(List.of(xgb), new Imbalance(Imbalance.Mode.WEIGHT, 0, 1), 5_000, 3, 1, Progress.none());

        // When it searches
        ModelSearch.Result result = search.search(noisy, split);

        // Then the count with the best mean validation AP is chosen, growth stopped 15 rounds after it, and the
        // retrained model has exactly that many trees
        ModelSearch.Trial best = result.best();
        ModelSearch.EarlyStop stop = best.earlyStop().orElseThrow();
        assertThat(stop.max()).isEqualTo(200);
        assertThat(stop.grown()).isLessThan(200).isEqualTo(stop.chosen() + 15);
        assertThat(stop.chosen()).isPositive().isEqualTo(best.params().getInt("trees"));
        assertThat(best.toString()).contains("trees=" + stop.chosen()).contains("chosen on validation");
        Model<Label> model = search.retrain(best.params(), noisy.featureNames(), noisy.in(split.training()));
        assertThat(XGBoostCandidateTest.rounds(model)).isEqualTo(stop.chosen());
    }

    @Test
    void shouldSearchTheWiderGridDeterministicallyForASeed() {
        // Given depth x minimum child weight x fraud weight, trees chosen on validation
        java.util.function.Supplier<ModelSearch> wide = () -> new ModelSearch(
                List.of(XGBoostCandidate.earlyStopping(40, 10, List.of(2, 4), List.of(0.3), List.of(1.0, 10.0))),
                List.of(new Imbalance(Imbalance.Mode.WEIGHT, 1, 1), new Imbalance(Imbalance.Mode.WEIGHT, 0, 1)),
                5_000,
                4,
                1,
                Progress.none());

        // When it searches twice
        ModelSearch search = wide.get();
        ModelSearch.Result first = search.search(data, split);
        ModelSearch.Result second = wide.get().search(data, split);

        // Then every point was tried, with the same figures and the same winner both times
        assertThat(first.trials())
                .hasSize(8)
                .extracting(t -> t.params().values().keySet())
                .allSatisfy(keys ->
                        assertThat(keys).contains("trees", "maxDepth", "minChildWeight", ModelSearch.FRAUD_WEIGHT));
        assertThat(first.trials())
                .extracting(t -> t.params().get(ModelSearch.FRAUD_WEIGHT))
                .containsOnly(1.0, 0.0);
        assertThat(first.trials())
                .extracting(t -> t.params().get("minChildWeight"))
                .containsOnly(1.0, 10.0);
        assertThat(second.best().params()).isEqualTo(first.best().params());
        for (int i = 0; i < first.trials().size(); i++) {
            assertThat(second.trials().get(i).params())
                    .isEqualTo(first.trials().get(i).params());
            assertThat(second.trials().get(i).foldAp())
                    .containsExactly(first.trials().get(i).foldAp());
        }
        double bestAp = first.trials().stream()
                .mapToDouble(ModelSearch.Trial::meanAp)
                .max()
                .orElseThrow();
        assertThat(first.best().meanAp()).isEqualTo(bestAp);
        assertThat(search.imbalanceFor(first.best().params()).fraudWeight())
                .isEqualTo(first.best().params().get(ModelSearch.FRAUD_WEIGHT));
    }
}
