package io.fraudstream.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends test records and waits until the broker acknowledged every one of them. A test that only calls
 * {@code send} and {@code flush} loses the records whose delivery failed (a batch that expired, a partition without a
 * leader) without a word, and later blames the application under test for missing output.
 */
public final class Acknowledged {

    private Acknowledged() {}

    /** Sends {@code records} in order, then fails naming the first error if any of them was not acknowledged. */
    public static <K, V> List<RecordMetadata> send(Producer<K, V> producer, List<ProducerRecord<K, V>> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (ProducerRecord<K, V> r : records) {
            futures.add(producer.send(r));
        }
        producer.flush();
        List<RecordMetadata> acknowledged = new ArrayList<>(records.size());
        int failed = 0;
        Throwable first = null;
        for (Future<RecordMetadata> f : futures) {
            try {
                acknowledged.add(f.get());
            } catch (ExecutionException e) {
                failed++;
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for acknowledgements", e);
            }
        }
        if (failed > 0) {
            throw new AssertionError(
                    failed + " of " + records.size()
                            + " test records were not acknowledged by the broker; first error: " + first,
                    first);
        }
        return acknowledged;
    }
}
