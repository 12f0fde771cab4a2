package io.fraudstream.scoring;

import io.fraudstream.models.ServingModel;
import io.fraudstream.runtime.http.ServiceHttpServer;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.model.ModelRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The scoring HTTP API of any application that runs {@link ScoringTopology#addScoring}: {@code GET /v1/models/current}
 * (the models in service) and {@code GET /v1/scores/{transactionId}} (a recent score, from whichever instance stored
 * it: {@link ScoreQueries}). Installed on the HTTP server before it starts; score queries answer 503 until
 * {@link #attach} hands them Kafka Streams.
 */
public final class ScoringEndpoints {

    /** Path of the models in service. */
    public static final String MODELS_PATH = "/v1/models/current";
    /** Path of a recent score. */
    public static final String SCORES_PATH = "/v1/scores/{transactionId}";

    private final ScoreQueries scores;

    private ScoringEndpoints(ScoreQueries scores) {
        this.scores = scores;
    }

    /**
     * Adds the routes to {@code http} (not yet started).
     *
     * @param topics   the scored topic's name and serde (the store holds the bytes written to it)
     * @param settings the recent-scores retention
     * @param models   the models in service
     */
    public static ScoringEndpoints install(
            ServiceHttpServer http, TopicCatalogue topics, ScoringSettings settings, ModelRegistry models) {
        ScoreQueries scores = new ScoreQueries(new RecentScores(
                topics.transactionsScored().valueSerde().deserializer(),
                topics.transactionsScored().name(),
                settings.recentScoresRetention()));
        http.routes(app -> {
            app.get(MODELS_PATH, ctx -> ctx.json(describe(models)));
            app.get(SCORES_PATH, scores::handle);
        });
        return new ScoringEndpoints(scores);
    }

    /** Starts answering score queries from {@code streams}, this instance being its {@code application.server}. */
    public void attach(KafkaStreams streams, Map<String, Object> streamsProps) {
        scores.attach(
                streams,
                HostInfo.buildFromEndpoint(String.valueOf(streamsProps.get(StreamsConfig.APPLICATION_SERVER_CONFIG))));
    }

    static Map<String, Object> describe(ModelRegistry models) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "champion",
                models.current().champion().map(ScoringEndpoints::describe).orElse(null));
        out.put(
                "challenger",
                models.current().challenger().map(ScoringEndpoints::describe).orElse(null));
        out.put("mode", models.current().champion().isPresent() ? "MODEL" : "RULES_ONLY_NO_MODEL");
        return out;
    }

    private static Map<String, Object> describe(ServingModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelId", m.modelId());
        out.put("version", m.version());
        out.put("algorithm", m.algorithm());
        out.put("scorer", m.scorer().kind());
        out.put("scoreScale", m.calibration().describe());
        out.put("featureSetVersion", m.featureSetVersion());
        out.put("digestSha256", m.digestSha256());
        out.put("reviewThreshold", m.reviewThreshold());
        out.put("declineThreshold", m.declineThreshold());
        out.put("loadedAt", Instant.ofEpochMilli(m.loadedAtMs()).toString());
        return out;
    }
}
