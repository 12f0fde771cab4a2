package io.fraudstream.runtime.streams;

import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.dlq.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The reference topics feed GlobalKTables, whose thread has no producer: Kafka Streams only logs the dead letters
 * a handler returns there. For a record of one of those topics ({@link #CONFIG_GLOBAL_TOPICS}) the handler sends the
 * dead letter itself, with a producer of its own (idempotent, acks=all, waiting for the acknowledgement; the global
 * thread is not transactional anyway), and the record is skipped: the table keeps its previous value for that key.
 * The producer lives as long as the process (handlers have no close hook; its I/O thread is a daemon). An instance
 * that rebuilds its global stores from the beginning (fresh state directory) meets the record again and writes its
 * dead letter again.
 *
 * <p>If the dead letter itself cannot be serialized (schema registry unreachable), the handler answers FAIL: the
 * stream stops rather than lose the record; after a restart it is read again.
 *
 * <p>Dead letters are built by {@link DeadLetters} (original key and value bytes, within the size bound) and stamped
 * with the processing time, so the broker cannot refuse them for the source record's timestamp.
 *
 * <p>Used by every Kafka Streams service; configured through the Streams properties that {@link #props} returns.
 */
public final class DeadLetterExceptionHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    /** Streams property: the dead-letter topic name. */
    public static final String CONFIG_TOPIC = "fraudstream.dlq.topic";
    /** Streams property: a {@code Serializer<DeadLetter>} instance. */
    public static final String CONFIG_SERIALIZER = "fraudstream.dlq.serializer";
    /** Streams property: the {@link DeadLetterCounter} instance (optional). */
    public static final String CONFIG_METRICS = "fraudstream.dlq.metrics";
    /** Streams property: the service's name, the prefix of the stages in its dead letters (e.g. {@code feature-stream}). */
    public static final String CONFIG_SERVICE = "fraudstream.dlq.service";
    /** Streams property: the names of the topics read by global tables (a {@code Collection<String>}, optional). */
    public static final String CONFIG_GLOBAL_TOPICS = "fraudstream.dlq.global.topics";

    private static final Duration GLOBAL_SEND_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private String topic;
    private Serializer<DeadLetter> serializer;
    private DeadLetterCounter metrics;
    private String service;
    private Set<String> globalTopics = Set.of();
    private Map<String, Object> producerConfigs = Map.of();
    private Producer<byte[], byte[]> globalProducer; // created on the first dead letter of a global topic
    private final Clock clock = Clock.systemUTC();

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(CONFIG_TOPIC);
        Object s = configs.get(CONFIG_SERIALIZER);
        if (!(t instanceof String name) || name.isBlank() || !(s instanceof Serializer<?>)) {
            throw new IllegalStateException(
                    getClass().getSimpleName() + " needs " + CONFIG_TOPIC + " (a topic name) and " + CONFIG_SERIALIZER
                            + " (a Serializer<DeadLetter>) in the Streams properties");
        }
        this.topic = name;
        this.serializer = (Serializer<DeadLetter>) s;
        this.metrics = configs.get(CONFIG_METRICS) instanceof DeadLetterCounter m ? m : DeadLetterCounter.NONE;
        this.service = configs.get(CONFIG_SERVICE) instanceof String n && !n.isBlank() ? n : "streams";
        if (configs.get(CONFIG_GLOBAL_TOPICS) instanceof Collection<?> names) {
            this.globalTopics = names.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        this.producerConfigs = producerConfigs(configs);
    }

    /**
     * The Streams properties that install this handler for deserialization and processing errors.
     *
     * @param service      the service name, prefix of the dead letters' stages ({@code <service>.deserialize},
     *                     {@code <service>.process.<processor>})
     * @param topic        the dead-letter topic
     * @param serializer   the {@code DeadLetter} serializer
     * @param counter      where dead letters are counted
     * @param globalTopics the topics read by global tables or stores (their dead letters are sent by the handler)
     */
    public static Map<String, Object> props(
            String service,
            String topic,
            Serializer<DeadLetter> serializer,
            DeadLetterCounter counter,
            Collection<String> globalTopics) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        // the global thread's processors (reference tables, the model store) get the same policy
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(CONFIG_SERVICE, service);
        props.put(CONFIG_TOPIC, topic);
        props.put(CONFIG_SERIALIZER, serializer);
        props.put(CONFIG_METRICS, counter);
        props.put(CONFIG_GLOBAL_TOPICS, List.copyOf(globalTopics));
        return props;
    }

    /** The stage of a record that could not be deserialized. */
    public String deserializeStage() {
        return service + ".deserialize";
    }

    /** The dead-letter producer of the global thread: the application's client settings, idempotent, not transactional. */
    private static Map<String, Object> producerConfigs(Map<String, ?> configs) {
        Map<String, Object> p = ClientConfigs.producer(configs);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-global-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetter letter = DeadLetters.rejected(deserializeStage(), DeadLetters.describe(exception))
                .error(exception)
                .source(record.topic(), record.partition(), record.offset(), record.timestamp())
                .key(record.key())
                .value(record.value())
                .headers(record.headers())
                .failedAt(clock.instant())
                .build();
        log.warn(
                "dead letter: cannot deserialize {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                exception.getMessage());
        List<ProducerRecord<byte[], byte[]>> out = deadLetter(letter);
        if (out == null) {
            return DeserializationExceptionHandler.Response.fail();
        }
        boolean global = globalTopics.contains(record.topic()); // sent here: Kafka Streams would only log it
        if (global && !sendFromGlobalThread(out.get(0))) {
            return DeserializationExceptionHandler.Response.fail();
        }
        metrics.deadLetter(deserializeStage(), "deserialize");
        return global
                ? DeserializationExceptionHandler.Response.resume()
                : DeserializationExceptionHandler.Response.resume(out);
    }

    /** Sends a dead letter of a global table's record and waits for the acknowledgement; false if it failed. */
    private synchronized boolean sendFromGlobalThread(ProducerRecord<byte[], byte[]> letter) {
        try {
            if (globalProducer == null) {
                globalProducer = new KafkaProducer<>(producerConfigs);
            }
            globalProducer.send(letter).get(GLOBAL_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted while sending a dead letter to {}; failing so the record is not lost", topic, e);
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.error("cannot send a dead letter to {}; failing so the record is not lost", topic, e);
            return false;
        }
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String stage = service + ".process." + context.processorNodeId();
        DeadLetter letter = DeadLetters.rejected(stage, DeadLetters.describe(exception))
                .error(exception)
                .source(context.topic(), context.partition(), context.offset(), context.timestamp())
                .key(context.sourceRawKey())
                .value(context.sourceRawValue())
                .headers(context.headers())
                .failedAt(clock.instant())
                .build();
        log.error(
                "dead letter: processor {} failed on {}-{}@{}",
                context.processorNodeId(),
                context.topic(),
                context.partition(),
                context.offset(),
                exception);
        List<ProducerRecord<byte[], byte[]>> out = deadLetter(letter);
        if (out == null) {
            return ProcessingExceptionHandler.Response.fail();
        }
        boolean global = globalTopics.contains(context.topic()); // sent here: Kafka Streams would only log it
        if (global && !sendFromGlobalThread(out.get(0))) {
            return ProcessingExceptionHandler.Response.fail();
        }
        metrics.deadLetter(stage, "exception");
        return global ? ProcessingExceptionHandler.Response.resume() : ProcessingExceptionHandler.Response.resume(out);
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(DeadLetter letter) {
        try {
            // stamped with the processing time: the source's timestamp could be one the broker refuses
            return List.of(new ProducerRecord<>(
                    topic,
                    null,
                    DeadLetters.recordTimestamp(letter),
                    DeadLetters.recordKey(letter),
                    serializer.serialize(topic, letter)));
        } catch (RuntimeException e) {
            log.error("cannot serialize a dead letter for {}; failing so the record is not lost", topic, e);
            return null;
        }
    }
}
