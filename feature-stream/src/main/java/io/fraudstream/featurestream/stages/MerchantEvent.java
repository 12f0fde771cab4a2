package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;

/**
 * What the merchant stage reads: a transaction with its card features, or a label. Exactly one is set.
 *
 * @param features the card stage's output for a transaction
 * @param label    a validated fraud label
 */
public record MerchantEvent(TransactionFeatures features, FraudLabel label) {

    public static MerchantEvent transaction(TransactionFeatures f) {
        return new MerchantEvent(f, null);
    }

    public static MerchantEvent label(FraudLabel l) {
        return new MerchantEvent(null, l);
    }
}
