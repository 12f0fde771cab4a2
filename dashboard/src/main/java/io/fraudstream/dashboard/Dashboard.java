package io.fraudstream.dashboard;

import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.lifecycle.ShutdownHook;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.runtime.topics.ServiceTopics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running dashboard: a {@link KafkaFeed} reading transactions.scored, fraud.alerts and fraud.models into
 * {@link LiveStats}, an {@link OrderingScraper} reading the feature stream's ordering figures from its
 * {@code /metrics} (when {@value DashboardConfig#FEATURE_STREAM_METRICS_URLS} names them), and the page with its JSON
 * on the runtime's HTTP server (see {@link DashboardRoutes}). Apart from those metrics it reads Kafka only, so it shows
 * the whole system whatever the number of scoring instances, locally or on a cluster.
 *
 * <p>In-process (the {@code ./fraudstream demo} command, tests):
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(new DashboardConfig(props))) {
 *     System.out.println("dashboard: " + dashboard.url());
 *     ...
 * }
 * }</pre>
 * Alone: {@link DashboardMain}.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    private final DashboardConfig config;
    private final ServiceTopics topics;
    private final Metrics metrics;
    private final KafkaFeed feed;
    private final OrderingScraper ordering;
    private final ServiceHttpServer http;
    private final DashboardRoutes routes;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile ShutdownHook hook;
    private boolean closing;

    private Dashboard(
            DashboardConfig config,
            ServiceTopics topics,
            Metrics metrics,
            KafkaFeed feed,
            OrderingScraper ordering,
            ServiceHttpServer http,
            DashboardRoutes routes) {
        this.config = config;
        this.topics = topics;
        this.metrics = metrics;
        this.feed = feed;
        this.ordering = ordering;
        this.http = http;
        this.routes = routes;
    }

    /**
     * Starts the dashboard: opens the topic catalogue (provisioning topics unless {@code topics.provision=false}),
     * starts reading and serves the page. Returns once the page is served; the figures fill in as the feed gets its
     * partitions ({@link #ready()}). Closing the result (or SIGTERM) stops it.
     */
    public static Dashboard start(DashboardConfig config) {
        Clock clock = Clock.systemUTC();
        ServiceTopics topics = ServiceTopics.open(config, false);
        Metrics metrics = Metrics.create(config.serviceName());
        KafkaFeed feed = null;
        OrderingScraper ordering = new OrderingScraper(
                config.featureStreamMetricsUrls(), OrderingScraper.INTERVAL, OrderingScraper.WINDOW, clock);
        ServiceHttpServer http = null;
        try {
            LiveStats stats = new LiveStats((int) config.window().toSeconds(), config.recentAlerts(), clock.millis());
            feed = new KafkaFeed(
                    topics.catalogue(),
                    config.consumerProps(),
                    config.serviceName(),
                    config.recentAlerts(),
                    stats,
                    clock,
                    metrics.registry());
            KafkaFeed f = feed;
            Health health = new Health().liveness("kafka-feed", f::liveness).readiness("kafka-feed", f::readiness);
            DashboardRoutes routes =
                    new DashboardRoutes(stats, new TrainingReports(config.reportDir()), clock, ordering::snapshot);
            http = ServiceHttpServer.create(config, health, metrics)
                    .routes(routes::register)
                    .start();
            feed.start();
            ordering.start();
            Dashboard dashboard = new Dashboard(config, topics, metrics, feed, ordering, http, routes);
            dashboard.hook = ShutdownHook.install(config.serviceName(), dashboard);
            log.info(
                    "dashboard on {} (window {} s, reports from {})",
                    dashboard.url(),
                    config.window().toSeconds(),
                    config.reportDir().toAbsolutePath());
            return dashboard;
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (feed != null) {
                feed.close();
            }
            ordering.close();
            metrics.close();
            topics.close();
            throw e;
        }
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8090/} (a wildcard bind address shows as 127.0.0.1). */
    public String url() {
        String host = config.httpHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port() + "/";
    }

    /** The bound HTTP port. */
    public int port() {
        return http.port();
    }

    /** True once the feed reads every topic it needs: what is written from then on shows on the page. */
    public boolean ready() {
        return feed.positioned();
    }

    /** The figures as {@code GET /api/summary} answers them now. */
    public Summary summary() {
        return routes.summary();
    }

    /** Blocks until the dashboard is closed (by {@link #close()} or SIGTERM). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops serving, stops the feed, then closes the rest. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            http.close();
            ordering.close();
            feed.close(config.shutdownTimeout());
            metrics.close();
            topics.close();
            ShutdownHook h = hook;
            if (h != null) {
                h.uninstall();
            }
            log.info("dashboard stopped");
        } finally {
            closed.countDown();
        }
    }
}
