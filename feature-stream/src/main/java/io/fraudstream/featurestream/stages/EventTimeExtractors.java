package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.TimestampExtractor;
import io.fraudstream.schemas.topics.TraceHeaders;

/**
 * Record timestamps in event time: a transaction's {@code eventTime}, a label's {@code labelTime} (when it became
 * known). Kafka Streams orders the records of a task's input partitions by these timestamps, so the merchant stage
 * interleaves transactions and labels in event time when both are available, and output records carry event time.
 *
 * <p>A record without a usable time (null value, negative time) keeps its Kafka timestamp (or the partition time) so
 * it is never dropped by Kafka Streams for a negative timestamp; validation then sends it to the dead-letter topic.
 */
public final class EventTimeExtractors {

    private EventTimeExtractors() {
    }

    /** For {@code transactions.raw}. */
    public static final class TransactionTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            traceRawAppend(record);
            if (record.value() instanceof Transaction tx && tx.getEventTime() != null && tx.getEventTime().toEpochMilli() >= 0) {
                return tx.getEventTime().toEpochMilli();
            }
            return fallback(record, partitionTime);
        }
    }

    /** For {@code transactions.labels}. */
    public static final class LabelTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof FraudLabel l && l.getLabelTime() != null && l.getLabelTime().toEpochMilli() >= 0) {
                return l.getLabelTime().toEpochMilli();
            }
            return fallback(record, partitionTime);
        }
    }

    /**
     * Stamps {@link TraceHeaders#RAW_APPEND_MS} on the raw record for the end-to-end latency metric: the broker's
     * append time when the raw topic uses {@code LogAppendTime}, else the producer's {@link TraceHeaders#PRODUCED_MS}
     * if it sent one. The extractor is the only place that sees the raw record's own timestamp (processors see the
     * event time it returns); the header then travels with the record through the topology, repartitions included.
     */
    private static void traceRawAppend(ConsumerRecord<Object, Object> record) {
        if (record.timestampType() == TimestampType.LOG_APPEND_TIME && record.timestamp() >= 0) {
            TraceHeaders.put(record.headers(), TraceHeaders.RAW_APPEND_MS, record.timestamp());
        } else {
            TraceHeaders.get(record.headers(), TraceHeaders.PRODUCED_MS)
                    .ifPresent(ms -> TraceHeaders.put(record.headers(), TraceHeaders.RAW_APPEND_MS, ms));
        }
    }

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
