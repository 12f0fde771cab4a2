package io.fraudstream.trainer.publish;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.trainer.data.LabelledData;
import io.fraudstream.trainer.data.LabelledRow;
import io.fraudstream.trainer.data.LoadStats;
import io.fraudstream.trainer.data.TimeWindow;
import io.fraudstream.trainer.train.TimeSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalFitTest {

    /** 60 days: training [0, 46), gap 7 days, holdout [53, 60) (the defaults' gap and holdout). */
    private static final TimeSplit SPLIT = TimeSplit.plan(
            new TimeWindow(day(0), day(60)), Duration.ofDays(7), Duration.ofDays(7), 3, Duration.ofDays(7));

    @Test
    void shouldRefitOnTrainingGapAndHoldoutWhenTheGatePublishes() {
        for (ChampionGate.Outcome published :
                List.of(ChampionGate.Outcome.PUBLISH_CHAMPION, ChampionGate.Outcome.PUBLISH_CHALLENGER)) {
            FinalFit fit = FinalFit.plan(SPLIT, true, published);

            assertThat(fit.refit()).isTrue();
            assertThat(fit.window()).isEqualTo(new TimeWindow(day(0), day(60))).isEqualTo(SPLIT.window());
            // the whole mature window: from the training window's start to the holdout's end, 14 days more than
            // training
            assertThat(fit.window().from()).isEqualTo(SPLIT.training().from());
            assertThat(fit.window().to()).isEqualTo(SPLIT.holdout().to());
            assertThat(fit.window().length())
                    .isEqualTo(SPLIT.training()
                            .length()
                            .plus(SPLIT.gap())
                            .plus(SPLIT.holdout().length()));
            assertThat(fit.reason()).contains("refit", SPLIT.window().toString());
        }
    }

    @Test
    void shouldKeepTheEvaluatedModelWhenNothingIsPublishedOrRefitIsOff() {
        for (ChampionGate.Outcome notPublished :
                List.of(ChampionGate.Outcome.DRY_RUN, ChampionGate.Outcome.NOT_PUBLISHED)) {
            FinalFit fit = FinalFit.plan(SPLIT, true, notPublished);
            assertThat(fit.refit()).isFalse();
            assertThat(fit.window()).isEqualTo(SPLIT.training());
        }
        FinalFit off = FinalFit.plan(SPLIT, false, ChampionGate.Outcome.PUBLISH_CHAMPION);
        assertThat(off.refit()).isFalse();
        assertThat(off.window()).isEqualTo(new TimeWindow(day(0), day(46)));
        assertThat(off.reason()).contains("trainer.refit.full.window=false");
    }

    @Test
    void shouldFitTheFreshestRowsOnlyWhenRefitting() {
        // Given one row every 6 hours over the 60 days, the last one just before the window's end
        List<LabelledRow> rows = new ArrayList<>();
        for (long t = day(0).toEpochMilli();
                t < day(60).toEpochMilli();
                t += Duration.ofHours(6).toMillis()) {
            rows.add(new LabelledRow("t" + t, "card", t, rows.size() % 50 == 0, new double[] {1}));
        }
        rows.add(new LabelledRow("last", "card", day(60).toEpochMilli() - 1, false, new double[] {1}));
        LabelledData data = new LabelledData(
                "v", List.of("f"), rows, new LoadStats("test", rows.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        // When the published model is refit, or not
        List<LabelledRow> refit = FinalFit.plan(SPLIT, true, ChampionGate.Outcome.PUBLISH_CHAMPION)
                .rows(data);
        List<LabelledRow> evaluated = FinalFit.plan(SPLIT, false, ChampionGate.Outcome.PUBLISH_CHAMPION)
                .rows(data);

        // Then the refit learns from every row, the gap's and the holdout's included, up to the last one
        assertThat(refit).hasSize(rows.size()).isEqualTo(data.rows());
        assertThat(refit.get(refit.size() - 1).transactionId()).isEqualTo("last");
        assertThat(refit)
                .hasSize(data.in(SPLIT.training()).size()
                        + data.in(new TimeWindow(day(46), day(53))).size()
                        + data.in(SPLIT.holdout()).size());
        // and without refit the last 14 days are left out
        assertThat(evaluated).isEqualTo(data.in(SPLIT.training()));
        assertThat(evaluated).allSatisfy(r -> assertThat(r.eventTimeMs()).isLessThan(day(46).toEpochMilli()));
        assertThat(refit.size() - evaluated.size()).isEqualTo(14 * 4 + 1);
    }
}
