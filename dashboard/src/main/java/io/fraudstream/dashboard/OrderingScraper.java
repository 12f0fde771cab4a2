package io.fraudstream.dashboard;

import io.fraudstream.dashboard.Summary.EndpointStatus;
import io.fraudstream.dashboard.Summary.OrderingEndpoint;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes the feature stream's ordering figures from the {@code /metrics} (Prometheus text) of each configured
 * instance, every {@code interval} on a thread of its own, off the page's request path: the watermark lag
 * ({@value #WATERMARK_LAG}), the transactions held ({@value #HELD}) and the late events ({@value #LATE} by
 * {@code kind}). Keeps the latest answer of each instance and the combined lag of each scrape over {@code window}
 * for its percentiles ({@link LagWindow}).
 *
 * <p>An instance that does not answer within the timeout, answers other than 200, or with a body that is not the text
 * format, is shown UNREACHABLE with the reason (logged once when it goes down and once when it is back); nothing here
 * throws into the dashboard.
 *
 * <p>The names are the feature stream's meters as Micrometer's Prometheus registry renders them (its
 * {@code FeatureStreamMetrics}: dots become underscores, the gauge's base unit and the counter's {@code _total} are
 * appended); the dashboard reads them over HTTP and does not depend on the feature stream's code
 * ({@code OrderingScraperTest} scrapes the real meters).
 */
final class OrderingScraper implements AutoCloseable {

    static final String WATERMARK_LAG = "fraudstream_features_ordering_watermark_lag_milliseconds";
    static final String HELD = "fraudstream_features_ordering_held";
    static final String LATE = "fraudstream_features_late_total";

    /** How often each instance is scraped. */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How far back the lag percentiles look. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(OrderingScraper.class);

    private final List<URI> urls;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final LagWindow lags;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    /** Latest state of each URL, in configured order; guarded by this. */
    private final Map<URI, Endpoint> endpoints = new LinkedHashMap<>();

    private Long scrapedAt;

    /** One instance's latest scrape. */
    private record Endpoint(EndpointStatus status, String error, Long scrapedAt, Reading reading) {}

    /** The ordering figures of one instance's scrape; {@code lagMs} NaN while it has no watermark. */
    record Reading(double lagMs, long held, Map<String, Long> lateByKind) {

        long late() {
            return lateByKind.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The figures in {@code samples}; null when they hold neither ordering gauge. */
        static Reading of(List<PrometheusText.Sample> samples) {
            boolean found = false;
            double lag = Double.NaN;
            long held = 0;
            Map<String, Long> late = new TreeMap<>();
            for (PrometheusText.Sample s : samples) {
                switch (s.name()) {
                    case WATERMARK_LAG -> {
                        found = true;
                        if (!Double.isNaN(s.value())) {
                            lag = Double.isNaN(lag) ? s.value() : Math.max(lag, s.value());
                        }
                    }
                    case HELD -> {
                        found = true;
                        held += finite(s.value());
                    }
                    case LATE -> late.merge(s.labels().getOrDefault("kind", "unknown"), finite(s.value()), Long::sum);
                    default -> {}
                }
            }
            return found ? new Reading(lag, held, Collections.unmodifiableMap(late)) : null;
        }

        private static long finite(double v) {
            return Double.isFinite(v) ? Math.round(v) : 0;
        }
    }

    /**
     * @param urls     the instances' {@code /metrics} URLs (none: nothing is scraped, the panel says not configured)
     * @param interval time between the end of one scrape and the start of the next
     * @param window   how far back the lag percentiles look
     * @param clock    the time of samples and snapshots
     */
    OrderingScraper(List<URI> urls, Duration interval, Duration window, Clock clock) {
        this.urls = List.copyOf(urls);
        this.interval = interval;
        this.timeout = interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
        this.clock = clock;
        this.lags = new LagWindow(window.toMillis(), (int) (window.toMillis() / interval.toMillis()) + 2);
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-ordering-scraper");
            t.setDaemon(true);
            return t;
        });
        this.urls.forEach(u -> endpoints.put(u, new Endpoint(EndpointStatus.PENDING, null, null, null)));
    }

    /** Scrapes every {@code interval} from now on (nothing when no URL is configured). */
    void start() {
        if (!urls.isEmpty()) {
            scheduler.scheduleWithFixedDelay(this::scrapeQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            log.info("scraping the feature stream's ordering figures from {} every {} s", urls, interval.toSeconds());
        }
    }

    private void scrapeQuietly() {
        try {
            scrape();
        } catch (RuntimeException e) {
            // an exception would cancel the schedule; scrape() handles every failure it expects
            log.warn("scraping the feature stream's metrics failed", e);
        }
    }

    /** Scrapes every URL once (in parallel, each within the timeout), then records the combined lag. */
    void scrape() {
        List<CompletableFuture<Endpoint>> answers = new ArrayList<>();
        for (URI url : urls) {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Accept", "text/plain")
                    .GET()
                    .build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> endpoint(response, failure)));
        }
        Map<URI, Endpoint> latest = new LinkedHashMap<>();
        for (int k = 0; k < urls.size(); k++) {
            latest.put(urls.get(k), answers.get(k).join());
        }
        long now = clock.millis();
        synchronized (this) {
            latest.forEach((url, e) -> {
                Endpoint previous = endpoints.put(url, e);
                if (previous != null && previous.status() != e.status()) {
                    if (e.status() == EndpointStatus.UP) {
                        log.info("feature stream metrics at {}: {}", url, e.status());
                    } else {
                        log.warn("feature stream metrics at {}: {} ({})", url, e.status(), e.error());
                    }
                }
            });
            scrapedAt = now;
            combinedLag(latest.values()).ifPresent(lag -> lags.add(now, lag));
        }
    }

    private Endpoint endpoint(HttpResponse<String> response, Throwable failure) {
        long at = clock.millis();
        if (failure != null) {
            return new Endpoint(EndpointStatus.UNREACHABLE, reason(failure), at, null);
        }
        if (response.statusCode() != 200) {
            return new Endpoint(EndpointStatus.UNREACHABLE, "HTTP " + response.statusCode(), at, null);
        }
        Reading reading;
        try {
            reading = Reading.of(PrometheusText.parse(response.body()));
        } catch (IllegalArgumentException e) {
            return new Endpoint(
                    EndpointStatus.UNREACHABLE, "not the Prometheus text format: " + e.getMessage(), at, null);
        }
        if (reading == null) {
            return new Endpoint(
                    EndpointStatus.NO_ORDERING_METRICS,
                    "no " + HELD + " or " + WATERMARK_LAG + " here: not a feature stream's /metrics?",
                    at,
                    null);
        }
        return new Endpoint(EndpointStatus.UP, null, at, reading);
    }

    /**
     * A failure's reason for the page: its type and the first message in its causes (the HTTP client's refused
     * connection has none anywhere).
     */
    static String reason(Throwable failure) {
        Throwable t =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HttpTimeoutException) {
            return "no answer within the timeout (" + t.getMessage() + ")";
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        return t instanceof ConnectException
                ? "ConnectException: connection refused, or no route to the host"
                : t.getClass().getSimpleName();
    }

    private static OptionalLong combinedLag(Iterable<Endpoint> latest) {
        double max = Double.NaN;
        for (Endpoint e : latest) {
            if (e.reading() != null && !Double.isNaN(e.reading().lagMs())) {
                max = Double.isNaN(max)
                        ? e.reading().lagMs()
                        : Math.max(max, e.reading().lagMs());
            }
        }
        return Double.isNaN(max) ? OptionalLong.empty() : OptionalLong.of(Math.round(max));
    }

    /** The figures as of now. */
    synchronized Summary.Ordering snapshot() {
        if (urls.isEmpty()) {
            return Summary.Ordering.notConfigured();
        }
        List<OrderingEndpoint> out = new ArrayList<>();
        Long held = null;
        Map<String, Long> lateByKind = null;
        for (Map.Entry<URI, Endpoint> entry : endpoints.entrySet()) {
            Endpoint e = entry.getValue();
            Reading r = e.reading();
            out.add(new OrderingEndpoint(
                    entry.getKey().toString(),
                    e.status(),
                    e.error(),
                    e.scrapedAt(),
                    r == null ? null : lagOrNull(r.lagMs()),
                    r == null ? null : r.held(),
                    r == null ? null : r.late()));
            if (r != null) {
                held = (held == null ? 0 : held) + r.held();
                if (lateByKind == null) {
                    lateByKind = new TreeMap<>();
                }
                Map<String, Long> sum = lateByKind;
                r.lateByKind().forEach((kind, n) -> sum.merge(kind, n, Long::sum));
            }
        }
        long[] window = lags.sorted(clock.millis());
        return new Summary.Ordering(
                true,
                combinedLag(endpoints.values()).stream().boxed().findFirst().orElse(null),
                LagWindow.percentile(window, 50),
                LagWindow.percentile(window, 99),
                window.length,
                (int) (lags.windowMs() / 1000),
                held,
                lateByKind == null
                        ? null
                        : lateByKind.values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                lateByKind == null ? Map.of() : Collections.unmodifiableMap(lateByKind),
                scrapedAt,
                List.copyOf(out));
    }

    private static Long lagOrNull(double lagMs) {
        return Double.isNaN(lagMs) ? null : Math.round(lagMs);
    }

    /** Stops scraping; a scrape under way is abandoned. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        http.shutdownNow();
    }
}
