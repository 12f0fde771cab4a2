package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.CARD;
import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.topics.TraceHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The timing headers behind the end-to-end latency metric travel through both stages and the repartition. */
class TraceHeadersTopologyTest {

    @Test
    void shouldCarryTheProducersSendTimeAsRawAppendTimeAndStampTheEmitTime() {
        try (FeatureDriver d = new FeatureDriver()) {
            RecordHeaders headers = new RecordHeaders();
            long sent = Txns.NOW.toEpochMilli() - 42;
            TraceHeaders.put(headers, TraceHeaders.PRODUCED_MS, sent);
            d.raw.pipeInput(new TestRecord<>(CARD, tx("t1", MONDAY_NOON).build(), headers, MONDAY_NOON));

            TestRecord<String, TransactionFeatures> out = d.features.readRecord();
            assertThat(out.value().getTransaction().getTransactionId()).isEqualTo("t1");
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.RAW_APPEND_MS))
                    .hasValue(sent);
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.FEATURES_MS))
                    .hasValue(Txns.NOW.toEpochMilli());
        }
    }

    @Test
    void shouldLeaveTheRawAppendTimeUnknownWhenTheProducerDidNotSayAndTheTopicUsesCreateTime() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("t1", MONDAY_NOON));
            TestRecord<String, TransactionFeatures> out = d.features.readRecord();
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.RAW_APPEND_MS))
                    .isEmpty();
            assertThat(TraceHeaders.get(out.headers(), TraceHeaders.FEATURES_MS))
                    .isPresent();
        }
    }
}
