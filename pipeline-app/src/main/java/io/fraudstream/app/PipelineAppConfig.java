package io.fraudstream.app;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.streams.DeadLetterExceptionHandler;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The one-hop application's configuration: the shared keys of {@link RuntimeConfig} (one service name, one HTTP port,
 * one Kafka Streams application), every {@code features.*} key of {@link FeatureStreamConfig} and every scoring key of
 * {@link ScoringConfig} — declared there, once, and only gathered here — parsed once at construction into the two
 * typed configurations, which both services' code reads. Kafka client settings pass through as everywhere
 * ({@code kafka.}, {@code streams.}, ...).
 */
public final class PipelineAppConfig extends RuntimeConfig {

    /** The default service name: the Kafka Streams application id, the metrics' service tag. */
    public static final String SERVICE = "pipeline-app";

    private final FeatureStreamConfig features;
    private final ScoringConfig scoring;

    public PipelineAppConfig(Map<?, ?> props) {
        super(definition(), props);
        this.features = new FeatureStreamConfig(slice(FeatureStreamConfig.definition()));
        this.scoring = new ScoringConfig(slice(ScoringConfig.definition()));
    }

    /** The shared keys (service name {@value #SERVICE} by default), the feature stream's and the scoring service's. */
    public static ConfigDef definition() {
        ConfigDef def = RuntimeConfig.baseDefinition(SERVICE);
        addMissing(def, FeatureStreamConfig.definition());
        addMissing(def, ScoringConfig.definition());
        return def;
    }

    private static void addMissing(ConfigDef into, ConfigDef from) {
        from.configKeys().values().stream()
                .filter(k -> !into.configKeys().containsKey(k.name))
                .forEach(into::define);
    }

    /**
     * The values a service's own configuration reads: the keys {@code definition} declares and the Kafka pass-through
     * keys (this configuration declares every other key, and has rejected unknown ones); the service name is this
     * application's.
     */
    private Map<String, Object> slice(ConfigDef definition) {
        ConfigDef all = definition();
        Map<String, Object> out = new LinkedHashMap<>();
        originals().forEach((k, v) -> {
            if (definition.configKeys().containsKey(k) || !all.configKeys().containsKey(k)) {
                out.put(k, v);
            }
        });
        out.put(SERVICE_NAME, serviceName());
        return out;
    }

    /** The feature stream's settings, as {@link FeatureStreamConfig} parsed them. */
    public FeatureStreamConfig features() {
        return features;
    }

    /** The scoring settings, as {@link ScoringConfig} parsed them. */
    public ScoringConfig scoring() {
        return scoring;
    }

    /**
     * The Kafka Streams properties: the feature stream's ({@link FeatureStreamConfig#featureStreamsProps}: the
     * pass-through {@code streams.*} keys, {@code exactly_once_v2} unless set, the explicit-naming check, the
     * dead-letter handlers for deserialization and processing errors) plus, unless set there, the scoring service's
     * ({@link ScoringConfig#scoringStreamsProps}: the models' global-consumer sizes, {@code application.server} for
     * score queries). The dead-letter handler sends the dead letters of every global topic itself: the feature
     * stream's (the reference topics) and {@code fraud.models}.
     *
     * @param boundHttpPort the HTTP port score queries are answered on
     */
    public Map<String, Object> appStreamsProps(TopicCatalogue topics, FeatureStreamMetrics metrics, int boundHttpPort) {
        Map<String, Object> props = new LinkedHashMap<>(features.featureStreamsProps(topics, metrics));
        scoring.scoringStreamsProps(boundHttpPort).forEach(props::putIfAbsent);
        List<String> globalTopics = new ArrayList<>();
        if (props.get(DeadLetterExceptionHandler.CONFIG_GLOBAL_TOPICS) instanceof Collection<?> featureGlobals) {
            featureGlobals.forEach(t -> globalTopics.add(String.valueOf(t)));
        }
        globalTopics.add(topics.fraudModels().name());
        props.put(DeadLetterExceptionHandler.CONFIG_GLOBAL_TOPICS, List.copyOf(globalTopics));
        return props;
    }
}
