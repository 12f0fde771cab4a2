package io.fraudstream.scoring.rules;

import java.util.Map;
import java.util.Set;

/**
 * What the rules check, from configuration.
 *
 * @param deniedCards         card tokens always declined
 * @param deniedMerchants     merchant ids always declined
 * @param amountCaps          per merchant category code (MCC): the largest amount, in minor units of the base
 *                            currency ({@code amountBaseMinor}), above which a transaction goes to review; key
 *                            {@code *} applies to categories without their own cap
 * @param maxTravelSpeedKmh   implied speed from the card's previous located transaction above which travel is impossible
 * @param minTravelDistanceKm distances below this never count as impossible travel (location noise)
 */
public record RuleSettings(
        Set<String> deniedCards,
        Set<String> deniedMerchants,
        Map<String, Long> amountCaps,
        double maxTravelSpeedKmh,
        double minTravelDistanceKm) {

    /** The {@code amountCaps} key for every category without its own cap. */
    public static final String ANY_CATEGORY = "*";

    public RuleSettings {
        deniedCards = Set.copyOf(deniedCards);
        deniedMerchants = Set.copyOf(deniedMerchants);
        amountCaps = Map.copyOf(amountCaps);
    }

    /** No deny-lists, no caps, impossible travel above 1000 km/h over at least 100 km. */
    public static RuleSettings defaults() {
        return new RuleSettings(Set.of(), Set.of(), Map.of(), 1000, 100);
    }
}
