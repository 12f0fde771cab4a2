package io.fraudstream.dashboard;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.metrics.Metrics;
import java.net.URI;
import java.time.Clock;

/**
 * What a running feature stream serves on {@code /metrics}: the runtime's HTTP server and registry with the feature
 * stream's own meters, on an ephemeral port; the test sets the ordering figures through {@link #meters()}.
 */
final class FeatureStreamMetricsServer implements AutoCloseable {

    private final Metrics metrics;
    private final FeatureStreamMetrics meters;
    private final ServiceHttpServer http;

    /** @param withOrderingMeters false: a service without the feature stream's meters (e.g. the scoring service) */
    FeatureStreamMetricsServer(Clock clock, boolean withOrderingMeters) {
        metrics = Metrics.create("feature-stream");
        meters = withOrderingMeters ? FeatureStreamMetrics.create(metrics.registry(), clock) : null;
        http = new ServiceHttpServer("127.0.0.1", 0, new Health(), metrics).start();
    }

    FeatureStreamMetricsServer(Clock clock) {
        this(clock, true);
    }

    FeatureStreamMetrics meters() {
        return meters;
    }

    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + http.port() + ServiceHttpServer.METRICS_PATH);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    @Override
    public void close() {
        http.close();
        metrics.close();
    }
}
