package io.fraudstream.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.registry.InMemorySchemaRegistry;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

class DeadLetterExceptionHandlerTest {

    private static final long FAR_FUTURE = 4_102_444_800_000L; // 2100-01-01

    private final TopicCatalogue topics = TopicCatalogue.create(
            TopicCatalogue.Settings.defaults(), AvroSerdes.create(new InMemorySchemaRegistry(), true));
    private final List<String> counted = new ArrayList<>();

    private DeadLetterExceptionHandler handler(Serializer<DeadLetter> serializer) {
        Map<String, Object> configs = new HashMap<>(DeadLetterExceptionHandler.props(
                "some-service",
                topics.transactionsDlq().name(),
                serializer,
                (stage, kind) -> counted.add(stage + "/" + kind),
                List.of()));
        DeadLetterExceptionHandler h = new DeadLetterExceptionHandler();
        h.configure(configs);
        return h;
    }

    private static ConsumerRecord<byte[], byte[]> undecodable(long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("source", "replay".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(
                "transactions.raw",
                2,
                41L,
                timestamp,
                TimestampType.CREATE_TIME,
                4,
                3,
                "card".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, 2, 3},
                headers,
                Optional.empty());
    }

    @Test
    void shouldResumeWithADeadLetterCarryingTheOriginalBytesAndSource() {
        var response = handler(topics.transactionsDlq().valueSerde().serializer())
                .handleError(null, undecodable(1_000L), new SerializationException("unknown magic byte 1"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo("transactions.dlq");
        assertThat(out.key()).isEqualTo("card".getBytes(StandardCharsets.UTF_8));
        DeadLetter letter =
                topics.transactionsDlq().valueSerde().deserializer().deserialize("transactions.dlq", out.value());
        assertThat(letter.getStage()).isEqualTo("some-service.deserialize");
        assertThat(letter.getReason()).contains("unknown magic byte 1");
        assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
        assertThat(letter.getSourceTopic()).isEqualTo("transactions.raw");
        assertThat(letter.getSourcePartition()).isEqualTo(2);
        assertThat(letter.getSourceOffset()).isEqualTo(41L);
        assertThat(letter.getValue().array()).containsExactly(1, 2, 3);
        assertThat(letter.getHeaders()).containsEntry("source", "replay");
        assertThat(counted).containsExactly("some-service.deserialize/deserialize");
    }

    @Test
    void shouldStampTheDeadLetterWithTheProcessingTimeNotTheSourceTimestamp() {
        var response = handler(topics.transactionsDlq().valueSerde().serializer())
                .handleError(null, undecodable(FAR_FUTURE), new SerializationException("corrupt"));

        ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        DeadLetter letter =
                topics.transactionsDlq().valueSerde().deserializer().deserialize("transactions.dlq", out.value());
        assertThat(out.timestamp())
                .isEqualTo(letter.getFailedAt().toEpochMilli())
                .isLessThan(FAR_FUTURE);
        assertThat(out.headers()).isEmpty();
        assertThat(letter.getSourceTimestamp().toEpochMilli()).isEqualTo(FAR_FUTURE);
    }

    @Test
    void shouldFailRatherThanLoseTheRecordWhenTheDeadLetterCannotBeWritten() {
        Serializer<DeadLetter> broken = (topic, value) -> {
            throw new SerializationException("registry unreachable");
        };
        var response = handler(broken).handleError(null, undecodable(1_000L), new SerializationException("corrupt"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(counted).isEmpty();
    }
}
