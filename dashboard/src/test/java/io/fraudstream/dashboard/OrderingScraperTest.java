package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fraudstream.dashboard.Summary.EndpointStatus;
import io.fraudstream.dashboard.Summary.Ordering;
import io.fraudstream.dashboard.Summary.OrderingEndpoint;
import io.fraudstream.schemas.testing.TestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The scraper against the feature stream's real meters on the runtime's real HTTP server: what the page shows is
 * what the feature stream's gauges say, combined over instances, and an instance that does not answer is shown with
 * the reason.
 */
class OrderingScraperTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final TestClock clock = new TestClock(T0);

    private OrderingScraper scraper(URI... urls) {
        return new OrderingScraper(List.of(urls), INTERVAL, OrderingScraper.WINDOW, clock);
    }

    private long msBeforeNow(long ms) {
        return clock.millis() - ms;
    }

    @Test
    void shouldShowTheFeatureStreamsOrderingFigures() {
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(clock);
                OrderingScraper scraper = scraper(features.metricsUrl())) {
            // Given nothing scraped yet
            Ordering before = scraper.snapshot();
            assertThat(before.configured()).isTrue();
            assertThat(before.endpoints()).extracting(OrderingEndpoint::status).containsExactly(EndpointStatus.PENDING);
            assertThat(before.watermarkLagMs()).isNull();
            assertThat(before.held()).isNull();
            // and two merchant tasks, one 1.5 s behind, with late events of both kinds
            features.meters().ordering("1_0", 5, msBeforeNow(1_500));
            features.meters().ordering("1_1", 2, msBeforeNow(200));
            features.meters().late("transaction");
            features.meters().late("transaction");
            features.meters().late("transaction");
            features.meters().late("label");

            // When scraped
            scraper.scrape();

            // Then
            Ordering o = scraper.snapshot();
            assertThat(o.watermarkLagMs()).isEqualTo(1_500);
            assertThat(o.watermarkLagP50Ms()).isEqualTo(1_500);
            assertThat(o.watermarkLagP99Ms()).isEqualTo(1_500);
            assertThat(o.lagSamples()).isEqualTo(1);
            assertThat(o.lagWindowSeconds()).isEqualTo(300);
            assertThat(o.held()).isEqualTo(7);
            assertThat(o.late()).isEqualTo(4);
            assertThat(o.lateByKind()).containsExactly(Map.entry("label", 1L), Map.entry("transaction", 3L));
            assertThat(o.scrapedAt()).isEqualTo(T0.toEpochMilli());
            assertThat(o.endpoints())
                    .containsExactly(new OrderingEndpoint(
                            features.metricsUrl().toString(),
                            EndpointStatus.UP,
                            null,
                            T0.toEpochMilli(),
                            1_500L,
                            7L,
                            4L));
        }
    }

    @Test
    void shouldShowNoLagBeforeTheFirstWatermark() {
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(clock);
                OrderingScraper scraper = scraper(features.metricsUrl())) {
            // Given a task that holds transactions while not every upstream task has sent a watermark
            features.meters().ordering("1_0", 4, Long.MIN_VALUE);

            scraper.scrape();

            Ordering o = scraper.snapshot();
            assertThat(o.endpoints()).extracting(OrderingEndpoint::status).containsExactly(EndpointStatus.UP);
            assertThat(o.watermarkLagMs())
                    .as("no watermark: no lag, not 2^63 ms")
                    .isNull();
            assertThat(o.watermarkLagP99Ms()).isNull();
            assertThat(o.lagSamples()).isZero();
            assertThat(o.held()).isEqualTo(4);
            assertThat(o.late()).isZero();
        }
    }

    @Test
    void shouldTakeThePercentilesOfTheLagOverTheLastFiveMinutes() {
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(clock);
                OrderingScraper scraper = scraper(features.metricsUrl())) {
            // Given 100 scrapes 2 s apart with lags 10, 20, ..., 1000 ms (in a shuffled order)
            for (int k = 0; k < 100; k++) {
                long lag = 10L * (1 + (k * 37) % 100);
                features.meters().ordering("1_0", 0, msBeforeNow(lag));
                scraper.scrape();
                clock.advance(INTERVAL);
            }
            Ordering o = scraper.snapshot();
            assertThat(o.lagSamples()).isEqualTo(100);
            assertThat(o.watermarkLagP50Ms()).isEqualTo(500);
            assertThat(o.watermarkLagP99Ms()).isEqualTo(990);

            // When five minutes pass and one more scrape says 7 ms
            clock.advance(Duration.ofMinutes(5));
            features.meters().ordering("1_0", 0, msBeforeNow(7));
            scraper.scrape();

            // Then only that one is in the window
            Ordering later = scraper.snapshot();
            assertThat(later.lagSamples()).isEqualTo(1);
            assertThat(later.watermarkLagMs()).isEqualTo(7);
            assertThat(later.watermarkLagP50Ms()).isEqualTo(7);
            assertThat(later.watermarkLagP99Ms()).isEqualTo(7);
        }
    }

    @Test
    void shouldCombineInstancesAndShowEachOneThatDoesNotAnswerWithTheReason() {
        try (FeatureStreamMetricsServer first = new FeatureStreamMetricsServer(clock);
                FeatureStreamMetricsServer second = new FeatureStreamMetricsServer(clock);
                FeatureStreamMetricsServer scoring = new FeatureStreamMetricsServer(clock, false)) {
            FeatureStreamMetricsServer stopped = new FeatureStreamMetricsServer(clock);
            URI stoppedUrl = stopped.metricsUrl();
            stopped.close();
            first.meters().ordering("1_0", 3, msBeforeNow(400));
            first.meters().late("label");
            second.meters().ordering("1_1", 5, msBeforeNow(900));
            try (OrderingScraper scraper = scraper(
                    first.metricsUrl(),
                    second.metricsUrl(),
                    stoppedUrl,
                    first.url("/no-such-path"),
                    scoring.metricsUrl())) {

                scraper.scrape();

                Ordering o = scraper.snapshot();
                assertThat(o.watermarkLagMs())
                        .as("the instance furthest behind")
                        .isEqualTo(900);
                assertThat(o.held()).isEqualTo(8);
                assertThat(o.late()).isEqualTo(1);
                assertThat(o.endpoints())
                        .extracting(OrderingEndpoint::status)
                        .containsExactly(
                                EndpointStatus.UP,
                                EndpointStatus.UP,
                                EndpointStatus.UNREACHABLE,
                                EndpointStatus.UNREACHABLE,
                                EndpointStatus.NO_ORDERING_METRICS);
                assertThat(o.endpoints().get(2).error())
                        .as("connection refused")
                        .contains("Connect");
                assertThat(o.endpoints().get(2).held()).isNull();
                assertThat(o.endpoints().get(3).error()).isEqualTo("HTTP 404");
                assertThat(o.endpoints().get(4).error()).contains("not a feature stream");
            }
        }
    }

    @Test
    void shouldShowAnInstanceThatDoesNotAnswerInTimeAsUnreachable() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/metrics", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.start();
        URI url = URI.create("http://127.0.0.1:" + hanging.getAddress().getPort() + "/metrics");
        // the shortest interval: a 1 s timeout
        try (OrderingScraper scraper =
                new OrderingScraper(List.of(url), Duration.ofMillis(100), OrderingScraper.WINDOW, clock)) {

            scraper.scrape();

            OrderingEndpoint e = scraper.snapshot().endpoints().getFirst();
            assertThat(e.status()).isEqualTo(EndpointStatus.UNREACHABLE);
            assertThat(e.error()).startsWith("no answer within the timeout");
        } finally {
            release.countDown();
            hanging.stop(0);
        }
    }

    @Test
    void shouldSayNotConfiguredWithoutUrls() {
        try (OrderingScraper scraper = scraper()) {
            scraper.start();
            scraper.scrape();
            assertThat(scraper.snapshot()).isEqualTo(Ordering.notConfigured());
        }
    }

    @Test
    void shouldScrapeOnItsOwnOnceStarted() {
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(clock);
                OrderingScraper scraper = new OrderingScraper(
                        List.of(features.metricsUrl()), Duration.ofMillis(100), OrderingScraper.WINDOW, clock)) {
            features.meters().ordering("1_0", 2, msBeforeNow(100));

            scraper.start();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Long.valueOf(2).equals(scraper.snapshot().held()));
            features.meters().ordering("1_0", 9, msBeforeNow(100));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Long.valueOf(9).equals(scraper.snapshot().held()));
        }
    }
}
