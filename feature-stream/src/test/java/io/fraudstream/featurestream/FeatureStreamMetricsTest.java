package io.fraudstream.featurestream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.runtime.metrics.Metrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ordering gauges as a Prometheus scrape of the service's registry shows them: the names the dashboard and
 * alerting read, and a watermark lag that is not a number before the first watermark.
 */
class FeatureStreamMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final Metrics metrics = Metrics.create("feature-stream");
    private final FeatureStreamMetrics featureMetrics =
            FeatureStreamMetrics.create(metrics.registry(), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        metrics.close();
    }

    private List<String> scraped(String prefix) {
        return metrics.scrape().lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void shouldShowNoWatermarkLagBeforeTheFirstWatermark() {
        // Given no merchant task yet
        assertThat(scraped("fraudstream_features_ordering_watermark_lag_milliseconds"))
                .containsExactly(
                        "fraudstream_features_ordering_watermark_lag_milliseconds{service=\"feature-stream\"} NaN");
        assertThat(scraped("fraudstream_features_ordering_held"))
                .containsExactly("fraudstream_features_ordering_held{service=\"feature-stream\"} 0.0");
        // When a task holds transactions but not every upstream task has sent a watermark
        featureMetrics.ordering("1_0", 7, Long.MIN_VALUE);
        // Then the lag is still not a number, not 2^63 ms
        assertThat(scraped("fraudstream_features_ordering_watermark_lag_milliseconds"))
                .containsExactly(
                        "fraudstream_features_ordering_watermark_lag_milliseconds{service=\"feature-stream\"} NaN");
        assertThat(scraped("fraudstream_features_ordering_held"))
                .containsExactly("fraudstream_features_ordering_held{service=\"feature-stream\"} 7.0");
    }

    @Test
    void shouldShowTheLagOfTheTaskFurthestBehindAndTheHeldOfAll() {
        featureMetrics.ordering("1_0", 3, NOW.toEpochMilli() - 1_500);
        featureMetrics.ordering("1_1", 4, NOW.toEpochMilli() - 300);
        featureMetrics.ordering("1_2", 5, Long.MIN_VALUE);
        featureMetrics.late("transaction");
        featureMetrics.late("transaction");
        featureMetrics.late("label");

        assertThat(scraped("fraudstream_features_ordering_watermark_lag_milliseconds"))
                .containsExactly(
                        "fraudstream_features_ordering_watermark_lag_milliseconds{service=\"feature-stream\"} 1500.0");
        assertThat(scraped("fraudstream_features_ordering_held"))
                .containsExactly("fraudstream_features_ordering_held{service=\"feature-stream\"} 12.0");
        assertThat(scraped("fraudstream_features_late_total"))
                .containsExactlyInAnyOrder(
                        "fraudstream_features_late_total{kind=\"label\",service=\"feature-stream\"} 1.0",
                        "fraudstream_features_late_total{kind=\"transaction\",service=\"feature-stream\"} 2.0");

        // When the task furthest behind moves to another instance
        featureMetrics.orderingClosed("1_0");
        assertThat(scraped("fraudstream_features_ordering_watermark_lag_milliseconds"))
                .containsExactly(
                        "fraudstream_features_ordering_watermark_lag_milliseconds{service=\"feature-stream\"} 300.0");
        assertThat(featureMetrics.held()).isEqualTo(9);
    }
}
