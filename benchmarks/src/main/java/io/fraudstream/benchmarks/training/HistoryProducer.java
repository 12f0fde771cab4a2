package io.fraudstream.benchmarks.training;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.topics.TopicSpec;
import io.fraudstream.trainer.Progress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a {@link SyntheticHistory} to the features and labels topics (keyed by card token). */
public final class HistoryProducer {

    private HistoryProducer() {}

    /** Produces every item; returns {features, labels} written. */
    public static long[] produce(
            SyntheticHistory history,
            long rows,
            Map<String, Object> producerProps,
            TopicSpec<String, TransactionFeatures> features,
            TopicSpec<String, FraudLabel> labels,
            Progress progress) {
        Map<String, Object> props = new HashMap<>(producerProps);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        long[] counts = new long[2];
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, TransactionFeatures> fp = new KafkaProducer<>(
                        props,
                        features.keySerde().serializer(),
                        features.valueSerde().serializer());
                KafkaProducer<String, FraudLabel> lp = new KafkaProducer<>(
                        props,
                        labels.keySerde().serializer(),
                        labels.valueSerde().serializer());
                Progress.Task task = progress.start("producing " + features.name(), rows)) {
            history.generate(item -> {
                String card = item.features().getTransaction().getCardToken();
                fp.send(new ProducerRecord<>(features.name(), card, item.features()), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                counts[0]++;
                item.label().ifPresent(l -> {
                    lp.send(new ProducerRecord<>(labels.name(), card, l), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    counts[1]++;
                });
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            "producing the benchmark history failed: " + failure.get(), failure.get());
                }
                task.step();
            });
            fp.flush();
            lp.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the benchmark history failed: " + failure.get(), failure.get());
        }
        return counts;
    }
}
