package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.MerchantProfile;

/**
 * A cleaned transaction with its reference data.
 *
 * @param cleaned  the cleaned transaction
 * @param merchant the merchant's profile from reference.merchants, or null
 * @param card     the card's profile from reference.cards, or null
 */
public record EnrichedTransaction(CleanedTransaction cleaned, MerchantProfile merchant, CardProfile card) {

    public EnrichedTransaction withMerchant(MerchantProfile m) {
        return new EnrichedTransaction(cleaned, m, card);
    }

    public EnrichedTransaction withCard(CardProfile c) {
        return new EnrichedTransaction(cleaned, merchant, c);
    }
}
