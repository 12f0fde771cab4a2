package io.fraudstream.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker's ceiling for this traffic: a plain relay in one thread, one consumer and one producer (client defaults:
 * acks=all, idempotent), bytes in and bytes out, each record to the same partition of {@code out}; at least once:
 * every commit interval the producer is flushed, then the consumer's offsets are committed.
 */
final class Relay implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private Relay(String kafka, String in, String out, String group, int commitIntervalMs) {
        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000); // as Kafka Streams
        consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.CLIENT_ID_CONFIG, group),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        consumer.subscribe(List.of(in));
        long interval = TimeUnit.MILLISECONDS.toNanos(commitIntervalMs);
        thread = Thread.ofPlatform().name("bench-relay").start(() -> {
            try {
                long nextCommit = System.nanoTime() + interval;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        producer.send(
                                new ProducerRecord<>(out, r.partition(), null, r.key(), r.value(), r.headers()),
                                (md, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                    }
                    if (System.nanoTime() >= nextCommit) {
                        producer.flush();
                        consumer.commitSync();
                        nextCommit = System.nanoTime() + interval;
                    }
                }
            } catch (WakeupException stopping) {
                // close() woke the consumer
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            } finally {
                producer.close();
                consumer.close();
            }
        });
    }

    /** Starts relaying {@code in} to {@code out} as consumer group {@code group}. */
    static Relay start(String kafka, String in, String out, String group, int commitIntervalMs) {
        return new Relay(kafka, in, out, group, commitIntervalMs);
    }

    /** Fails if the relay failed. */
    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("the relay failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
