package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagWindowTest {

    @Test
    void shouldTakeNearestRankPercentilesOfTheSamplesInTheWindow() {
        LagWindow window = new LagWindow(60_000, 100);
        // Given an old sample, then 1..100 ms one per 100 ms in the last 10 s, added out of order
        window.add(0, 999_999);
        for (int k = 100; k >= 1; k--) {
            window.add(50_000 + k * 100L, k);
        }

        long[] sorted = window.sorted(65_000);

        assertThat(sorted).hasSize(100).startsWith(1, 2).endsWith(99, 100);
        assertThat(LagWindow.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LagWindow.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LagWindow.percentile(sorted, 100)).isEqualTo(100);
    }

    @Test
    void shouldForgetSamplesOlderThanTheWindowAndOverwriteTheOldestWhenFull() {
        LagWindow window = new LagWindow(10_000, 3);
        window.add(1_000, 10);
        window.add(2_000, 20);
        window.add(3_000, 30);
        window.add(4_000, 40); // overwrites 10

        assertThat(window.sorted(4_000)).containsExactly(20, 30, 40);
        assertThat(window.sorted(12_500)).as("(2.5 s, 12.5 s]").containsExactly(30, 40);
        assertThat(window.sorted(20_000)).isEmpty();
        assertThat(LagWindow.percentile(window.sorted(20_000), 50)).isNull();
    }

    @Test
    void shouldTakeTheOnlySampleAsEveryPercentile() {
        long[] one = {1_234};
        assertThat(LagWindow.percentile(one, 50)).isEqualTo(1_234);
        assertThat(LagWindow.percentile(one, 99)).isEqualTo(1_234);
    }
}
