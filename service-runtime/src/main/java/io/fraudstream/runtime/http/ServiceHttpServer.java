package io.fraudstream.runtime.http;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.health.HealthReport;
import io.fraudstream.runtime.health.Status;
import io.fraudstream.runtime.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of a service, on Javalin 6:
 * <ul>
 *     <li>{@code GET /health}: liveness; 200 {@code {"status":"UP"}} while every liveness check passes, else 503
 *     naming the failing checks;</li>
 *     <li>{@code GET /ready}: readiness; 200 when every readiness check passes, else 503 naming the failing checks;</li>
 *     <li>{@code GET /metrics}: every meter of {@link Metrics}, Prometheus text format (OpenMetrics when the
 *     {@code Accept} header asks for it).</li>
 * </ul>
 * Services add their routes with {@link #routes(Consumer)} before {@link #start()}. Unknown routes and errors answer
 * with a JSON body {@code {"status":404,"error":"Not Found","message":...,"path":...}}.
 */
public final class ServiceHttpServer implements AutoCloseable {

    /** Liveness path. */
    public static final String HEALTH_PATH = "/health";
    /** Readiness path. */
    public static final String READY_PATH = "/ready";
    /** Prometheus scrape path. */
    public static final String METRICS_PATH = "/metrics";

    private static final Logger log = LoggerFactory.getLogger(ServiceHttpServer.class);

    private final String host;
    private final int requestedPort;
    private final Health health;
    private final Metrics metrics;
    private final Javalin app;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param host    interface to bind
     * @param port    port to bind; 0 = ephemeral
     * @param health  the checks behind {@code /health} and {@code /ready}
     * @param metrics the registry behind {@code /metrics}
     */
    public ServiceHttpServer(String host, int port, Health health, Metrics metrics) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        this.requestedPort = port;
        this.health = Objects.requireNonNull(health, "health");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        app.get(HEALTH_PATH, ctx -> report(ctx, health.liveness()));
        app.get(READY_PATH, ctx -> report(ctx, health.readiness()));
        app.get(METRICS_PATH, this::scrape);
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR.getCode(), "internal error");
        });
    }

    /** A server bound to {@link RuntimeConfig#httpHost()} and {@link RuntimeConfig#httpPort()}. */
    public static ServiceHttpServer create(RuntimeConfig config, Health health, Metrics metrics) {
        return new ServiceHttpServer(config.httpHost(), config.httpPort(), health, metrics);
    }

    /**
     * Lets a service add routes, exception handlers and so on to the Javalin app; call before {@link #start()}.
     * Example: {@code server.routes(app -> app.post("/transactions", ingest::handle))}.
     */
    public ServiceHttpServer routes(Consumer<Javalin> registrar) {
        if (started) {
            throw new IllegalStateException("add routes before start()");
        }
        registrar.accept(app);
        return this;
    }

    /** Starts listening; returns once bound. */
    public synchronized ServiceHttpServer start() {
        if (closed) {
            throw new IllegalStateException("server closed");
        }
        if (!started) {
            app.start(host, requestedPort);
            started = true;
            log.info(
                    "HTTP endpoints on http://{}:{} ({}, {}, {})", host, port(), HEALTH_PATH, READY_PATH, METRICS_PATH);
        }
        return this;
    }

    /** The bound port (the actual one when configured as 0). */
    public int port() {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** Stops the server. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (started) {
                app.stop();
                log.info("HTTP endpoints stopped");
            }
        }
    }

    private static void report(Context ctx, HealthReport report) {
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, status) -> checks.put(name, check(status)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        if (!report.up()) {
            body.put("failing", report.failing());
        }
        body.put("checks", checks);
        ctx.status(report.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }

    private static Map<String, Object> check(Status status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status.isUp() ? "UP" : "DOWN");
        if (!status.detail().isEmpty()) {
            out.put("detail", status.detail());
        }
        return out;
    }

    private void scrape(Context ctx) {
        String accept = ctx.header("Accept");
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? Metrics.OPENMETRICS_CONTENT_TYPE
                : Metrics.PROMETHEUS_TEXT_CONTENT_TYPE;
        ctx.contentType(contentType).result(metrics.scrape(contentType));
    }

    private static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", HttpStatus.forStatus(status).getMessage());
        body.put("message", message);
        body.put("path", ctx.path());
        ctx.status(status).json(body);
    }
}
