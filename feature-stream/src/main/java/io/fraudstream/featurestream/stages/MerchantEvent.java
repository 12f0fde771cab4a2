package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;

/**
 * What travels on the merchant repartition topics to the merchant stage: a transaction with its card features, a
 * label, or a watermark of one upstream task. Exactly one of {@code features}, {@code label} and {@code upstream} is
 * set.
 *
 * @param features the card stage's output for a transaction
 * @param label    a validated fraud label
 * @param upstream for a watermark: the upstream task ({@link Watermarks#upstreamId})
 * @param time     for a watermark: every later record of that upstream has an event time {@code >= time}, unless it
 *                 is late
 * @param idle     for a watermark: the upstream has had no input for a while
 */
public record MerchantEvent(TransactionFeatures features, FraudLabel label, String upstream, long time, boolean idle) {

    public static MerchantEvent transaction(TransactionFeatures f) {
        return new MerchantEvent(f, null, null, 0, false);
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
        if (features != null) {
            return features.getEventTime().toEpochMilli();
        }
        if (label != null) {
            return label.getLabelTime().toEpochMilli();
        }
        return time;
    }
}
