package io.fraudstream.app;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.PartitionProgress;
import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.runtime.streams.RunningStreamsService;
import io.fraudstream.runtime.streams.StreamsService;
import io.fraudstream.runtime.topics.ServiceTopics;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringEndpoints;
import io.fraudstream.scoring.ScoringMetrics;
import io.fraudstream.scoring.ScoringService;
import io.fraudstream.scoring.model.ModelRegistry;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running one-hop application: schema registry client, topic provisioning, one metrics registry with the feature
 * stream's and the scoring service's meters, the HTTP endpoints ({@code /health}, {@code /ready}, {@code /metrics},
 * and scoring's {@code GET /v1/models/current} and {@code GET /v1/scores/{transactionId}}) and Kafka Streams running
 * {@link PipelineAppTopology}. Closed by {@link #close()} or SIGTERM.
 */
public final class PipelineAppService extends RunningStreamsService {

    private static final Logger log = LoggerFactory.getLogger(PipelineAppService.class);

    private PipelineAppService(StreamsService streams, ServiceHttpServer http) {
        super(streams, http);
    }

    /** Starts the application with {@code cfg}; returns once Kafka Streams has been started (not yet RUNNING). */
    public static PipelineAppService start(PipelineAppConfig cfg) {
        ServiceTopics serviceTopics = ServiceTopics.open(cfg, true);
        TopicCatalogue topics = serviceTopics.catalogue();
        ScoringService.warnIfRulesOnly(cfg.scoring());
        Metrics metrics = Metrics.create(cfg.serviceName());
        FeatureStreamMetrics featureMetrics = FeatureStreamMetrics.create(metrics.registry());
        ScoringMetrics scoringMetrics = ScoringMetrics.create(metrics.registry());
        ModelRegistry models = new ModelRegistry();
        scoringMetrics.bindModels(models);
        Health health = new Health();
        ServiceHttpServer http = ServiceHttpServer.create(cfg, health, metrics);
        ScoringEndpoints endpoints =
                ScoringEndpoints.install(http, topics, cfg.scoring().settings(), models);
        http.start();
        PartitionProgress inputProgress = null;
        boolean handedOver = false;
        try {
            Map<String, Object> streamsProps = cfg.appStreamsProps(topics, featureMetrics, http.port());
            inputProgress = new PartitionProgress(streamsProps);
            Topology topology = PipelineAppTopology.build(
                    topics,
                    new PipelineAppTopology.Features(cfg.features().settings(topics), featureMetrics, inputProgress),
                    new PipelineAppTopology.Scoring(
                            cfg.scoring().signature(), cfg.scoring().settings(), models, scoringMetrics));
            StreamsService streams = new StreamsService(topology, streamsProps, cfg, health, metrics);
            streams.closeAfter(http, metrics, serviceTopics, inputProgress);
            handedOver = true;
            try {
                endpoints.attach(streams.streams(), streamsProps);
                streams.start();
            } catch (RuntimeException e) {
                streams.close(); // and everything handed to closeAfter
                throw e;
            }
            PipelineAppService service = new PipelineAppService(streams, http);
            log.info(
                    "one-hop application started: {} -> {}, {} / {}, HTTP on {}:{}",
                    topics.transactionsRaw().name(),
                    topics.transactionsFeatures().name(),
                    topics.transactionsScored().name(),
                    topics.fraudAlerts().name(),
                    cfg.httpHost(),
                    http.port());
            return service;
        } catch (RuntimeException e) {
            if (!handedOver) { // else closed with Kafka Streams
                closeQuietly(inputProgress);
                closeQuietly(http);
                closeQuietly(metrics);
                closeQuietly(serviceTopics);
            }
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception suppressed) {
            log.debug("closing {} after a failed start failed", c, suppressed);
        }
    }
}
