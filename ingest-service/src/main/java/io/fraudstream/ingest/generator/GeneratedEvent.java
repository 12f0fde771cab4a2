package io.fraudstream.ingest.generator;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;

/** What the generator emits, in event-time order: transactions and (later) their labels. */
public sealed interface GeneratedEvent {

    /** Event time in epoch milliseconds (transaction time, or label time). */
    long timeMillis();

    /**
     * A transaction.
     *
     * @param transaction the record for transactions.raw
     * @param scenario    the fraud scenario it belongs to, or null if legitimate (not part of the record: ground
     *                    truth for tests and statistics)
     */
    record TransactionEvent(Transaction transaction, Scenario scenario) implements GeneratedEvent {
        @Override
        public long timeMillis() {
            return transaction.getEventTime().toEpochMilli();
        }
    }

    /** A label for transactions.labels. */
    record LabelEvent(FraudLabel label) implements GeneratedEvent {
        @Override
        public long timeMillis() {
            return label.getLabelTime().toEpochMilli();
        }
    }
}
