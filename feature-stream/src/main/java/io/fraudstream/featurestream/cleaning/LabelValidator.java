package io.fraudstream.featurestream.cleaning;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * Validates fraud labels before they reach the merchant state. Rejected: a null value; a blank transaction id or
 * merchant id; an UNKNOWN verdict (it says nothing); a labelTime before the transaction's time (a verdict cannot
 * precede the transaction); a labelTime or transactionTime outside the accepted event times (the same bounds as
 * transactions: not before the earliest, not after the latest, that is the wall clock plus the allowed skew).
 */
public final class LabelValidator {

    private LabelValidator() {}

    /** Why {@code label} is rejected, or empty when it is valid; its times must lie in [{@code earliest}, {@code latest}]. */
    public static Optional<Rejection> check(FraudLabel label, Instant earliest, Instant latest) {
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
        Optional<Rejection> outside = outside("labelTime", label.getLabelTime(), earliest, latest)
                .or(() -> outside("transactionTime", label.getTransactionTime(), earliest, latest));
        if (outside.isPresent()) {
            return outside;
        }
        if (label.getLabelTime().isBefore(label.getTransactionTime())) {
            return Optional.of(new Rejection(
                    "label-time",
                    "labelTime " + label.getLabelTime() + " is before the transaction's time "
                            + label.getTransactionTime()));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> outside(String field, Instant at, Instant earliest, Instant latest) {
        if (at != null && !at.isBefore(earliest) && !at.isAfter(latest)) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(
                "label-time",
                field + " " + at + " is outside the accepted event times [" + earliest + ", " + latest + "]"));
    }
}
