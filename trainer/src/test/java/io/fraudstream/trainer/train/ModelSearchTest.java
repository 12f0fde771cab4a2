package io.fraudstream.trainer.train;

import io.fraudstream.trainer.Progress;
import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.TimeWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.time.Duration;
import java.util.List;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;

class ModelSearchTest {

    private static LabelledData data;
    private static TimeSplit split;

    @BeforeAll
    static void data() {
        data = SyntheticRows.of(12_000, day(0), 40, 0.03, 5);
        split = TimeSplit.plan(new TimeWindow(day(0), day(40)), Duration.ofDays(6), Duration.ofDays(2), 2, Duration.ofDays(5));
    }

    private static ModelSearch search(long seed) {
        return new ModelSearch(List.of(new LogisticCandidate(List.of(0.1), List.of(1)),
                new XGBoostCandidate(List.of(15), List.of(3), List.of(0.3))),
                new Imbalance(Imbalance.Mode.WEIGHT, 0, 1), 5_000, seed, 2, Progress.none());
    }

    @Test
    void shouldPickTheCandidateWithTheBestMeanAveragePrecisionAndLearnTheSignal() {
        ModelSearch.Result result = search(1).search(data, split);

        assertThat(result.trials()).hasSize(2);
        double bestAp = result.trials().stream().mapToDouble(ModelSearch.Trial::meanAp).max().orElseThrow();
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
            assertThat(second.trials().get(i).foldAp()).containsExactly(first.trials().get(i).foldAp());
        }
        Model<Label> a = search(1).retrain(first.best().params(), data.featureNames(), data.in(split.training()));
        Model<Label> b = search(1).retrain(first.best().params(), data.featureNames(), data.in(split.training()));
        var holdout = data.in(split.holdout());
        assertThat(TribuoData.scores(b, data.featureNames(), holdout)).containsExactly(TribuoData.scores(a, data.featureNames(), holdout));
    }
}
