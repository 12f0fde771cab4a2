package io.fraudstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static final String METRICS = """
            # TYPE fraudstream_features_ordering_hold_seconds summary
            fraudstream_features_ordering_hold_seconds{quantile="0.5",} 0.113
            fraudstream_features_ordering_hold_seconds{quantile="0.99",} 0.151
            fraudstream_features_ordering_hold_seconds_count 1000.0
            fraudstream_scoring_decisions_total{decision="approve",} 97.0
            fraudstream_scoring_decisions_total{decision="review",} 2.0
            fraudstream_scoring_decisions_total{decision="decline",} 1.0
            """;

    @Test
    void shouldReadTheHoldQuantilesInMilliseconds() {
        double[] q = ServiceMetrics.quantilesMs(METRICS, "fraudstream_features_ordering_hold_seconds");

        assertThat(q[0]).isCloseTo(113, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(q[1]).isCloseTo(151, org.assertj.core.api.Assertions.within(1e-9));
        double[] none = ServiceMetrics.quantilesMs("", "fraudstream_features_ordering_hold_seconds");
        assertThat(none[0]).isNaN();
        assertThat(none[1]).isNaN();
    }

    @Test
    void shouldShareReviewAndDeclineOverAllDecisions() {
        assertThat(ServiceMetrics.alertShare(METRICS)).isEqualTo("3.00 % of 100");
        assertThat(ServiceMetrics.alertShare("")).isEqualTo("-");
    }
}
