package io.fraudstream.features;

import io.fraudstream.features.state.MerchantSnapshot;

/**
 * What the merchant stage knows about one transaction: the merchant history's {@link MerchantSnapshot}, and the
 * terminal history's when the transaction has a terminal id.
 *
 * @param snapshot the merchant statistics for this transaction
 * @param terminal the statistics of the transaction's terminal (merchant id and terminal id: terminal ids are unique
 *                 only within a merchant), or null when the transaction has no terminal id
 */
public record MerchantInputs(MerchantSnapshot snapshot, MerchantSnapshot terminal) {

    /** Inputs of a transaction without a terminal id. */
    public MerchantInputs(MerchantSnapshot snapshot) {
        this(snapshot, null);
    }
}
