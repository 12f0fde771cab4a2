package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.topics.TopicProvisioner;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.testing.TestClock;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The real {@link Dashboard} on the shared local stack, with topics of its own: scored records, alerts and model
 * publications written (transactionally, as the scoring service writes them) show in {@code /api/summary} and, in
 * headless Chromium, on the page; more records change the figures. The page test leaves a screenshot in
 * {@code target/dashboard.png}.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardIT {

    private static final Duration DEADLINE =
            Duration.ofSeconds(60); // an upper bound on a loaded 2-core machine, not a timing assertion
    private static final List<String> TOPIC_IDS =
            List.of(TopicCatalogue.TRANSACTIONS_SCORED, TopicCatalogue.FRAUD_ALERTS, TopicCatalogue.FRAUD_MODELS);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StackState stack;
    private static SchemaRegistryClient registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path reports;

    @BeforeAll
    static void connect(StackState state) {
        stack = state;
        registry = SchemaRegistryClient.builder(state.registryUrl()).build();
    }

    @AfterAll
    static void disconnect() {
        registry.close();
    }

    @Test
    void shouldServeLiveFiguresReadFromKafka() throws Exception {
        String run = "dashboard-it-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = isolatedTopics(run);
        writeReport("20250304-123107", "<h1>Training report: fraud-it</h1>");
        try (Writer writer = new Writer(topics, run);
                Dashboard dashboard = startInProcess(topics, run)) {
            String base = dashboard.url();

            // Given champion v5 published, and 30 records scored by it, every third an alert
            writer.publish(Records.model("fraud-it", 5, ModelSlot.CHAMPION).build());
            writer.scored("a", 30, 5, null);

            // Then the summary shows them
            JsonNode s = await().atMost(DEADLINE)
                    .until(
                            () -> summary(base),
                            j -> j.path("totals").path("scored").asLong() == 30
                                    && j.path("models").path("history").size() == 1);
            assertThat(s.path("throughput").path("eventsPerSecond").asDouble()).isPositive();
            assertThat(s.path("latency").path("samples").asLong()).isEqualTo(30);
            assertThat(s.path("latency").path("p99Ms").asLong())
                    .isGreaterThanOrEqualTo(s.path("latency").path("p50Ms").asLong());
            assertThat(s.path("decisions").path("window").path("APPROVE").asLong())
                    .isEqualTo(20);
            assertThat(s.path("decisions").path("window").path("REVIEW").asLong()
                            + s.path("decisions").path("window").path("DECLINE").asLong())
                    .isEqualTo(10);
            assertThat(s.path("models").path("serving").path("version").asLong())
                    .isEqualTo(5);
            assertThat(s.path("models").path("champion").path("auc").asDouble()).isEqualTo(0.91);
            assertThat(s.path("report").path("run").asText()).isEqualTo("20250304-123107");
            assertThat(s.path("ordering").path("configured").asBoolean())
                    .as("no feature stream metrics URL")
                    .isFalse();
            JsonNode alerts =
                    await().atMost(DEADLINE).until(() -> summary(base).path("recentAlerts"), a -> a.size() == 10);
            assertThat(alerts.get(0).path("reasons").get(0).path("feature").asText())
                    .isEqualTo("card_amount_ratio_30d");

            // and the page, its assets and the newest training report are served; nothing else is
            assertThat(get(base).body()).contains("id=\"events-per-second\"", "/assets/dashboard.js");
            assertThat(get(base + "assets/dashboard.js").statusCode()).isEqualTo(200);
            assertThat(get(base + "assets/pom.xml").statusCode()).isEqualTo(404);
            assertThat(get(base + "report").body()).contains("Training report: fraud-it");
            assertThat(get(base + "ready").statusCode()).isEqualTo(200);

            // When 20 more arrive; Then the totals move
            writer.scored("b", 20, 5, null);
            await().atMost(DEADLINE)
                    .until(() -> summary(base).path("totals").path("scored").asLong() == 50);
        }
    }

    @Test
    void shouldDrawTheFiguresInABrowserAndFollowNewRecords() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium-driver not installed: apt-get install chromium chromium-driver (needs " + CHROMIUM + " and "
                        + CHROMEDRIVER + ")");
        String run = "dashboard-ui-it-" + UUID.randomUUID().toString().substring(0, 8);
        TopicCatalogue topics = isolatedTopics(run);
        writeReport("20250304-123107", "<h1>Training report</h1>");
        Instant featureClock = Instant.parse("2026-03-02T12:00:00Z");
        try (FeatureStreamMetricsServer features = new FeatureStreamMetricsServer(new TestClock(featureClock));
                Writer writer = new Writer(topics, run);
                Dashboard dashboard = startInProcess(
                        topics,
                        run,
                        Map.of(
                                DashboardConfig.FEATURE_STREAM_METRICS_URLS,
                                features.metricsUrl().toString()));
                Browser browser = new Browser()) {
            // and a feature stream 1.5 s behind, holding 7 transactions, with 2 late ones
            features.meters().ordering("1_0", 7, featureClock.toEpochMilli() - 1_500);
            features.meters().late("transaction");
            features.meters().late("transaction");
            // Given champion v5 and challenger v6 published, and records scored by v5 with v6 in shadow
            writer.publish(Records.model("fraud-it", 5, ModelSlot.CHAMPION).build());
            writer.publish(Records.model("fraud-it", 6, ModelSlot.CHALLENGER)
                    .setAlgorithm("sgd-logistic(epochs=5)")
                    .setMetrics(Map.of("roc_auc", 0.935, "average_precision", 0.48))
                    .build());
            writer.scored("a", 60, 5, 6L);

            // When the page is open; Then the figures appear
            WebDriver page = browser.driver;
            page.get(dashboard.url());
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(number(page, "events-per-second")).isPositive();
                assertThat(text(page, "model-version")).isEqualTo("fraud-it v5");
                assertThat(text(page, "total-scored")).isEqualTo("60");
                assertThat(text(page, "latency-p99")).matches("[0-9,]+");
                assertThat(rows(page, "alerts-table"))
                        .hasSize(20)
                        .first()
                        .asString()
                        .contains("card_amount_ratio_30d=7.50", "impossible_travel");
                assertThat(rows(page, "model-history")).hasSize(2);
                assertThat(text(page, "challenger-agreement")).endsWith("%");
                assertThat(page.findElement(By.id("report-link")).isDisplayed()).isTrue();
                assertThat(text(page, "ordering-lag")).isEqualTo("1,500");
                assertThat(text(page, "ordering-lag-p99")).isEqualTo("1,500");
                assertThat(text(page, "ordering-held")).isEqualTo("7");
                assertThat(text(page, "ordering-late")).isEqualTo("2");
                assertThat(text(page, "ordering-note")).contains("late since start: 2 transactions");
            });
            String firstAlerts = rows(page, "alerts-table").getFirst();

            // When v6 is promoted and scores 40 more; Then the model, the totals and the alerts follow
            writer.publish(Records.model("fraud-it", 6, ModelSlot.CHAMPION)
                    .setAlgorithm("sgd-logistic(epochs=5)")
                    .setMetrics(Map.of("roc_auc", 0.935, "average_precision", 0.48))
                    .build());
            writer.scored("b", 40, 6, null);
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(text(page, "model-version")).isEqualTo("fraud-it v6");
                assertThat(text(page, "total-scored")).isEqualTo("100");
                assertThat(rows(page, "model-history"))
                        .hasSize(3)
                        .first()
                        .asString()
                        .contains("champion", "fraud-it v6");
                assertThat(rows(page, "alerts-table").getFirst())
                        .isNotEqualTo(firstAlerts)
                        .contains("card-b");
            });

            browser.screenshot(Path.of("target", "dashboard.png"));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Dashboard startInProcess(TopicCatalogue topics, String run) {
        return startInProcess(topics, run, Map.of());
    }

    private Dashboard startInProcess(TopicCatalogue topics, String run, Map<String, String> extra) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("service.name", run);
        c.put("topics.provision", "false");
        TOPIC_IDS.forEach(id -> c.put("topics." + id + ".name", topics.byId(id).name()));
        c.put("http.port", "0");
        c.put(DashboardConfig.REPORT_DIR, reports.toString());
        c.putAll(extra);
        Dashboard dashboard = Dashboard.start(new DashboardConfig(c));
        try {
            await().atMost(DEADLINE).until(dashboard::ready);
            return dashboard;
        } catch (RuntimeException | Error e) {
            dashboard.close();
            throw e;
        }
    }

    /** A catalogue whose dashboard topics are named for this run, created on the broker. */
    private static TopicCatalogue isolatedTopics(String run) {
        TopicCatalogue.Settings.Builder b = TopicCatalogue.Settings.builder();
        TOPIC_IDS.forEach(id -> b.name(id, id + "-" + run));
        TopicCatalogue topics = TopicCatalogue.create(b.build(), AvroSerdes.create(registry, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            new TopicProvisioner(admin)
                    .ensure(TOPIC_IDS.stream()
                            .<TopicSpec<?, ?>>map(topics::byId)
                            .toList());
        }
        return topics;
    }

    private void writeReport(String runName, String html) throws IOException {
        Path dir = Files.createDirectories(reports.resolve(runName));
        Files.writeString(
                dir.resolve(TrainingReports.REPORT_FILE), "<!DOCTYPE html><html><body>" + html + "</body></html>");
    }

    private JsonNode summary(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base + "api/summary");
        assertThat(r.statusCode()).as("GET /api/summary: %s", r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText().trim();
    }

    private static double number(WebDriver page, String id) {
        String t = text(page, id).replace(",", "");
        return t.matches("[0-9.]+") ? Double.parseDouble(t) : -1;
    }

    /** The text of each body row of table {@code id}, read in one script call (the page redraws its tables). */
    private static List<String> rows(WebDriver page, String id) {
        Object rows = ((JavascriptExecutor) page)
                .executeScript(
                        "return Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr')).map(r => r.innerText);",
                        id);
        return ((List<?>) rows).stream().map(String::valueOf).toList();
    }

    /**
     * Writes what the scoring service writes: scored records and their alerts in one transaction per batch (the
     * dashboard reads read_committed), model publications keyed by slot.
     */
    private static final class Writer implements AutoCloseable {
        private final TopicCatalogue topics;
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaProducer<String, byte[]> models;

        Writer(TopicCatalogue topics, String run) {
            this.topics = topics;
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, run + "-writer");
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
            Map<String, Object> m = new HashMap<>(TopicCatalogue.MODEL_PRODUCER_CONFIGS);
            m.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            this.models = new KafkaProducer<>(m, new StringSerializer(), new ByteArraySerializer());
        }

        /**
         * {@code n} records scored by {@code version} (raw append time a few ms ago), with shadow scores of
         * {@code challenger} unless null, ids {@code prefix + i}: every third an alert, REVIEW or DECLINE in turn.
         */
        void scored(String prefix, int n, long version, Long challenger) {
            var serializer = topics.transactionsScored().valueSerde().serializer();
            String scored = topics.transactionsScored().name();
            String alerts = topics.fraudAlerts().name();
            producer.beginTransaction();
            for (int i = 0; i < n; i++) {
                Decision decision = i % 3 != 0 ? Decision.APPROVE : i % 2 == 0 ? Decision.DECLINE : Decision.REVIEW;
                double score = switch (decision) {
                    case DECLINE -> 0.85 + (i % 10) / 100.0;
                    case REVIEW -> 0.55 + (i % 10) / 100.0;
                    default -> (i % 40) / 100.0;
                };
                Instant now = Instant.now();
                ScoredTransaction s = (decision == Decision.APPROVE
                                ? Records.scored(prefix + i, decision, score)
                                : Records.alert(prefix + i, decision, score))
                        .setModelId("fraud-it")
                        .setModelVersion(version)
                        .setChallengerScore(challenger == null ? null : Math.min(1, score + (i % 4 == 0 ? 0.3 : 0.03)))
                        .setChallengerModelVersion(challenger)
                        .setAmountMinor(1_000 + 137L * i)
                        .setRawAppendTime(now.minusMillis(5 + i % 20))
                        .setScoredTime(now)
                        .build();
                byte[] value = serializer.serialize(scored, s);
                producer.send(new ProducerRecord<>(scored, s.getCardToken(), value));
                if (decision != Decision.APPROVE) {
                    producer.send(new ProducerRecord<>(alerts, s.getCardToken(), serializer.serialize(alerts, s)));
                }
            }
            producer.commitTransaction();
        }

        void publish(ModelRecord model) throws Exception {
            String topic = topics.fraudModels().name();
            byte[] value = topics.fraudModels().valueSerde().serializer().serialize(topic, model);
            models.send(new ProducerRecord<>(topic, model.getSlot().name().toLowerCase(java.util.Locale.ROOT), value))
                    .get();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            models.close(Duration.ofSeconds(5));
        }
    }

    /** Headless Chromium driven by the system's chromedriver (Selenium Manager never runs: both paths are given). */
    private static final class Browser implements AutoCloseable {
        final ChromeDriver driver;

        Browser() {
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-dev-shm-usage",
                            "--window-size=1440,1250",
                            "--hide-scrollbars");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
        }

        void screenshot(Path target) throws IOException {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
