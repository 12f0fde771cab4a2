package io.fraudstream.ingest.kafka;

import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.dlq.DeadLetters;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import io.fraudstream.schemas.topics.TraceHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka producer of the ingest service, shared by HTTP ingest, replay and the generator.
 *
 * <p>Each typed method serializes with the {@link TopicCatalogue}'s serdes (Avro in the Confluent wire format) in
 * the calling thread, sends to the catalogue topic, keyed as the catalogue says, with the record's own event time
 * as the Kafka record timestamp (so retention and windowing work in event time):
 * <table>
 *   <caption>What goes where</caption>
 *   <tr><th>method</th><th>topic</th><th>key</th><th>timestamp</th></tr>
 *   <tr><td>{@link #transaction}</td><td>transactions.raw</td><td>cardToken</td><td>eventTime</td></tr>
 *   <tr><td>{@link #label}</td><td>transactions.labels</td><td>cardToken</td><td>labelTime</td></tr>
 *   <tr><td>{@link #merchant}</td><td>reference.merchants</td><td>merchantId</td><td>updatedAt</td></tr>
 *   <tr><td>{@link #card}</td><td>reference.cards</td><td>cardToken</td><td>updatedAt</td></tr>
 *   <tr><td>{@link #deadLetter}</td><td>transactions.dlq</td><td>given bytes</td><td>failedAt</td></tr>
 * </table>
 *
 * <p>The returned future completes with the broker's acknowledgement (acks=all, idempotent producer) or
 * exceptionally, never silently: a serialization failure, a schema-registry failure, a send that could not get
 * metadata within {@code max.block.ms} or a record not acknowledged within {@code delivery.timeout.ms} all fail it.
 * {@link #isUnavailability(Throwable)} tells "Kafka (or the registry) is unavailable, retry later" from "this record
 * is bad".
 *
 * <p>Producer settings: {@code acks=all} and {@code enable.idempotence=true} are enforced (configuring anything
 * else is an error); {@code linger.ms=5}, {@code batch.size=262144} and {@code compression.type=lz4} are defaults
 * for throughput; every other key passes through to {@link KafkaProducer}. Key and value serializers are set here.
 *
 * <p>Thread-safe. Metrics (when a {@link MeterRegistry} is given): {@code fraudstream.ingest.publish} counter tagged
 * {@code topic} and {@code outcome} (acked, failed), and the {@code fraudstream.ingest.publish.latency} timer.
 */
public final class IngestPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPublisher.class);

    /** Defaults applied unless the caller sets the key. */
    public static final Map<String, Object> THROUGHPUT_DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    private final TopicCatalogue catalogue;
    private final Producer<byte[], byte[]> producer;
    private final MeterRegistry meters;
    private final Map<String, Counter[]> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Timer latency;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicLong lastAckMillis = new AtomicLong();
    private final AtomicLong lastUnavailableMillis = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Back-pressure: at most {@value #MAX_UNACKNOWLEDGED} records sent but not yet acknowledged. A bulk run (replay,
     * generator) then waits in {@code send} instead of piling records into the producer's buffer, where their
     * {@code delivery.timeout.ms} would run out while a busy broker works through the backlog.
     */
    public static final int MAX_UNACKNOWLEDGED = 10_000;

    private final java.util.concurrent.Semaphore unacknowledged =
            new java.util.concurrent.Semaphore(MAX_UNACKNOWLEDGED);
    private final long maxBlockMillis;

    /** A publisher without metrics. */
    public IngestPublisher(TopicCatalogue catalogue, Properties producerProps) {
        this(catalogue, producerProps, null);
    }

    /**
     * @param catalogue     topics and serdes
     * @param producerProps producer settings ({@code bootstrap.servers} at least); see class doc for enforced keys
     * @param meters        where to count sends, or {@code null}
     * @throws IllegalArgumentException if the props ask for acks other than all or disable idempotence
     */
    public IngestPublisher(TopicCatalogue catalogue, Properties producerProps, MeterRegistry meters) {
        this(catalogue, toMap(producerProps), meters);
    }

    /** As {@link #IngestPublisher(TopicCatalogue, Properties, MeterRegistry)} with a map (e.g. {@code RuntimeConfig.producerProps()}). */
    public IngestPublisher(TopicCatalogue catalogue, Map<String, ?> producerProps, MeterRegistry meters) {
        this(
                catalogue,
                new KafkaProducer<>(
                        producerConfig(producerProps), new ByteArraySerializer(), new ByteArraySerializer()),
                meters,
                maxBlockMillis(producerProps));
    }

    /** Over an existing producer (tests: {@code MockProducer}); the publisher closes it. */
    public IngestPublisher(TopicCatalogue catalogue, Producer<byte[], byte[]> producer, MeterRegistry meters) {
        this(catalogue, producer, meters, 60_000L);
    }

    private IngestPublisher(
            TopicCatalogue catalogue, Producer<byte[], byte[]> producer, MeterRegistry meters, long maxBlockMillis) {
        this.maxBlockMillis = maxBlockMillis;
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.meters = meters;
        this.latency = meters == null
                ? null
                : Timer.builder("fraudstream.ingest.publish.latency")
                        .description("Time from send to broker acknowledgement")
                        .publishPercentileHistogram(false)
                        .register(meters);
        if (meters != null) {
            meters.gauge("fraudstream.ingest.kafka.reachable", reachable, r -> r.get() ? 1 : 0);
        }
    }

    /**
     * The producer configuration actually used for {@code props}: throughput defaults, enforced durability keys,
     * byte-array serializers. Public so that services can log it and tests can check it.
     *
     * @throws IllegalArgumentException if {@code acks} is set to anything but all/-1 or idempotence is disabled
     */
    public static Map<String, Object> producerConfig(Map<String, ?> props) {
        Map<String, Object> cfg = new HashMap<>(THROUGHPUT_DEFAULTS);
        cfg.putAll(props);
        Object acks = cfg.get(ProducerConfig.ACKS_CONFIG);
        if (acks != null
                && !Objects.equals(String.valueOf(acks).trim().toLowerCase(Locale.ROOT), "all")
                && !Objects.equals(String.valueOf(acks).trim(), "-1")) {
            throw new IllegalArgumentException(
                    "ingest needs acks=all (was " + acks + "): an accepted record must survive a broker loss");
        }
        Object idem = cfg.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (idem != null && !Boolean.parseBoolean(String.valueOf(idem).trim())) {
            throw new IllegalArgumentException(
                    "ingest needs enable.idempotence=true: producer retries must not duplicate records");
        }
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        cfg.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        cfg.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return cfg;
    }

    private static Map<String, Object> toMap(Properties p) {
        Map<String, Object> m = new HashMap<>();
        Objects.requireNonNull(p, "producerProps").forEach((k, v) -> m.put(String.valueOf(k), v));
        return m;
    }

    /** Sends a transaction to transactions.raw, keyed by card token, timestamped with its event time. */
    public CompletableFuture<RecordMetadata> transaction(Transaction t) {
        return send(catalogue.transactionsRaw(), t, Transaction::getCardToken, Transaction::getEventTime);
    }

    /** Sends a label to transactions.labels, keyed by card token, timestamped with its label time. */
    public CompletableFuture<RecordMetadata> label(FraudLabel l) {
        return send(catalogue.transactionsLabels(), l, FraudLabel::getCardToken, FraudLabel::getLabelTime);
    }

    /** Sends a merchant profile to reference.merchants, keyed by merchant id, timestamped with updatedAt. */
    public CompletableFuture<RecordMetadata> merchant(MerchantProfile m) {
        return send(catalogue.referenceMerchants(), m, MerchantProfile::getMerchantId, MerchantProfile::getUpdatedAt);
    }

    /** Sends a card profile to reference.cards, keyed by card token, timestamped with updatedAt. */
    public CompletableFuture<RecordMetadata> card(CardProfile c) {
        return send(catalogue.referenceCards(), c, CardProfile::getCardToken, CardProfile::getUpdatedAt);
    }

    /** Sends a dead letter to transactions.dlq with the original key bytes (may be null), timestamped with failedAt. */
    public CompletableFuture<RecordMetadata> deadLetter(byte[] key, DeadLetter d) {
        TopicSpec<byte[], DeadLetter> spec = catalogue.transactionsDlq();
        return sendRaw(spec, key, d, DeadLetter::getFailedAt);
    }

    private <V> CompletableFuture<RecordMetadata> send(
            TopicSpec<String, V> spec, V value, Function<V, CharSequence> key, Function<V, Instant> time) {
        Objects.requireNonNull(value, "value");
        byte[] k;
        try {
            CharSequence ks = key.apply(value);
            k = spec.keySerde().serializer().serialize(spec.name(), ks == null ? null : ks.toString());
        } catch (RuntimeException e) {
            return failed(spec, e);
        }
        return sendRaw(spec, k, value, time);
    }

    private <K, V> CompletableFuture<RecordMetadata> sendRaw(
            TopicSpec<K, V> spec, byte[] key, V value, Function<V, Instant> time) {
        Objects.requireNonNull(value, "value");
        if (closed.get()) {
            return failed(spec, new IllegalStateException("publisher is closed"));
        }
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        if (!awaitCapacity()) {
            return failed(
                    spec,
                    new org.apache.kafka.common.errors.TimeoutException(
                            "more than " + MAX_UNACKNOWLEDGED + " records unacknowledged for " + maxBlockMillis
                                    + " ms (max.block.ms): Kafka is not keeping up"));
        }
        long start = System.nanoTime();
        try {
            byte[] v = spec.valueSerde().serializer().serialize(spec.name(), value);
            Instant ts = time.apply(value);
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(spec.name(), null, ts == null ? null : ts.toEpochMilli(), key, v);
            TraceHeaders.put(record.headers(), TraceHeaders.PRODUCED_MS, System.currentTimeMillis());
            producer.send(record, (md, ex) -> {
                unacknowledged.release();
                if (ex == null) {
                    onAck(spec, start);
                    result.complete(md);
                } else {
                    onFailure(spec, ex);
                    result.completeExceptionally(ex);
                }
            });
        } catch (RuntimeException e) {
            // serialization, registry, max.block.ms timeout waiting for metadata, buffer exhausted, closed producer
            unacknowledged.release();
            onFailure(spec, e);
            result.completeExceptionally(e);
        }
        return result;
    }

    private boolean awaitCapacity() {
        try {
            return unacknowledged.tryAcquire(maxBlockMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long maxBlockMillis(Map<String, ?> props) {
        Object v = props.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return v == null ? 60_000L : Long.parseLong(String.valueOf(v));
    }

    private CompletableFuture<RecordMetadata> failed(TopicSpec<?, ?> spec, Throwable e) {
        onFailure(spec, e);
        return CompletableFuture.failedFuture(e);
    }

    private void onAck(TopicSpec<?, ?> spec, long startNanos) {
        lastAckMillis.set(System.currentTimeMillis());
        if (reachable.compareAndSet(false, true)) {
            LOG.info("Kafka reachable again: {} acknowledged a record", spec.name());
        }
        if (meters != null) {
            counters(spec)[0].increment();
            latency.record(Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    private void onFailure(TopicSpec<?, ?> spec, Throwable e) {
        if (isUnavailability(e)) {
            lastUnavailableMillis.set(System.currentTimeMillis());
            if (reachable.compareAndSet(true, false)) {
                LOG.warn("Kafka unavailable: send to {} failed: {}", spec.name(), DeadLetters.describe(e));
            }
        }
        if (meters != null) {
            counters(spec)[1].increment();
        }
    }

    private Counter[] counters(TopicSpec<?, ?> spec) {
        return counters.computeIfAbsent(spec.name(), n -> new Counter[] {
            Counter.builder("fraudstream.ingest.publish")
                    .tag("topic", n)
                    .tag("outcome", "acked")
                    .description("Records sent by the ingest publisher, by outcome")
                    .register(meters),
            Counter.builder("fraudstream.ingest.publish")
                    .tag("topic", n)
                    .tag("outcome", "failed")
                    .description("Records sent by the ingest publisher, by outcome")
                    .register(meters)
        });
    }

    /**
     * Whether Kafka was reachable at the last outcome: false after a send failed because the cluster (or schema
     * registry) could not be reached in time, true again after the next acknowledgement. True before any send.
     */
    public boolean isKafkaReachable() {
        return reachable.get();
    }

    /** Wall-clock millis of the last acknowledgement, 0 if none yet. */
    public long lastAckMillis() {
        return lastAckMillis.get();
    }

    /**
     * True if {@code e} (or a cause) means "the cluster or the schema registry is unavailable, the same record may
     * succeed later" rather than "this record is bad": timeouts (metadata within max.block.ms, delivery within
     * delivery.timeout.ms), other retriable Kafka errors, registry failures, a full buffer.
     */
    public static boolean isUnavailability(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CompletionException || t instanceof ExecutionException) {
                continue;
            }
            if (t instanceof TimeoutException
                    || t instanceof RetriableException
                    || t instanceof SchemaRegistryException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
            if (t instanceof KafkaException
                    && t.getMessage() != null
                    && t.getMessage().contains("Producer closed")) {
                return false;
            }
        }
        return false;
    }

    /** The catalogue this publisher sends with. */
    public TopicCatalogue catalogue() {
        return catalogue;
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and closes the producer, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            producer.close(timeout);
        }
    }

    /** Flushes and closes the producer (waits up to 30 s for outstanding records). */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
