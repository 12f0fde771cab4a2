package io.fraudstream.scoring;

import io.fraudstream.scoring.rules.RuleSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the scoring topology needs besides topics: rules, threshold overrides, reason count, how long recent scores
 * stay queryable, and the wall clock (for {@code scoredTime}).
 *
 * @param rules                   the rule settings
 * @param reviewThreshold         overrides every model's REVIEW threshold when present
 * @param declineThreshold        overrides every model's DECLINE threshold when present
 * @param topReasons              how many reason codes to attach
 * @param recentScoresRetention   how long {@code GET /v1/scores/{id}} finds a score
 * @param clock                   wall clock
 */
public record ScoringSettings(
        RuleSettings rules,
        OptionalDouble reviewThreshold,
        OptionalDouble declineThreshold,
        int topReasons,
        Duration recentScoresRetention,
        Clock clock) {

    /** Defaults: no rules configured, model thresholds, 3 reasons, 1 hour of recent scores, system clock. */
    public static ScoringSettings defaults() {
        return new ScoringSettings(
                RuleSettings.defaults(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                3,
                Duration.ofHours(1),
                Clock.systemUTC());
    }

    /** A copy with {@code rules}. */
    public ScoringSettings withRules(RuleSettings r) {
        return new ScoringSettings(r, reviewThreshold, declineThreshold, topReasons, recentScoresRetention, clock);
    }

    /** A copy with threshold overrides. */
    public ScoringSettings withThresholds(Optional<Double> review, Optional<Double> decline) {
        return new ScoringSettings(
                rules,
                review.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                decline.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                topReasons,
                recentScoresRetention,
                clock);
    }

    /** A copy with {@code c} as the clock. */
    public ScoringSettings withClock(Clock c) {
        return new ScoringSettings(rules, reviewThreshold, declineThreshold, topReasons, recentScoresRetention, c);
    }
}
