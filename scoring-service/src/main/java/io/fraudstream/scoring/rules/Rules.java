package io.fraudstream.scoring.rules;

import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hard rules, evaluated for every event before the model, in this order (every rule is evaluated and every hit
 * listed, in this order, in {@code rulesFired}):
 * <ol>
 *     <li>{@value #DENY_CARD}: the card token is deny-listed → DECLINE;</li>
 *     <li>{@value #DENY_MERCHANT}: the merchant id is deny-listed → DECLINE;</li>
 *     <li>{@value #AMOUNT_CAP}{@code :<mcc>}: the amount in base currency exceeds the cap of the merchant category
 *     (or the {@code *} cap) → REVIEW;</li>
 *     <li>{@value #IMPOSSIBLE_TRAVEL}: the implied speed from the card's previous located transaction exceeds the
 *     maximum over at least the minimum distance → REVIEW.</li>
 * </ol>
 * The strongest decision of the hits is a floor: the model can raise it (REVIEW → DECLINE), never lower it.
 */
public final class Rules {

    /** Rule name: deny-listed card. */
    public static final String DENY_CARD = "deny_list_card";
    /** Rule name: deny-listed merchant. */
    public static final String DENY_MERCHANT = "deny_list_merchant";
    /** Rule name prefix: amount over the category cap ({@code amount_cap:<mcc>}). */
    public static final String AMOUNT_CAP = "amount_cap";
    /** Rule name: impossible travel. */
    public static final String IMPOSSIBLE_TRAVEL = "impossible_travel";

    private final RuleSettings settings;

    public Rules(RuleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The hits for {@code features}, in rule order; empty when none fired. */
    public List<RuleHit> evaluate(TransactionFeatures features) {
        Transaction t = features.getTransaction();
        List<RuleHit> hits = new ArrayList<>(2);
        if (settings.deniedCards().contains(t.getCardToken())) {
            hits.add(new RuleHit(DENY_CARD, Decision.DECLINE));
        }
        if (settings.deniedMerchants().contains(t.getMerchantId())) {
            hits.add(new RuleHit(DENY_MERCHANT, Decision.DECLINE));
        }
        amountCap(features).ifPresent(hits::add);
        if (impossibleTravel(features)) {
            hits.add(new RuleHit(IMPOSSIBLE_TRAVEL, Decision.REVIEW));
        }
        return hits;
    }

    /** The strongest decision among {@code hits}; APPROVE when none. */
    public static Decision floor(List<RuleHit> hits) {
        Decision d = Decision.APPROVE;
        for (RuleHit h : hits) {
            d = stronger(d, h.decision());
        }
        return d;
    }

    /** The stronger of two decisions: DECLINE > REVIEW > APPROVE. */
    public static Decision stronger(Decision a, Decision b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Decision d) {
        return switch (d) {
            case DECLINE -> 3;
            case REVIEW -> 2;
            case APPROVE -> 1;
            default -> 0;
        };
    }

    private java.util.Optional<RuleHit> amountCap(TransactionFeatures f) {
        if (settings.amountCaps().isEmpty()) {
            return java.util.Optional.empty();
        }
        String mcc = f.getTransaction().getMerchantCategoryCode();
        Long cap = mcc == null ? null : settings.amountCaps().get(mcc);
        String category = mcc;
        if (cap == null) {
            cap = settings.amountCaps().get(RuleSettings.ANY_CATEGORY);
            category = RuleSettings.ANY_CATEGORY;
        }
        if (cap != null && f.getAmountBaseMinor() > cap) {
            return java.util.Optional.of(new RuleHit(AMOUNT_CAP + ":" + category, Decision.REVIEW));
        }
        return java.util.Optional.empty();
    }

    private boolean impossibleTravel(TransactionFeatures f) {
        Double speed = f.getSpeedFromPrevKmh();
        Double distance = f.getDistanceFromPrevKm();
        return speed != null
                && distance != null
                && distance >= settings.minTravelDistanceKm()
                && speed > settings.maxTravelSpeedKmh();
    }
}
