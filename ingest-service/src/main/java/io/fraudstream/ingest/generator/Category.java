package io.fraudstream.ingest.generator;

import io.fraudstream.schemas.avro.RiskTier;

/**
 * Merchant categories of the synthetic world: ISO 18245 MCC, typical (median) amount in major units, spread of the
 * log-normal amount distribution, whether merchants trade in person and/or online, their share of merchants, and
 * the risk tier published in the merchant profile.
 */
enum Category {
    GROCERY("5411", 32, 0.7, true, false, 16, RiskTier.LOW),
    RESTAURANT("5812", 35, 0.6, true, false, 14, RiskTier.LOW),
    FAST_FOOD("5814", 11, 0.5, true, false, 12, RiskTier.LOW),
    FUEL("5541", 55, 0.4, true, false, 8, RiskTier.LOW),
    PHARMACY("5912", 19, 0.6, true, false, 6, RiskTier.LOW),
    CLOTHING("5651", 65, 0.7, true, true, 9, RiskTier.MEDIUM),
    ELECTRONICS("5732", 220, 0.8, true, true, 5, RiskTier.MEDIUM),
    HOTEL("7011", 160, 0.6, true, true, 4, RiskTier.MEDIUM),
    ATM("6011", 100, 0.6, true, false, 5, RiskTier.LOW),
    JEWELRY("5944", 420, 0.8, true, true, 2, RiskTier.HIGH),
    AIRLINE("4511", 380, 0.6, false, true, 3, RiskTier.MEDIUM),
    DIGITAL_GOODS("5818", 9, 0.7, false, true, 7, RiskTier.MEDIUM),
    MARKETPLACE("5399", 42, 0.8, false, true, 8, RiskTier.LOW),
    MONEY_TRANSFER("4829", 180, 0.8, false, true, 2, RiskTier.HIGH);

    final String mcc;
    final double medianAmount;
    final double sigma;
    final boolean inPerson;
    final boolean online;
    final double share;
    final RiskTier risk;

    Category(
            String mcc,
            double medianAmount,
            double sigma,
            boolean inPerson,
            boolean online,
            double share,
            RiskTier risk) {
        this.mcc = mcc;
        this.medianAmount = medianAmount;
        this.sigma = sigma;
        this.inPerson = inPerson;
        this.online = online;
        this.share = share;
        this.risk = risk;
    }

    /** Categories a card testing or account takeover fraudster favours to cash out. */
    boolean cashOut() {
        return this == ELECTRONICS || this == JEWELRY || this == MONEY_TRANSFER || this == AIRLINE;
    }
}
