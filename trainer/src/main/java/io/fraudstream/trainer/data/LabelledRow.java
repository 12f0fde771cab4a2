package io.fraudstream.trainer.data;

import java.util.Objects;

/**
 * One training row: a featured transaction joined with its label.
 *
 * @param transactionId the transaction's id
 * @param cardToken     the card (for precision at k cards per day)
 * @param eventTimeMs   event time, epoch milliseconds
 * @param fraud         the label: true for fraud
 * @param features      the feature values, in the order of the data set's feature names (never modified)
 */
public record LabelledRow(String transactionId, String cardToken, long eventTimeMs, boolean fraud, double[] features) {
    public LabelledRow {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(cardToken, "cardToken");
        Objects.requireNonNull(features, "features");
    }
}
