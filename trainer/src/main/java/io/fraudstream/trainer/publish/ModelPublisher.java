package io.fraudstream.trainer.publish;

import io.fraudstream.models.ModelSlots;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Sends a signed model record to {@code fraud.models}, keyed by its slot, and waits for the broker's acknowledgement.
 * The producer is sized for multi-megabyte models ({@link TopicCatalogue#MODEL_PRODUCER_CONFIGS}: max.request.size,
 * zstd compression), idempotent, acks=all.
 */
public final class ModelPublisher {

    private final Map<String, Object> producerProps;

    /** @param producerProps Kafka producer settings (bootstrap servers and pass-through keys; those given win) */
    public ModelPublisher(Map<String, Object> producerProps) {
        Map<String, Object> p = new HashMap<>(TopicCatalogue.MODEL_PRODUCER_CONFIGS);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putAll(producerProps);
        this.producerProps = Map.copyOf(p);
    }

    /** Publishes {@code record} under the key of its slot; returns where it was written. */
    public RecordMetadata publish(TopicSpec<String, ModelRecord> topic, ModelRecord record) {
        try (KafkaProducer<String, ModelRecord> producer = new KafkaProducer<>(
                producerProps, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), ModelSlots.key(record.getSlot()), record))
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new IllegalStateException(
                        "the model record (" + record.getModelBytes().remaining()
                                + " model bytes) is larger than " + topic.name()
                                + " accepts: raise the topic's max.message.bytes "
                                + "(kafka-configs --alter --entity-type topics --entity-name " + topic.name()
                                + " --add-config max.message.bytes=" + TopicCatalogue.MODELS_MAX_MESSAGE_BYTES
                                + ") and the producer's max.request.size (producer.max.request.size)",
                        e.getCause());
            }
            throw new IllegalStateException("publishing to " + topic.name() + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "publishing to " + topic.name() + " timed out: is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
        }
    }
}
