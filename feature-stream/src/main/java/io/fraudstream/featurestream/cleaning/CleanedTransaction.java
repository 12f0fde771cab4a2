package io.fraudstream.featurestream.cleaning;

import io.fraudstream.schemas.avro.Transaction;

/**
 * A transaction that passed validation, normalised.
 *
 * @param transaction     the normalised transaction: codes trimmed and upper-cased, invalid optional codes and
 *                        positions removed (null)
 * @param amountBaseMinor the amount in minor units of the base currency
 * @param amountOutlier   whether {@code amountBaseMinor} exceeds the outlier cap
 * @param featureAmount   the amount the card statistics use: {@code amountBaseMinor} clipped at the cap
 */
public record CleanedTransaction(
        Transaction transaction, long amountBaseMinor, boolean amountOutlier, long featureAmount) {}
