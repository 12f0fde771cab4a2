package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.schemas.testing.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's routes on the runtime's HTTP server, without Kafka: {@code /api/summary} carries the ordering
 * figures the scraper read from a feature stream's {@code /metrics}, and the page has the panel that shows them.
 */
class DashboardRoutesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    @TempDir
    Path reports;

    private final TestClock clock = new TestClock(T0);
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private String get(ServiceHttpServer http, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** The dashboard's routes with {@code ordering} behind them, on an ephemeral port. */
    private ServiceHttpServer dashboard(Metrics metrics, OrderingScraper ordering) {
        DashboardRoutes routes = new DashboardRoutes(
                new LiveStats(60, 20, clock.millis()), new TrainingReports(reports), clock, ordering::snapshot);
        return new ServiceHttpServer("127.0.0.1", 0, new Health(), metrics)
                .routes(routes::register)
                .start();
    }

    @Test
    void shouldAnswerTheOrderingFiguresInTheSummary() throws Exception {
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(clock);
                OrderingScraper scraper = new OrderingScraper(
                        List.of(features.metricsUrl()), Duration.ofSeconds(2), OrderingScraper.WINDOW, clock);
                Metrics metrics = Metrics.create("dashboard");
                ServiceHttpServer http = dashboard(metrics, scraper)) {
            // Given a feature stream 2.5 s behind, holding 6 transactions, with one late transaction, scraped
            features.meters().ordering("1_0", 6, clock.millis() - 2_500);
            features.meters().late("transaction");
            scraper.scrape();

            JsonNode ordering =
                    json.readTree(get(http, DashboardRoutes.SUMMARY_PATH)).path("ordering");

            assertThat(ordering.path("configured").asBoolean()).isTrue();
            assertThat(ordering.path("watermarkLagMs").asLong()).isEqualTo(2_500);
            assertThat(ordering.path("watermarkLagP50Ms").asLong()).isEqualTo(2_500);
            assertThat(ordering.path("watermarkLagP99Ms").asLong()).isEqualTo(2_500);
            assertThat(ordering.path("lagWindowSeconds").asInt()).isEqualTo(300);
            assertThat(ordering.path("held").asLong()).isEqualTo(6);
            assertThat(ordering.path("late").asLong()).isEqualTo(1);
            assertThat(ordering.path("lateByKind").path("transaction").asLong()).isEqualTo(1);
            JsonNode endpoint = ordering.path("endpoints").path(0);
            assertThat(endpoint.path("url").asText())
                    .isEqualTo(features.metricsUrl().toString());
            assertThat(endpoint.path("status").asText()).isEqualTo("UP");
            assertThat(endpoint.path("error").isNull()).isTrue();
        }
    }

    @Test
    void shouldAnswerNotConfiguredAndUnreachable() throws Exception {
        try (OrderingScraper none =
                        new OrderingScraper(List.of(), Duration.ofSeconds(2), OrderingScraper.WINDOW, clock);
                Metrics metrics = Metrics.create("dashboard");
                ServiceHttpServer http = dashboard(metrics, none)) {
            JsonNode ordering =
                    json.readTree(get(http, DashboardRoutes.SUMMARY_PATH)).path("ordering");
            assertThat(ordering.path("configured").asBoolean()).isFalse();
            assertThat(ordering.path("endpoints")).isEmpty();
            assertThat(ordering.path("watermarkLagMs").isNull()).isTrue();
        }
        FeatureStreamMetricsServer stopped = new FeatureStreamMetricsServer(clock);
        URI url = stopped.metricsUrl();
        stopped.close();
        try (OrderingScraper scraper =
                        new OrderingScraper(List.of(url), Duration.ofSeconds(2), OrderingScraper.WINDOW, clock);
                Metrics metrics = Metrics.create("dashboard");
                ServiceHttpServer http = dashboard(metrics, scraper)) {
            scraper.scrape();

            JsonNode ordering =
                    json.readTree(get(http, DashboardRoutes.SUMMARY_PATH)).path("ordering");

            assertThat(ordering.path("configured").asBoolean()).isTrue();
            assertThat(ordering.path("held").isNull()).isTrue();
            assertThat(ordering.path("endpoints").path(0).path("status").asText())
                    .isEqualTo("UNREACHABLE");
            assertThat(ordering.path("endpoints").path(0).path("error").asText())
                    .isNotBlank();
        }
    }

    @Test
    void shouldServeThePageWithTheOrderingPanel() throws Exception {
        try (OrderingScraper none =
                        new OrderingScraper(List.of(), Duration.ofSeconds(2), OrderingScraper.WINDOW, clock);
                Metrics metrics = Metrics.create("dashboard");
                ServiceHttpServer http = dashboard(metrics, none)) {
            String page = get(http, "/");
            assertThat(page)
                    .contains(
                            "id=\"ordering-lag\"",
                            "id=\"ordering-lag-p50\"",
                            "id=\"ordering-lag-p99\"",
                            "id=\"ordering-held\"",
                            "id=\"ordering-late\"",
                            "id=\"ordering-note\"");
            assertThat(get(http, "/assets/dashboard.js")).contains("drawOrdering(s.ordering)");
        }
    }
}
