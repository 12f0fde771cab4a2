package io.fraudstream.ingest.replay;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;

/** What a replay produces, in event-time order: a transaction, or a label at its (later) label time. */
public sealed interface ReplayEvent {

    /** Event time in epoch milliseconds: the transaction's time, or the label's label time. */
    long timeMillis();

    /** A transaction for transactions.raw. */
    record TransactionEvent(Transaction transaction) implements ReplayEvent {
        @Override
        public long timeMillis() {
            return transaction.getEventTime().toEpochMilli();
        }
    }

    /** A label for transactions.labels. */
    record LabelEvent(FraudLabel label) implements ReplayEvent {
        @Override
        public long timeMillis() {
            return label.getLabelTime().toEpochMilli();
        }
    }
}
