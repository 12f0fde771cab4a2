package io.fraudstream.scoring.rules;

import io.fraudstream.schemas.avro.Decision;

/**
 * A rule that fired.
 *
 * @param name     rule name as written into {@code ScoredTransaction.rulesFired}
 * @param decision the decision it forces at least
 */
public record RuleHit(String name, Decision decision) {}
