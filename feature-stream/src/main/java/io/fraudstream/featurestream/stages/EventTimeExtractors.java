package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.serde.Sourced;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Record timestamps in event time: a transaction's {@code eventTime}, a label's {@code labelTime} (when it became
 * known). Kafka Streams orders the records of a task's input partitions by these timestamps, so the merchant stage
 * interleaves transactions and labels in event time when both are available, and output records carry event time.
 *
 * <p>Event times are producer input: only a time that validation would accept (not before
 * {@link FeatureSettings#earliestEventTime}, at most {@link FeatureSettings#maxFutureSkew} after the wall clock) becomes
 * the record's timestamp. Any other record (null value, far future, far past, negative) keeps the partition time (or
 * its own Kafka timestamp, clamped to [0, now], for the partition's first record), so it neither moves stream time nor
 * is dropped by Kafka Streams for a negative timestamp; validation then sends it to the dead-letter topic, stamped
 * with the processing time.
 */
public final class EventTimeExtractors {

    private EventTimeExtractors() {}

    /** For {@code transactions.raw} (values read as {@link Sourced} transactions); also stamps the trace header. */
    public static final class TransactionTime implements TimestampExtractor {
        private final FeatureSettings settings;
        private final FeatureStreamMetrics metrics;

        public TransactionTime(FeatureSettings settings, FeatureStreamMetrics metrics) {
            this.settings = settings;
            this.metrics = metrics;
        }

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            long now = settings.clock().millis();
            traceRawAppend(record, now, metrics);
            if (record.value() instanceof Sourced<?> s && s.value() instanceof Transaction tx) {
                return accepted(tx.getEventTime(), settings, now)
                        ? tx.getEventTime().toEpochMilli()
                        : fallback(record, partitionTime, now);
            }
            return fallback(record, partitionTime, now);
        }
    }

    /** For {@code transactions.labels} (values read as {@link Sourced} labels). */
    public static final class LabelTime implements TimestampExtractor {
        private final FeatureSettings settings;

        public LabelTime(FeatureSettings settings) {
            this.settings = settings;
        }

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            long now = settings.clock().millis();
            if (record.value() instanceof Sourced<?> s && s.value() instanceof FraudLabel l) {
                return accepted(l.getLabelTime(), settings, now)
                        ? l.getLabelTime().toEpochMilli()
                        : fallback(record, partitionTime, now);
            }
            return fallback(record, partitionTime, now);
        }
    }

    /** Whether {@code t} is an event time validation accepts, by the wall clock {@code now}. */
    public static boolean accepted(Instant t, FeatureSettings settings, long now) {
        return t != null
                && !t.isBefore(settings.earliestEventTime())
                && t.toEpochMilli() <= now + settings.maxFutureSkew().toMillis();
    }

    /**
     * Stamps {@link TraceHeaders#RAW_APPEND_MS} on the raw record for the end-to-end latency metric: the broker's
     * append time when the raw topic uses {@code LogAppendTime}, else the producer's {@link TraceHeaders#PRODUCED_MS},
     * else the record's own timestamp (CreateTime: the client's send time) — each only if plausible. A
     * {@link TraceHeaders#RAW_APPEND_MS} the producer sent is replaced, and an invalid {@link TraceHeaders#PRODUCED_MS}
     * is removed and counted, so neither travels into an output. The extractor is the only place that sees the raw
     * record's own timestamp (processors see the event time it returns); the header then travels with the record
     * through the topology, repartitions included.
     */
    private static void traceRawAppend(ConsumerRecord<Object, Object> record, long now, FeatureStreamMetrics metrics) {
        record.headers().remove(TraceHeaders.RAW_APPEND_MS);
        TraceHeaders.Reading produced = TraceHeaders.read(record.headers(), TraceHeaders.PRODUCED_MS, now);
        if (produced.invalid()) {
            record.headers().remove(TraceHeaders.PRODUCED_MS);
            metrics.invalidTraceHeader(TraceHeaders.PRODUCED_MS);
        }
        boolean ownTime = TraceHeaders.plausible(record.timestamp(), now);
        if (record.timestampType() == TimestampType.LOG_APPEND_TIME && ownTime) {
            TraceHeaders.put(record.headers(), TraceHeaders.RAW_APPEND_MS, record.timestamp());
        } else if (produced.present()) {
            TraceHeaders.put(record.headers(), TraceHeaders.RAW_APPEND_MS, produced.millis());
        } else if (ownTime) {
            TraceHeaders.put(record.headers(), TraceHeaders.RAW_APPEND_MS, record.timestamp());
        }
    }

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime, long now) {
        return partitionTime >= 0 ? partitionTime : Math.max(0, Math.min(record.timestamp(), now));
    }
}
