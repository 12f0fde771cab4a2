package io.fraudstream.dashboard;

import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.config.Validators;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The dashboard's configuration: the shared keys ({@value #SERVICE_NAME} defaults to {@code dashboard},
 * {@value #HTTP_PORT} to {@value #DEFAULT_HTTP_PORT}) plus
 * <ul>
 *     <li>{@value #REPORT_DIR}: where the trainer writes its reports (one subdirectory per run with
 *     {@code report.html}); the newest is served at {@code /report};</li>
 *     <li>{@value #RECENT_ALERTS}: how many of the latest alerts the page lists;</li>
 *     <li>{@value #WINDOW_SECONDS}: the rolling window of the rates, percentiles, decision mix, score histogram and
 *     champion/challenger comparison;</li>
 *     <li>{@value #FEATURE_STREAM_METRICS_URLS}: the {@code /metrics} URLs of the feature stream's instances, scraped
 *     for the ordering panel (see {@link OrderingScraper}); empty: the panel says it is not configured.</li>
 * </ul>
 */
public final class DashboardConfig extends RuntimeConfig {

    public static final String REPORT_DIR = "dashboard.report.dir";
    public static final String RECENT_ALERTS = "dashboard.recent.alerts";
    public static final String WINDOW_SECONDS = "dashboard.window.seconds";
    public static final String FEATURE_STREAM_METRICS_URLS = "dashboard.feature.stream.metrics.urls";

    /** The dashboard's port unless {@value #HTTP_PORT} says otherwise. */
    public static final int DEFAULT_HTTP_PORT = 8090;

    private final Path reportDir;
    private final int recentAlerts;
    private final Duration window;
    private final List<URI> featureStreamMetricsUrls;

    public DashboardConfig(Map<?, ?> props) {
        super(definition(), props);
        reportDir = Path.of(getString(REPORT_DIR).trim());
        recentAlerts = getInt(RECENT_ALERTS);
        window = Duration.ofSeconds(getInt(WINDOW_SECONDS));
        featureStreamMetricsUrls = getList(FEATURE_STREAM_METRICS_URLS).stream()
                .map(u -> URI.create(u.trim()))
                .toList();
    }

    /** The shared keys (with the dashboard's defaults for the service name and HTTP port) plus the dashboard keys. */
    public static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        for (ConfigDef.ConfigKey key :
                RuntimeConfig.baseDefinition("dashboard").configKeys().values()) {
            if (key.name.equals(HTTP_PORT)) {
                def.define(
                        HTTP_PORT,
                        Type.INT,
                        DEFAULT_HTTP_PORT,
                        Range.between(0, 65535),
                        Importance.MEDIUM,
                        "Port of the dashboard page and its endpoints (/, /api/summary, /report, /health, /ready, "
                                + "/metrics); 0 picks a free ephemeral port (logged at start).");
            } else {
                def.define(key);
            }
        }
        return def.define(
                        REPORT_DIR,
                        Type.STRING,
                        ".fraudstream/reports/trainer",
                        Importance.MEDIUM,
                        "Directory of the trainer's reports (its trainer.report.dir): one subdirectory per run with "
                                + "report.html. The page links to the newest one, served at /report.")
                .define(
                        RECENT_ALERTS,
                        Type.INT,
                        20,
                        Range.between(1, 1000),
                        Importance.LOW,
                        "How many of the latest fraud.alerts records the page lists (the last ones before the "
                                + "dashboard started are read too).")
                .define(
                        WINDOW_SECONDS,
                        Type.INT,
                        60,
                        Range.between(2, 3600),
                        Importance.LOW,
                        "Rolling window, in seconds, of the events/s rate, the latency percentiles, the decision mix, "
                                + "the score histogram and the champion/challenger comparison.")
                .define(
                        FEATURE_STREAM_METRICS_URLS,
                        Type.LIST,
                        "",
                        httpUrls(),
                        Importance.MEDIUM,
                        "The Prometheus /metrics URLs of the feature stream's instances (comma-separated, e.g. "
                                + "http://feature-stream:8087/metrics), scraped every 2 s for the page's Ordering panel: "
                                + "how far the merchant stage's watermark is behind the wall clock (now, p50 and p99 over "
                                + "5 minutes), transactions held and late events. Empty: the panel says it is not "
                                + "configured. An unreachable URL is shown as such, with the reason.");
    }

    /** Every entry an absolute http(s) URL with a host; the empty list too. */
    private static ConfigDef.Validator httpUrls() {
        ConfigDef.Validator url = Validators.httpUrl();
        return Validators.describedAs("comma-separated http(s) URLs, or empty", (name, value) -> {
            for (Object entry : (List<?>) value) {
                url.ensureValid(name, entry);
            }
        });
    }

    /** {@value #REPORT_DIR}. */
    public Path reportDir() {
        return reportDir;
    }

    /** {@value #RECENT_ALERTS}. */
    public int recentAlerts() {
        return recentAlerts;
    }

    /** {@value #WINDOW_SECONDS}. */
    public Duration window() {
        return window;
    }

    /** {@value #FEATURE_STREAM_METRICS_URLS}; empty when not configured. */
    public List<URI> featureStreamMetricsUrls() {
        return featureStreamMetricsUrls;
    }
}
