package io.fraudstream.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes benchmark records to a topic, as fast as possible or on a fixed schedule ({@link #send}), or the same in a
 * thread of its own ({@link #start}); closing it stops and joins the thread.
 */
final class PacedProducer implements AutoCloseable {

    private final Thread thread;
    private volatile RuntimeException failure;

    private PacedProducer(
            String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
        thread = Thread.ofPlatform().name("bench-paced-producer").daemon().start(() -> {
            try {
                send(kafka, topic, records, rate, appendTimes);
            } catch (RuntimeException e) {
                failure = e;
            }
        });
    }

    /** {@link #send} in a thread of its own. */
    static PacedProducer start(
            String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
        return new PacedProducer(kafka, topic, records, rate, appendTimes);
    }

    /**
     * Sends {@code records} to {@code topic} and waits for every acknowledgement: as fast as possible when
     * {@code rate} is 0, else record {@code i} at {@code start + i / rate}. Records each broker append time by
     * transaction id into {@code appendTimes} when given. Stops early, without error, when interrupted.
     */
    static void send(String kafka, String topic, List<RawRecord> records, int rate, Map<String, Long> appendTimes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? 20 : 0);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size() && !Thread.interrupted(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * (1e9 / rate));
                    for (long now = System.nanoTime();
                            now < due && !Thread.currentThread().isInterrupted();
                            now = System.nanoTime()) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                RawRecord r = records.get(i);
                producer.send(new ProducerRecord<>(topic, null, r.eventTime(), r.key(), r.value()), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else if (appendTimes != null) {
                        appendTimes.put(r.id(), md.timestamp());
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed", failure.get());
        }
    }

    /** Whether it is still sending (or waiting for acknowledgements). */
    boolean running() {
        return thread.isAlive();
    }

    /** Waits until every record is acknowledged; rethrows a failure. */
    void await() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
