package io.fraudstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.ingest.PlainAvroSerdes;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestPublisherTest {

    static final Instant EVENT = Instant.parse("2024-06-01T10:15:30.123Z");

    final TopicCatalogue catalogue = PlainAvroSerdes.catalogue();
    final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final IngestPublisher publisher = new IngestPublisher(catalogue, producer, meters);

    @AfterEach
    void close() {
        publisher.close();
    }

    static Transaction transaction() {
        return Transaction.newBuilder()
                .setTransactionId("tx-1")
                .setCardToken("tok_abc")
                .setMerchantId("m-1")
                .setAmountMinor(100)
                .setCurrency("EUR")
                .setEventTime(EVENT)
                .build();
    }

    @Test
    void shouldSendATransactionKeyedByTokenWithItsEventTime() throws Exception {
        CompletableFuture<RecordMetadata> f = publisher.transaction(transaction());
        assertThat(f).isNotDone(); // not before the broker acknowledged
        producer.completeNext();

        assertThat(f.get().topic()).isEqualTo("transactions.raw");
        ProducerRecord<byte[], byte[]> r = producer.history().get(0);
        assertThat(r.topic()).isEqualTo(catalogue.transactionsRaw().name());
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("tok_abc");
        assertThat(r.timestamp()).isEqualTo(EVENT.toEpochMilli());
        long before = System.currentTimeMillis() - 60_000;
        assertThat(io.fraudstream.schemas.topics.TraceHeaders.get(
                        r.headers(), io.fraudstream.schemas.topics.TraceHeaders.PRODUCED_MS))
                .as("wall-clock send time for the end-to-end latency metric")
                .isPresent();
        assertThat(io.fraudstream.schemas.topics.TraceHeaders.get(
                                r.headers(), io.fraudstream.schemas.topics.TraceHeaders.PRODUCED_MS)
                        .getAsLong())
                .isGreaterThan(before);
        assertThat(catalogue.transactionsRaw().valueSerde().deserializer().deserialize(r.topic(), r.value()))
                .isEqualTo(transaction());
        assertThat(meters.get("fraudstream.ingest.publish")
                        .tag("outcome", "acked")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldSendEveryTypeToItsTopicWithItsKeyAndTime() {
        Instant label = EVENT.plusSeconds(86_400);
        publisher.label(FraudLabel.newBuilder()
                .setTransactionId("tx-1")
                .setCardToken("tok_l")
                .setMerchantId("m-1")
                .setTransactionTime(EVENT)
                .setLabelTime(label)
                .setVerdict(Verdict.FRAUD)
                .setSource(LabelSource.ANALYST)
                .build());
        publisher.merchant(MerchantProfile.newBuilder()
                .setMerchantId("m-9")
                .setUpdatedAt(EVENT.plusSeconds(1))
                .build());
        publisher.card(CardProfile.newBuilder()
                .setCardToken("tok_c")
                .setUpdatedAt(EVENT.plusSeconds(2))
                .build());
        byte[] key = {1, 2, 3};
        publisher.deadLetter(
                key,
                DeadLetter.newBuilder()
                        .setStage("http")
                        .setReason("bad")
                        .setSourceTopic("x")
                        .setSourcePartition(-1)
                        .setSourceOffset(-1)
                        .setFailedAt(EVENT.plusSeconds(3))
                        .build());

        assertThat(producer.history())
                .extracting(ProducerRecord::topic)
                .containsExactly("transactions.labels", "reference.merchants", "reference.cards", "transactions.dlq");
        assertThat(producer.history())
                .extracting(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("tok_l", "m-9", "tok_c", new String(key, StandardCharsets.UTF_8));
        assertThat(producer.history())
                .extracting(ProducerRecord::timestamp)
                .containsExactly(
                        label.toEpochMilli(),
                        EVENT.plusSeconds(1).toEpochMilli(),
                        EVENT.plusSeconds(2).toEpochMilli(),
                        EVENT.plusSeconds(3).toEpochMilli());
    }

    @Test
    void shouldFailTheFutureAndMarkKafkaUnreachableOnATimeout() {
        CompletableFuture<RecordMetadata> f = publisher.transaction(transaction());
        producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(IngestPublisher.isUnavailability(f.handle((r, e) -> e).join()))
                .isTrue();
        assertThat(publisher.isKafkaReachable()).isFalse();
        assertThat(meters.get("fraudstream.ingest.publish")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);

        CompletableFuture<RecordMetadata> next = publisher.transaction(transaction());
        producer.completeNext();
        assertThat(next).isCompleted();
        assertThat(publisher.isKafkaReachable()).isTrue();
    }

    @Test
    void shouldTellBadRecordsFromUnavailability() {
        CompletableFuture<RecordMetadata> f = publisher.transaction(transaction());
        producer.errorNext(new RecordTooLargeException("too large"));
        Throwable e = f.handle((r, x) -> x).join();
        assertThat(IngestPublisher.isUnavailability(e)).isFalse();
        assertThat(publisher.isKafkaReachable()).isTrue();
    }

    @Test
    void shouldFailTheFutureWhenSerializationFails() {
        Transaction invalid = transaction();
        invalid.setCurrency(null); // required by the schema
        CompletableFuture<RecordMetadata> f = publisher.transaction(invalid);
        assertThat(f).isCompletedExceptionally();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldFailAfterClose() {
        publisher.close();
        assertThat(publisher.transaction(transaction())).isCompletedExceptionally();
    }

    @Test
    void shouldEnforceDurableIdempotentProduction() {
        Map<String, Object> cfg = IngestPublisher.producerConfig(Map.of("bootstrap.servers", "x:1", "linger.ms", 20));
        assertThat(cfg)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        assertThatThrownBy(() -> IngestPublisher.producerConfig(Map.of("acks", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acks=all");
        assertThatThrownBy(() -> IngestPublisher.producerConfig(Map.of("enable.idempotence", "false")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IngestPublisher.producerConfig(Map.of("acks", "-1"))).containsEntry("acks", "all");
    }
}
