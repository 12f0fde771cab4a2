package io.fraudstream.app;

import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.FeatureTopology;
import io.fraudstream.featurestream.stages.InputProgress;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.FeatureInput;
import io.fraudstream.scoring.ScoringMetrics;
import io.fraudstream.scoring.ScoringSettings;
import io.fraudstream.scoring.ScoringTopology;
import io.fraudstream.scoring.model.ModelRegistry;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * The one-hop application's topology: {@link FeatureTopology} with the scoring nodes of {@link ScoringTopology}
 * attached to {@link FeatureTopology#FEATURES_NODE}, the node that forwards every completed feature record.
 * <pre>
 * transactions.raw, transactions.labels, reference.* ─► feature topology ─► FEATURES_NODE ─┬─► transactions.features
 *                                                                                          └─► score [scoring-recent-scores]
 * fraud.models ─► models-loader (global) ········ models in service ·······························┤
 *                                                                          transactions.scored ◄─┤
 *                                                                          fraud.alerts ◄─────────┘ (REVIEW, DECLINE)
 * </pre>
 * The scoring processor receives the very {@code TransactionFeatures} object the {@code transactions.features} sink
 * serializes ({@link FeatureInput#decoded()}), so a record is scored from exactly what is written, and no topic is
 * read between the two: in one exactly-once transaction per task the application writes features, scores, alerts and
 * dead letters. Pure: creates no clients and starts nothing. Every name is the feature topology's or the scoring
 * topology's; the two sets do not overlap (a clash would fail here, at build time).
 */
public final class PipelineAppTopology {

    private PipelineAppTopology() {}

    /**
     * The feature side.
     *
     * @param settings      cleaning, windows, grace, caps, ordering
     * @param metrics       the feature stream's counters
     * @param inputProgress whether a card-stage or label task has read its input partition to the end
     */
    public record Features(FeatureSettings settings, FeatureStreamMetrics metrics, InputProgress inputProgress) {}

    /**
     * The scoring side.
     *
     * @param signature verifier of model records; empty rejects every model (rules-only decisions)
     * @param settings  rules, thresholds, reasons, retention, clock
     * @param registry  the models in service (filled by the global processor, read by the scoring processor)
     * @param metrics   the scoring meters
     */
    public record Scoring(
            Optional<ModelSignature> signature,
            ScoringSettings settings,
            ModelRegistry registry,
            ScoringMetrics metrics) {}

    /** Builds the composed topology. */
    public static Topology build(TopicCatalogue topics, Features features, Scoring scoring) {
        Topology t = FeatureTopology.build(topics, features.settings(), features.metrics(), features.inputProgress());
        return ScoringTopology.addScoring(
                t,
                FeatureTopology.FEATURES_NODE,
                FeatureInput.decoded(),
                topics,
                scoring.signature(),
                scoring.settings(),
                scoring.registry(),
                scoring.metrics());
    }
}
