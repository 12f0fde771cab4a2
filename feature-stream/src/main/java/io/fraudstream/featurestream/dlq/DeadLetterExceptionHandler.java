package io.fraudstream.featurestream.dlq;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.schemas.avro.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Sends records Kafka Streams could not deserialize, and records a processor threw on, to the dead-letter topic as
 * {@link DeadLetter}s, then lets processing continue.
 *
 * <p>It uses Kafka Streams' own dead-letter mechanism (KIP-1034, Kafka 4.1+): the handler returns
 * {@code Response.resume(records)} and Kafka Streams produces those records with the task's producer, inside the
 * task's transaction under exactly-once, together with the offset commit that skips the bad record. It does not use
 * {@code errors.dead.letter.queue.topic.name}: with that key Kafka's default handlers would write raw key/value bytes
 * with exception headers, while {@code transactions.dlq} carries Avro {@code DeadLetter} values.
 *
 * <p>If the dead letter itself cannot be serialized (schema registry unreachable), the handler answers FAIL: the
 * stream stops rather than lose the record; after a restart it is read again.
 *
 * <p>Configured through the Streams properties ({@link #CONFIG_TOPIC}, {@link #CONFIG_SERIALIZER},
 * {@link #CONFIG_METRICS}); {@code FeatureStreamConfig.streamsProps} sets them.
 */
public final class DeadLetterExceptionHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams property: the dead-letter topic name. */
    public static final String CONFIG_TOPIC = "fraudstream.dlq.topic";
    /** Streams property: a {@code Serializer<DeadLetter>} instance. */
    public static final String CONFIG_SERIALIZER = "fraudstream.dlq.serializer";
    /** Streams property: the {@link FeatureStreamMetrics} instance (optional). */
    public static final String CONFIG_METRICS = "fraudstream.dlq.metrics";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private String topic;
    private Serializer<DeadLetter> serializer;
    private FeatureStreamMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(CONFIG_TOPIC);
        Object s = configs.get(CONFIG_SERIALIZER);
        if (!(t instanceof String name) || name.isBlank() || !(s instanceof Serializer<?>)) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs " + CONFIG_TOPIC + " (a topic name) and "
                    + CONFIG_SERIALIZER + " (a Serializer<DeadLetter>) in the Streams properties");
        }
        this.topic = name;
        this.serializer = (Serializer<DeadLetter>) s;
        this.metrics = configs.get(CONFIG_METRICS) instanceof FeatureStreamMetrics m ? m : FeatureStreamMetrics.noop();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        DeadLetter letter = DeadLetters.of(DeadLetters.STAGE_DESERIALIZE, DeadLetters.describe(exception), exception,
                record.topic(), record.partition(), record.offset(), record.key(), record.value(), record.timestamp(),
                record.headers(), clock.instant());
        log.warn("dead letter: cannot deserialize {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                exception.getMessage());
        List<ProducerRecord<byte[], byte[]>> out = deadLetter(record.key(), letter);
        if (out == null) {
            return DeserializationExceptionHandler.Response.fail();
        }
        metrics.deadLetter(DeadLetters.STAGE_DESERIALIZE, "deserialize");
        return DeserializationExceptionHandler.Response.resume(out);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String stage = DeadLetters.STAGE_PROCESS + "." + context.processorNodeId();
        DeadLetter letter = DeadLetters.of(stage, DeadLetters.describe(exception), exception, context.topic(),
                context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue(),
                context.timestamp(), context.headers(), clock.instant());
        log.error("dead letter: processor {} failed on {}-{}@{}", context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), exception);
        List<ProducerRecord<byte[], byte[]>> out = deadLetter(context.sourceRawKey(), letter);
        if (out == null) {
            return ProcessingExceptionHandler.Response.fail();
        }
        metrics.deadLetter(stage, "exception");
        return ProcessingExceptionHandler.Response.resume(out);
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(byte[] key, DeadLetter letter) {
        try {
            return List.of(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter)));
        } catch (RuntimeException e) {
            log.error("cannot serialize a dead letter for {}; failing so the record is not lost", topic, e);
            return null;
        }
    }
}
