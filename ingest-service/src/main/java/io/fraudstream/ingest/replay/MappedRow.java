package io.fraudstream.ingest.replay;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import java.util.Objects;

/**
 * A source row mapped: the transaction and, if the row carried a label, the label with its own (later) event time.
 *
 * @param rowNumber   source row number
 * @param transaction the transaction (card number already tokenized)
 * @param label       the label, or null
 */
public record MappedRow(long rowNumber, Transaction transaction, FraudLabel label) {
    public MappedRow {
        Objects.requireNonNull(transaction, "transaction");
    }

    /** The transaction's event time in epoch milliseconds. */
    public long eventTimeMillis() {
        return transaction.getEventTime().toEpochMilli();
    }
}
