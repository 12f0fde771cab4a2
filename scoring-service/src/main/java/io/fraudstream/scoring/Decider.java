package io.fraudstream.scoring;

import io.fraudstream.models.ServingModel;
import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.scoring.rules.RuleHit;
import io.fraudstream.scoring.rules.Rules;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Combines rule hits and the model score into the decision.
 * <ul>
 *     <li>With a model: score {@code >=} decline threshold → DECLINE, {@code >=} review threshold → REVIEW, else
 *     APPROVE; the rules' strongest decision is a floor. {@code decidedBy} is RULES when the floor is stronger than
 *     the model's decision, else MODEL. Score and thresholds are on the served scale ({@link ServingModel#score}:
 *     calibrated when the model record asks for it, see {@link io.fraudstream.models.ScoreCalibration}), and
 *     so are the threshold overrides.</li>
 *     <li>Without a model: the rules' decision, {@code decidedBy} RULES_ONLY_NO_MODEL, and the score is
 *     {@link #RULES_ONLY_SCORES} of the decision (1 for DECLINE, 0.5 for REVIEW, 0 for APPROVE).</li>
 * </ul>
 */
public final class Decider {

    /** Score written without a model, by decision: DECLINE 1.0, REVIEW 0.5, APPROVE 0.0. */
    public static final String RULES_ONLY_SCORES = "DECLINE=1.0, REVIEW=0.5, APPROVE=0.0";

    private final OptionalDouble reviewOverride;
    private final OptionalDouble declineOverride;

    public Decider(OptionalDouble reviewOverride, OptionalDouble declineOverride) {
        this.reviewOverride = reviewOverride;
        this.declineOverride = declineOverride;
    }

    /** The outcome of one event. */
    public record Outcome(double score, Decision decision, DecidedBy decidedBy) {}

    /** Decision without a model. */
    public Outcome rulesOnly(List<RuleHit> hits) {
        Decision d = Rules.floor(hits);
        double score = switch (d) {
            case DECLINE -> 1.0;
            case REVIEW -> 0.5;
            default -> 0.0;
        };
        return new Outcome(score, d, DecidedBy.RULES_ONLY_NO_MODEL);
    }

    /** Decision with {@code model}'s {@code score}. */
    public Outcome withModel(ServingModel model, double score, List<RuleHit> hits) {
        Decision byModel = modelDecision(model, score);
        Decision floor = Rules.floor(hits);
        Decision d = Rules.stronger(byModel, floor);
        return new Outcome(score, d, d == byModel ? DecidedBy.MODEL : DecidedBy.RULES);
    }

    /** The model's decision for {@code score} under the effective thresholds. */
    public Decision modelDecision(ServingModel model, double score) {
        if (score >= declineThreshold(model)) {
            return Decision.DECLINE;
        }
        return score >= reviewThreshold(model) ? Decision.REVIEW : Decision.APPROVE;
    }

    /** The REVIEW threshold in force for {@code model}. */
    public double reviewThreshold(ServingModel model) {
        return reviewOverride.orElse(model.reviewThreshold());
    }

    /** The DECLINE threshold in force for {@code model}. */
    public double declineThreshold(ServingModel model) {
        return declineOverride.orElse(model.declineThreshold());
    }
}
