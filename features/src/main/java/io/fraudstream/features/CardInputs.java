package io.fraudstream.features;

import io.fraudstream.features.state.CardSnapshot;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;

/**
 * Everything the card stage knows about one transaction: the cleaned and enriched transaction, what cleaning
 * found, the reference data (possibly missing) and the card history's {@link CardSnapshot}.
 *
 * @param transaction             the cleaned transaction (codes trimmed and upper-cased, merchant category and country
 *                                enriched from the reference data or imputed)
 * @param amountBaseMinor         the amount in minor units of the base currency, not clipped
 * @param amountOutlier           whether {@code amountBaseMinor} exceeds the outlier cap
 * @param merchantCategoryMissing no valid merchant category code from the transaction or the reference data
 * @param merchantCountryMissing  no valid merchant country from the transaction or the reference data
 * @param locationMissing         no valid latitude/longitude pair
 * @param merchant                the merchant's reference profile, or null
 * @param card                    the card's reference profile, or null
 * @param snapshot                the card history's statistics for this transaction
 */
public record CardInputs(
        Transaction transaction,
        long amountBaseMinor,
        boolean amountOutlier,
        boolean merchantCategoryMissing,
        boolean merchantCountryMissing,
        boolean locationMissing,
        MerchantProfile merchant,
        CardProfile card,
        CardSnapshot snapshot) {}
