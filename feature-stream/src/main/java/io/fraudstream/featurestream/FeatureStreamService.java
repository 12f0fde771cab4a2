package io.fraudstream.featurestream;

import io.fraudstream.runtime.health.Health;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.runtime.metrics.Metrics;
import io.fraudstream.runtime.streams.RunningStreamsService;
import io.fraudstream.runtime.streams.StreamsService;
import io.fraudstream.runtime.topics.ServiceTopics;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running feature stream: schema registry client, topic provisioning, metrics, the HTTP endpoints
 * ({@code /health}, {@code /ready}, {@code /metrics}) and Kafka Streams running {@link FeatureTopology}. Closed by
 * {@link #close()} or SIGTERM.
 */
public final class FeatureStreamService extends RunningStreamsService {

    private static final Logger log = LoggerFactory.getLogger(FeatureStreamService.class);

    private FeatureStreamService(StreamsService streams, ServiceHttpServer http) {
        super(streams, http);
    }

    /** Starts the service with {@code cfg}; returns once Kafka Streams has been started (not yet RUNNING). */
    public static FeatureStreamService start(FeatureStreamConfig cfg) {
        ServiceTopics serviceTopics = ServiceTopics.open(cfg, true);
        TopicCatalogue topics = serviceTopics.catalogue();
        Metrics metrics = Metrics.create(cfg.serviceName());
        FeatureStreamMetrics featureMetrics = FeatureStreamMetrics.create(metrics.registry());
        Health health = new Health();
        Map<String, Object> streamsProps = cfg.featureStreamsProps(topics, featureMetrics);
        PartitionProgress inputProgress = new PartitionProgress(streamsProps);
        Topology topology = FeatureTopology.build(topics, cfg.settings(topics), featureMetrics, inputProgress);
        ServiceHttpServer http = ServiceHttpServer.create(cfg, health, metrics);
        StreamsService streams = new StreamsService(topology, streamsProps, cfg, health, metrics);
        FeatureStreamService service = new FeatureStreamService(streams, http);
        streams.closeAfter(http, metrics, serviceTopics, inputProgress);
        http.start();
        streams.start();
        log.info(
                "feature stream started: {} -> {}, HTTP on {}:{}",
                topics.transactionsRaw().name(),
                topics.transactionsFeatures().name(),
                cfg.httpHost(),
                http.port());
        return service;
    }
}
