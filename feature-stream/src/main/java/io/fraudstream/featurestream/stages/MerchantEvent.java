package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;

/**
 * What travels on the merchant repartition topics to the merchant stage: a transaction (what the merchant state
 * needs of it), a label, or a watermark of one upstream task. Exactly one of {@code transaction}, {@code label} and
 * {@code upstream} is set.
 *
 * @param transaction a transaction
 * @param label    a validated fraud label
 * @param upstream for a watermark: the upstream task ({@link Watermarks#upstreamId})
 * @param time     for a watermark: every later record of that upstream has an event time {@code >= time}, unless it
 *                 is late
 * @param idle     for a watermark: the upstream has had no input for a while
 */
public record MerchantEvent(Tx transaction, FraudLabel label, String upstream, long time, boolean idle) {

    /**
     * What the merchant stage needs of a transaction.
     *
     * @param id         transaction id
     * @param time       event time (epoch ms)
     * @param terminalId terminal id within the merchant, or null
     */
    public record Tx(String id, long time, String terminalId) {
        public Tx {
            java.util.Objects.requireNonNull(id, "id");
        }
    }

    public static MerchantEvent transaction(TransactionFeatures f) {
        return transaction(new Tx(
                f.getTransaction().getTransactionId(),
                f.getEventTime().toEpochMilli(),
                f.getTransaction().getTerminalId()));
    }

    public static MerchantEvent transaction(Tx tx) {
        return new MerchantEvent(tx, null, null, 0, false);
    }

    public static MerchantEvent label(FraudLabel l) {
        return new MerchantEvent(null, l, null, 0, false);
    }

    public static MerchantEvent watermark(String upstream, long time, boolean idle) {
        return new MerchantEvent(null, null, upstream, time, idle);
    }

    /** Whether this is a watermark. */
    public boolean isWatermark() {
        return upstream != null;
    }

    /** The event time that orders this event: a transaction's event time, a label's label time. */
    public long eventTime() {
        if (transaction != null) {
            return transaction.time();
        }
        if (label != null) {
            return label.getLabelTime().toEpochMilli();
        }
        return time;
    }
}
