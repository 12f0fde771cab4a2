package io.fraudstream.scoring;

import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.runtime.streams.RunningStreamsService;
import io.fraudstream.runtime.streams.StreamsService;
import io.fraudstream.runtime.topics.ServiceTopics;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.model.ModelRegistry;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scoring service: registry client, topic provisioning, metrics, HTTP ({@code /health}, {@code /ready},
 * {@code /metrics}, {@code GET /v1/models/current}, {@code GET /v1/scores/{transactionId}}) and Kafka Streams running
 * {@link ScoringTopology}. Score queries find a score on whichever instance stored it ({@link ScoreQueries}).
 */
public final class ScoringService extends RunningStreamsService {

    private static final Logger log = LoggerFactory.getLogger(ScoringService.class);

    private ScoringService(StreamsService streams, ServiceHttpServer http) {
        super(streams, http);
    }

    /** Starts the service; returns once Kafka Streams has been started. */
    public static ScoringService start(ScoringConfig cfg) {
        ServiceTopics serviceTopics = ServiceTopics.open(cfg, true);
        TopicCatalogue topics = serviceTopics.catalogue();
        warnIfRulesOnly(cfg);
        Metrics metrics = Metrics.create(cfg.serviceName());
        ScoringMetrics scoringMetrics = ScoringMetrics.create(metrics.registry());
        ModelRegistry models = new ModelRegistry();
        scoringMetrics.bindModels(models);
        Health health = new Health();
        Topology topology = ScoringTopology.build(topics, cfg.signature(), cfg.settings(), models, scoringMetrics);
        ServiceHttpServer http = ServiceHttpServer.create(cfg, health, metrics);
        ScoringEndpoints endpoints = ScoringEndpoints.install(http, topics, cfg.settings(), models);
        http.start();
        Map<String, Object> streamsProps = cfg.scoringStreamsProps(http.port());
        streamsProps.putAll(ScoringConfig.failurePolicy(topics, scoringMetrics));
        StreamsService streams = new StreamsService(topology, streamsProps, cfg, health, metrics);
        endpoints.attach(streams.streams(), streamsProps);
        ScoringService service = new ScoringService(streams, http);
        streams.closeAfter(http, metrics, serviceTopics);
        streams.start();
        log.info(
                "scoring service started: {} -> {} / {}, HTTP on {}:{}",
                topics.transactionsFeatures().name(),
                topics.transactionsScored().name(),
                topics.fraudAlerts().name(),
                cfg.httpHost(),
                http.port());
        return service;
    }

    /** Warns, at start, that without a signing key every model is rejected and decisions are by rules alone. */
    public static void warnIfRulesOnly(ScoringConfig cfg) {
        if (cfg.signature().isEmpty()) {
            log.warn(
                    "{} is not set: every model will be rejected and decisions are by rules alone",
                    ScoringConfig.SIGNING_KEY);
        }
    }
}
