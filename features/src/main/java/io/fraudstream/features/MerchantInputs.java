package io.fraudstream.features;

import io.fraudstream.features.state.MerchantSnapshot;

/**
 * What the merchant stage knows about one transaction: the merchant history's {@link MerchantSnapshot}.
 *
 * @param snapshot the merchant statistics for this transaction
 */
public record MerchantInputs(MerchantSnapshot snapshot) {
}
