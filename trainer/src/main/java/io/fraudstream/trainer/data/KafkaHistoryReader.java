package io.fraudstream.trainer.data;

import io.fraudstream.trainer.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from the beginning up to the end offsets seen when reading starts, then stops: a batch job sees a
 * fixed snapshot even while producers keep writing. No consumer group (partitions are assigned, nothing is committed).
 *
 * <p>Values are decoded one by one, so a record that cannot be decoded is counted in {@link Result#undecodable()}
 * (and logged with its partition and offset) instead of stopping the read.
 */
public final class KafkaHistoryReader {

    private static final Logger log = LoggerFactory.getLogger(KafkaHistoryReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_LOGGED_FAILURES = 10;

    private final Map<String, Object> consumerProps;
    private final Progress progress;
    private final Duration timeout;

    /**
     * @param consumerProps Kafka consumer settings (bootstrap servers and any pass-through keys); deserializers,
     *                      group and commit settings are set here
     * @param progress      how progress is shown
     * @param timeout       how long reading may go without any progress before it fails
     */
    public KafkaHistoryReader(Map<String, Object> consumerProps, Progress progress, Duration timeout) {
        this.consumerProps = Map.copyOf(consumerProps);
        this.progress = Objects.requireNonNull(progress, "progress");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * What one read saw.
     *
     * @param topic       the topic
     * @param records     records read (decoded or not)
     * @param undecodable records whose value could not be decoded (skipped)
     * @param endOffsets  the end offsets read up to, per partition
     */
    public record Result(String topic, long records, long undecodable, Map<Integer, Long> endOffsets) {}

    /** Reads every record of {@code topic} present at start and hands each decoded, non-null value to {@code sink}. */
    public <V> Result read(String topic, Deserializer<V> values, Consumer<? super V> sink) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, timeout);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new IllegalStateException(
                        "could not reach Kafka at " + consumerProps.get("bootstrap.servers") + " to read " + topic
                                + " within " + timeout + ": is the broker running?",
                        e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (or has no partitions)");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = partitions.stream()
                    .mapToLong(tp -> end.get(tp) - begin.get(tp))
                    .sum();
            Map<TopicPartition, Long> remaining = new HashMap<>();
            partitions.stream().filter(tp -> end.get(tp) > begin.get(tp)).forEach(tp -> remaining.put(tp, end.get(tp)));
            consumer.pause(
                    partitions.stream().filter(tp -> !remaining.containsKey(tp)).toList());

            long read = 0;
            long undecodable = 0;
            long lastProgress = System.nanoTime();
            try (Progress.Task task = progress.start("reading " + topic, total)) {
                while (!remaining.isEmpty()) {
                    var batch = consumer.poll(POLL);
                    if (!batch.isEmpty()) {
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                        throw new IllegalStateException("no progress reading " + topic + " for " + timeout + " with "
                                + (total - read) + " records still to read: is the broker reachable?");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Long stop = remaining.get(tp);
                        if (stop == null || r.offset() >= stop) {
                            continue;
                        }
                        read++;
                        if (!decode(values, r, sink, undecodable < MAX_LOGGED_FAILURES)) {
                            undecodable++;
                        }
                        if (r.offset() + 1 >= stop) {
                            remaining.remove(tp);
                            consumer.pause(List.of(tp));
                        }
                    }
                    task.stepTo(read);
                    // a partition whose last offsets are transaction markers or compacted away is done at its position
                    for (TopicPartition tp : List.copyOf(remaining.keySet())) {
                        if (consumer.position(tp) >= remaining.get(tp)) {
                            remaining.remove(tp);
                            consumer.pause(List.of(tp));
                        }
                    }
                }
            }
            if (undecodable > 0) {
                log.warn("{}: {} of {} records could not be decoded and were skipped", topic, undecodable, read);
            }
            Map<Integer, Long> ends = new java.util.TreeMap<>();
            end.forEach((tp, o) -> ends.put(tp.partition(), o));
            return new Result(topic, read, undecodable, ends);
        }
    }

    private static <V> boolean decode(
            Deserializer<V> values, ConsumerRecord<byte[], byte[]> r, Consumer<? super V> sink, boolean logFailure) {
        V value;
        try {
            value = values.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            if (logFailure)
                log.atWarn()
                        .setMessage("{}-{}@{}: undecodable value skipped: {}")
                        .addArgument(r.topic())
                        .addArgument(r.partition())
                        .addArgument(r.offset())
                        .addArgument(e.getMessage())
                        .log();
            return false;
        }
        if (value != null) {
            sink.accept(value);
        }
        return true;
    }
}
