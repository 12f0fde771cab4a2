package io.fraudstream.ingest.generator;

/**
 * The fraud scenarios of the generator; {@link #label()} is the {@code FraudLabel.fraudType} of their transactions.
 * See the README ("Synthetic traffic generator") for what each one looks like in the stream.
 */
public enum Scenario {
    /** Bursts of tiny online payments at merchants new to the card, sometimes followed by a cash-out. */
    CARD_TESTING("card_testing"),
    /** Sudden change of location, device and merchant mix, with larger amounts, over a day or two. */
    ACCOUNT_TAKEOVER("account_takeover"),
    /**
     * One terminal of a merchant skims cards for a few days; a share of them are defrauded days later by the ring
     * that skimmed them, at its few cash-out terminals (counterfeit, swiped) and online shops abroad.
     */
    COMPROMISED_MERCHANT("compromised_merchant"),
    /** A cloned card used in person far away minutes after a genuine in-person payment. */
    IMPOSSIBLE_TRAVEL("impossible_travel"),
    /** A single payment far above what the card usually spends. */
    LARGE_AMOUNT("large_amount");

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    /** The fraud type written into labels, e.g. {@code card_testing}. */
    public String label() {
        return label;
    }
}
