package io.fraudstream.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.health.Status;
import io.fraudstream.runtime.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceHttpServerTest {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Health health = new Health();
    private Metrics metrics;
    private ServiceHttpServer server;

    @BeforeEach
    void createServer() {
        metrics = Metrics.create("http-test");
        server = new ServiceHttpServer("127.0.0.1", 0, health, metrics);
    }

    @AfterEach
    void closeServer() {
        server.close();
        metrics.close();
        client.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, "*/*");
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBindAnEphemeralPort() {
        server.start();

        assertThat(server.port()).isPositive();
    }

    @Test
    void shouldAnswerHealthWhileTheProcessRuns() throws Exception {
        server.start();

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{}}");
    }

    @Test
    void shouldAnswerHealthDownWhenALivenessCheckFails() throws Exception {
        health.liveness("kafka-streams", () -> Status.down("ERROR"));
        server.start();

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .contains("\"status\":\"DOWN\"", "\"failing\":[\"kafka-streams\"]", "\"detail\":\"ERROR\"");
    }

    @Test
    void shouldBecomeReadyOnceEveryCheckPasses() throws Exception {
        AtomicBoolean modelLoaded = new AtomicBoolean(false);
        health.readiness("model", modelLoaded::get).readiness("streams", () -> Status.up("RUNNING"));
        server.start();

        HttpResponse<String> before = get("/ready");
        modelLoaded.set(true);
        HttpResponse<String> after = get("/ready");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body())
                .contains("\"failing\":[\"model\"]")
                .doesNotContain("\"failing\":[\"model\",\"streams\"]");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).startsWith("{\"status\":\"UP\"");
    }

    @Test
    void shouldServePrometheusMetricsWithJvmAndCustomMeters() throws Exception {
        metrics.registry().counter("fraudstream.transactions.scored").increment(2);
        server.start();

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(Metrics.PROMETHEUS_TEXT_CONTENT_TYPE);
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("fraudstream_transactions_scored_total{service=\"http-test\"} 2.0");
    }

    @Test
    void shouldServeOpenMetricsWhenTheScraperAsks() throws Exception {
        server.start();

        HttpResponse<String> response = get("/metrics", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");

        assertThat(response.headers().firstValue("Content-Type")).contains(Metrics.OPENMETRICS_CONTENT_TYPE);
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void shouldAnswerUnknownRoutesWithJson404() throws Exception {
        server.start();

        HttpResponse<String> response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(response.body()).contains("\"status\":404", "\"error\":\"Not Found\"", "\"path\":\"/nope\"");
    }

    @Test
    void shouldServeRoutesAddedByTheServiceAndAnswerTheirFailuresWithJson500() throws Exception {
        server.routes(app -> app.get(
                        "/scores/{id}", ctx -> ctx.json(java.util.Map.of("id", ctx.pathParam("id"), "score", 0.1)))
                .get("/broken", ctx -> {
                    throw new IllegalStateException("secret detail");
                }));
        server.start();

        HttpResponse<String> score = get("/scores/tx-1");
        HttpResponse<String> broken = get("/broken");

        assertThat(score.statusCode()).isEqualTo(200);
        assertThat(score.body()).contains("\"id\":\"tx-1\"");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("\"status\":500").doesNotContain("secret detail");
    }

    @Test
    void shouldRefuseRoutesAfterStartAndCloseIdempotently() {
        server.start();

        assertThatThrownBy(() -> server.routes(app -> app.get("/late", ctx -> ctx.result("late"))))
                .isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
}
