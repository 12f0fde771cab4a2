package io.fraudstream.trainer.train;

import static io.fraudstream.trainer.TestFeatures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.trainer.data.TimeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    private static final Duration GAP = Duration.ofDays(3);

    @Test
    void shouldPlaceTheHoldoutAtTheEndAfterAGap() {
        TimeSplit split =
                TimeSplit.plan(new TimeWindow(day(0), day(60)), Duration.ofDays(7), GAP, 3, Duration.ofDays(5));

        assertThat(split.holdout()).isEqualTo(new TimeWindow(day(53), day(60)));
        assertThat(split.training()).isEqualTo(new TimeWindow(day(0), day(50)));
    }

    @Test
    void shouldRollFoldsForwardWithValidationWindowsEndingAtTheTrainingEnd() {
        TimeSplit split =
                TimeSplit.plan(new TimeWindow(day(0), day(60)), Duration.ofDays(7), GAP, 3, Duration.ofDays(5));

        assertThat(split.folds())
                .containsExactly(
                        new Fold(0, new TimeWindow(day(0), day(32)), new TimeWindow(day(35), day(40))),
                        new Fold(1, new TimeWindow(day(0), day(37)), new TimeWindow(day(40), day(45))),
                        new Fold(2, new TimeWindow(day(0), day(42)), new TimeWindow(day(45), day(50))));
    }

    @Test
    void shouldNeverValidateOrTestOnARowEarlierThanTheLastTrainingRowPlusTheGap() {
        // given one row every hour for 60 days
        TimeSplit split =
                TimeSplit.plan(new TimeWindow(day(0), day(60)), Duration.ofDays(7), GAP, 4, Duration.ofDays(4));
        List<Long> rows = new ArrayList<>();
        for (long t = day(0).toEpochMilli();
                t < day(60).toEpochMilli();
                t += Duration.ofHours(1).toMillis()) {
            rows.add(t);
        }

        // then every fold, and the final training + holdout, keep the gap
        List<TimeWindow[]> pairs = new ArrayList<>();
        split.folds().forEach(f -> pairs.add(new TimeWindow[] {f.train(), f.validation()}));
        pairs.add(new TimeWindow[] {split.training(), split.holdout()});
        for (TimeWindow[] pair : pairs) {
            long lastTrain = rows.stream()
                    .filter(pair[0]::contains)
                    .mapToLong(Long::longValue)
                    .max()
                    .orElseThrow();
            long firstTest = rows.stream()
                    .filter(pair[1]::contains)
                    .mapToLong(Long::longValue)
                    .min()
                    .orElseThrow();
            assertThat(firstTest).isGreaterThanOrEqualTo(lastTrain + GAP.toMillis());
        }
    }

    @Test
    void shouldSayHowLongTheWindowMustBeWhenItIsTooShort() {
        assertThatThrownBy(() ->
                        TimeSplit.plan(new TimeWindow(day(0), day(20)), Duration.ofDays(7), GAP, 3, Duration.ofDays(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short")
                .hasMessageContaining("PT672H");
    }
}
