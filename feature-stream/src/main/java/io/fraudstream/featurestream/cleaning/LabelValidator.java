package io.fraudstream.featurestream.cleaning;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Verdict;

import java.util.Optional;

/**
 * Validates fraud labels before they reach the merchant state. Rejected: a null value; a blank transaction id or
 * merchant id; an UNKNOWN verdict (it says nothing); a labelTime before the transaction's time (a verdict cannot
 * precede the transaction).
 */
public final class LabelValidator {

    private LabelValidator() {
    }

    /** Why {@code label} is rejected, or empty when it is valid. */
    public static Optional<Rejection> check(FraudLabel label) {
        if (label == null) {
            return Optional.of(new Rejection("null-value", "null value (tombstone): a label is required"));
        }
        if (label.getTransactionId() == null || label.getTransactionId().isBlank()) {
            return Optional.of(new Rejection("required-field", "transactionId is blank"));
        }
        if (label.getMerchantId() == null || label.getMerchantId().isBlank()) {
            return Optional.of(new Rejection("required-field", "merchantId is blank"));
        }
        if (label.getVerdict() == null || label.getVerdict() == Verdict.UNKNOWN) {
            return Optional.of(new Rejection("verdict", "verdict UNKNOWN carries no information"));
        }
        if (label.getLabelTime().isBefore(label.getTransactionTime())) {
            return Optional.of(new Rejection("label-time", "labelTime " + label.getLabelTime()
                    + " is before the transaction's time " + label.getTransactionTime()));
        }
        return Optional.empty();
    }
}
