package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LagSeriesTest {

    private static final int RATE = 10_000;

    @Test
    void shouldCallASawtoothAroundASteadyLevelNotGrowing() {
        // Given the lag every 5 s for 60 s, up and down with the commits around 2,000 records
        LagSeries lag = new LagSeries();
        for (int i = 1; i <= 12; i++) {
            lag.add(5.0 * i, i % 2 == 0 ? 2_400 : 1_600);
        }

        // Then
        assertThat(lag.first()).isEqualTo(1_600);
        assertThat(lag.last()).isEqualTo(2_400);
        assertThat(lag.max()).isEqualTo(2_400);
        assertThat(lag.slope()).isLessThan(LagSeries.GROWTH_SHARE * RATE);
        assertThat(lag.trend(RATE)).isEqualTo(LagSeries.Trend.FLAT);
        assertThat(lag.describe(RATE))
                .contains("first 1,600, last 2,400, max 2,400")
                .endsWith("not growing");
    }

    @Test
    void shouldCallALagGrowingBy500RecordsASecondGrowing() {
        // Given a pipeline that processes 9,500 of the 10,000 events offered each second
        LagSeries lag = new LagSeries();
        for (int i = 1; i <= 12; i++) {
            lag.add(5.0 * i, 2_500L * i);
        }

        // Then
        assertThat(lag.slope()).isCloseTo(500, within(1e-9));
        assertThat(lag.trend(RATE)).isEqualTo(LagSeries.Trend.GROWING);
        assertThat(lag.describe(RATE))
                .contains("slope +500.0 rec/s over 12 samples")
                .endsWith("GROWING");
    }

    @Test
    void shouldGiveNoVerdictOnTooFewSamples() {
        // Given
        LagSeries lag = new LagSeries();
        assertThat(lag.describe(RATE)).isEqualTo("no samples");
        assertThat(lag.first()).isEqualTo(-1);
        lag.add(5, 100);
        lag.add(10, 100_000);

        // Then
        assertThat(lag.trend(RATE)).isEqualTo(LagSeries.Trend.UNKNOWN);
        assertThat(lag.slope()).isCloseTo(19_980, within(1e-9));
    }
}
