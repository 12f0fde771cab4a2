package io.fraudstream.inprocess;

import io.fraudstream.app.PipelineAppConfig;
import io.fraudstream.app.PipelineAppService;
import io.fraudstream.dashboard.Dashboard;
import io.fraudstream.dashboard.DashboardConfig;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.IngestService;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.scoring.ScoringService;
import io.fraudstream.trainer.TrainerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running services of one fraudstream deployment in this JVM, all on one broker and registry: the streams
 * applications of a {@link Deployment} — by default the one-hop application (feature topology and scoring in one
 * Kafka Streams application), or the feature stream and the scoring service apart — and optionally the HTTP ingest
 * service and the dashboard (which shows the merchant stage's ordering, scraped from the feature side's
 * {@code /metrics}). Used by {@code ./fraudstream demo}, the pipeline benchmark and the end-to-end test, so the three
 * run the same thing. Closed in reverse start order.
 *
 * @see Settings
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    /** How features and scoring are deployed. */
    public enum Deployment {
        /**
         * One Kafka Streams application ({@code pipeline-app}): the scoring processor attached to the feature topology,
         * features, scores, alerts and dead letters written in one transaction per task. The default.
         */
        ONE_HOP,
        /**
         * Two Kafka Streams applications: the feature stream writes transactions.features, the scoring service reads it
         * (each hop waits for a commit). For teams that deploy model serving apart.
         */
        SPLIT
    }

    /**
     * One running Kafka Streams application of the pipeline.
     *
     * @param name     its service name (application id)
     * @param streams  its Kafka Streams, for state and interactive queries
     * @param httpPort the port of its HTTP endpoints ({@code /metrics}; scoring's {@code /v1/...} where it scores)
     */
    public record Application(String name, KafkaStreams streams, int httpPort) {}

    /**
     * What to run and where.
     *
     * @param kafka          bootstrap servers
     * @param registry       schema registry URL
     * @param topics         topic-name overrides ({@code topics.<id>.name}; empty for the catalogue's defaults)
     * @param namePrefix     prefix of the services' names (Kafka Streams application ids), e.g. {@code demo-}
     * @param stateDir       parent of the Kafka Streams state directories
     * @param signingKey     the model signing key the scoring verifies with
     * @param cardSecret     the card-token secret of the ingest service (empty: no ingest service)
     * @param ingestPort     HTTP port of the ingest service (0: any)
     * @param dashboardPort  HTTP port of the dashboard, if it runs
     * @param reportDir      trainer report directory the dashboard links to
     * @param streams        extra Kafka Streams settings for every streams application ({@code streams.} keys)
     * @param scoring        extra settings of the scoring (e.g. {@code scoring.review.threshold})
     * @param features       extra settings of the features (e.g. {@code features.merchant.lag.ms})
     * @param deployment     one-hop or split
     */
    public record Settings(
            String kafka,
            String registry,
            Map<String, String> topics,
            String namePrefix,
            Path stateDir,
            String signingKey,
            Optional<String> cardSecret,
            int ingestPort,
            Optional<Integer> dashboardPort,
            Path reportDir,
            Map<String, String> streams,
            Map<String, String> scoring,
            Map<String, String> features,
            Deployment deployment) {

        /** The default {@link Deployment#ONE_HOP} deployment. */
        public Settings(
                String kafka,
                String registry,
                Map<String, String> topics,
                String namePrefix,
                Path stateDir,
                String signingKey,
                Optional<String> cardSecret,
                int ingestPort,
                Optional<Integer> dashboardPort,
                Path reportDir,
                Map<String, String> streams,
                Map<String, String> scoring) {
            this(
                    kafka,
                    registry,
                    topics,
                    namePrefix,
                    stateDir,
                    signingKey,
                    cardSecret,
                    ingestPort,
                    dashboardPort,
                    reportDir,
                    streams,
                    scoring,
                    Map.of(),
                    Deployment.ONE_HOP);
        }

        /** A copy deployed as {@code d}. */
        public Settings with(Deployment d) {
            return new Settings(
                    kafka,
                    registry,
                    topics,
                    namePrefix,
                    stateDir,
                    signingKey,
                    cardSecret,
                    ingestPort,
                    dashboardPort,
                    reportDir,
                    streams,
                    scoring,
                    features,
                    d);
        }

        /** A copy with the feature settings {@code f}. */
        public Settings withFeatures(Map<String, String> f) {
            return new Settings(
                    kafka,
                    registry,
                    topics,
                    namePrefix,
                    stateDir,
                    signingKey,
                    cardSecret,
                    ingestPort,
                    dashboardPort,
                    reportDir,
                    streams,
                    scoring,
                    Map.copyOf(f),
                    deployment);
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private Application features;
    private Application scoring;
    private IngestService ingest;
    private Dashboard dashboard;

    private Pipeline() {}

    /** Starts the services (each returns once started; see {@link #awaitRunning}). Stops what started on failure. */
    public static Pipeline start(Settings s) {
        Pipeline p = new Pipeline();
        try {
            String featuresHost;
            if (s.deployment() == Deployment.ONE_HOP) {
                Map<String, String> app =
                        scoringSettings(s, streamsService(s, PipelineAppConfig.SERVICE, PipelineAppConfig.SERVICE));
                app.putAll(s.features());
                PipelineAppConfig cfg = new PipelineAppConfig(app);
                PipelineAppService service = p.track(PipelineAppService.start(cfg));
                p.features = new Application(cfg.serviceName(), service.streams(), service.httpPort());
                p.scoring = p.features;
                featuresHost = cfg.httpHost();
            } else {
                Map<String, String> featureSettings = streamsService(s, "feature-stream", "features");
                featureSettings.putAll(s.features());
                FeatureStreamConfig featureConfig = new FeatureStreamConfig(featureSettings);
                FeatureStreamService featureStream = p.track(FeatureStreamService.start(featureConfig));
                p.features =
                        new Application(featureConfig.serviceName(), featureStream.streams(), featureStream.httpPort());
                ScoringConfig scoringConfig =
                        new ScoringConfig(scoringSettings(s, streamsService(s, "scoring-service", "scoring")));
                ScoringService scoringService = p.track(ScoringService.start(scoringConfig));
                p.scoring = new Application(
                        scoringConfig.serviceName(), scoringService.streams(), scoringService.httpPort());
                featuresHost = featureConfig.httpHost();
            }
            if (s.cardSecret().isPresent()) {
                Map<String, String> ingest = common(s, s.namePrefix() + "ingest-service");
                ingest.put(IngestConfig.CARD_TOKEN_SECRET, s.cardSecret().get());
                ingest.put(RuntimeConfig.HTTP_PORT, Integer.toString(s.ingestPort()));
                p.ingest = p.track(IngestService.start(new IngestConfig(ingest)));
            }
            if (s.dashboardPort().isPresent()) {
                Map<String, String> dash = common(s, s.namePrefix() + "dashboard");
                dash.put(
                        RuntimeConfig.HTTP_PORT,
                        Integer.toString(s.dashboardPort().get()));
                dash.put(DashboardConfig.REPORT_DIR, s.reportDir().toString());
                dash.put(DashboardConfig.FEATURE_STREAM_METRICS_URLS, metricsUrl(featuresHost, p.features.httpPort()));
                p.dashboard = p.track(Dashboard.start(new DashboardConfig(dash)));
            }
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** {@code config} with the pipeline's scoring settings and signing key. */
    private static Map<String, String> scoringSettings(Settings s, Map<String, String> config) {
        config.putAll(s.scoring());
        config.put(ScoringConfig.SIGNING_KEY, s.signingKey());
        return config;
    }

    /** The {@code /metrics} URL of a service bound to {@code host} (a wildcard address is reached on 127.0.0.1). */
    static String metricsUrl(String host, int port) {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "127.0.0.1"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + ServiceHttpServer.METRICS_PATH;
    }

    private <T extends AutoCloseable> T track(T service) {
        started.add(service);
        return service;
    }

    /** Configuration of a bulk producer of generated traffic (tokens with the ingest service's secret). */
    public static IngestConfig generatorConfig(Settings s) {
        Map<String, String> c = common(s, s.namePrefix() + "generator");
        c.put(
                IngestConfig.CARD_TOKEN_SECRET,
                s.cardSecret().orElseThrow(() -> new IllegalArgumentException("no card secret")));
        return new IngestConfig(c);
    }

    /** Configuration of a training run on this pipeline's topics, publishing models the scoring service accepts. */
    public static TrainerConfig trainerConfig(Settings s, Map<String, String> extra) {
        Map<String, String> c = common(s, s.namePrefix() + "trainer");
        c.put(TrainerConfig.SIGNING_KEY, s.signingKey());
        c.put(TrainerConfig.REPORT_DIR, s.reportDir().toString());
        c.putAll(extra);
        return new TrainerConfig(c);
    }

    /**
     * The Kafka Streams application id (consumer group) that reads transactions.raw and transactions.labels: the
     * one-hop application's, or the feature stream's.
     */
    public static String featureStreamGroup(Settings s) {
        return s.namePrefix() + (s.deployment() == Deployment.ONE_HOP ? PipelineAppConfig.SERVICE : "feature-stream");
    }

    /**
     * The Kafka Streams application id (consumer group) that scores: the one-hop application's (which reads no
     * transactions.features: {@link ConsumerLag} leaves out an input topic no member of a group is assigned), or the
     * scoring service's.
     */
    public static String scoringGroup(Settings s) {
        return s.namePrefix() + (s.deployment() == Deployment.ONE_HOP ? PipelineAppConfig.SERVICE : "scoring-service");
    }

    /**
     * Waits until everything written to transactions.raw and transactions.labels so far is featured and scored, its
     * output committed (the streams applications have no lag), or fails at the deadline.
     */
    public static void awaitCaughtUp(Admin admin, Settings s, Duration deadline)
            throws ExecutionException, InterruptedException {
        ConsumerLag.awaitZero(
                admin,
                featureStreamGroup(s),
                Set.of(topic(s, TopicCatalogue.TRANSACTIONS_RAW), topic(s, TopicCatalogue.TRANSACTIONS_LABELS)),
                deadline);
        if (s.deployment() == Deployment.SPLIT) {
            ConsumerLag.awaitZero(
                    admin, scoringGroup(s), Set.of(topic(s, TopicCatalogue.TRANSACTIONS_FEATURES)), deadline);
        }
    }

    /** The name of topic {@code id} in {@code s}. */
    public static String topic(Settings s, String id) {
        return s.topics().getOrDefault(RuntimeConfig.topicNameKey(id), id);
    }

    private static Map<String, String> common(Settings s, String name) {
        Map<String, String> c = new LinkedHashMap<>(s.topics());
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, s.kafka());
        c.put(RuntimeConfig.SCHEMA_REGISTRY_URL, s.registry());
        c.put(RuntimeConfig.SERVICE_NAME, name);
        c.put(RuntimeConfig.HTTP_PORT, "0");
        return c;
    }

    /**
     * The configuration of one of the pipeline's Kafka Streams services: name {@code namePrefix + name}, state under
     * {@code stateDir/stateSubdir}, the pipeline's {@code streams} settings.
     */
    public static Map<String, String> streamsServiceConfig(Settings s, String name, String stateSubdir) {
        return streamsService(s, name, stateSubdir);
    }

    private static Map<String, String> streamsService(Settings s, String name, String stateSubdir) {
        Map<String, String> c = common(s, s.namePrefix() + name);
        c.put("streams.state.dir", s.stateDir().resolve(stateSubdir).toString());
        s.streams().forEach((k, v) -> c.put(k.startsWith("streams.") ? k : "streams." + k, v));
        return c;
    }

    /** Waits until the Kafka Streams applications run (and the dashboard has its partitions), or fails at the deadline. */
    public void awaitRunning(Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (!(features.streams().state() == KafkaStreams.State.RUNNING
                && scoring.streams().state() == KafkaStreams.State.RUNNING
                && (dashboard == null || dashboard.ready()))) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("services not running after " + deadline + ": " + features.name() + " "
                        + features.streams().state()
                        + (scoring == features
                                ? ""
                                : ", " + scoring.name() + " "
                                        + scoring.streams().state())
                        + (dashboard == null ? "" : ", dashboard ready " + dashboard.ready()));
            }
            Thread.sleep(100); // polling a state that has no listener here; the deadline bounds it
        }
    }

    /** {@link #awaitChampion(Application, long, Duration)} of a scoring service run alone. */
    public static void awaitChampion(ScoringService service, long version, Duration deadline) throws Exception {
        awaitChampion(new Application("scoring-service", service.streams(), service.httpPort()), version, deadline);
    }

    /**
     * Waits until {@code service} runs with a champion model of version {@code version} (any version when negative)
     * in service, as its {@code GET /v1/models/current} says, or fails at the deadline.
     */
    public static void awaitChampion(Application service, long version, Duration deadline) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + service.httpPort() + "/v1/models/current");
        long until = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (true) {
            if (service.streams().state() == KafkaStreams.State.RUNNING) {
                java.net.http.HttpResponse<String> r = http.send(
                        java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                last = r.body();
                long serving = r.statusCode() == 200
                        ? json.readTree(r.body())
                                .path("champion")
                                .path("version")
                                .asLong(-1)
                        : -1;
                if (serving >= 0 && (version < 0 || serving == version)) {
                    return;
                }
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no champion" + (version < 0 ? "" : " v" + version)
                        + " in service after " + deadline + ": " + last);
            }
            Thread.sleep(50); // polling the service's HTTP view of its models; the deadline bounds it
        }
    }

    /** The application that computes the features (the one-hop application, or the feature stream). */
    public Application features() {
        return features;
    }

    /** The application that scores (the one-hop application, the same as {@link #features()}, or the scoring service). */
    public Application scoring() {
        return scoring;
    }

    public Optional<IngestService> ingest() {
        return Optional.ofNullable(ingest);
    }

    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
