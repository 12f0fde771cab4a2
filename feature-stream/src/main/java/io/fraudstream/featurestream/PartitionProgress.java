package io.fraudstream.featurestream;

import io.fraudstream.featurestream.stages.InputProgress;
import io.fraudstream.runtime.streams.ClientConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InputProgress} from the broker: a consumer of its own (no group membership; read_committed) compares the
 * application's committed offset of a partition (everything its task processed, in committed transactions) with the
 * partition's last stable offset, and when records or transaction markers lie between, reads from the committed offset
 * to see whether any record is there. Shared by the stream threads of one instance (synchronized); called only for
 * tasks that had no input for a while, so it costs nothing while data flows. Any failure answers "not caught up": the
 * merchant stage then waits, which is never wrong. Public for applications that compose the feature topology (the
 * one-hop application).
 */
public final class PartitionProgress implements InputProgress, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionProgress.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param streamsProps the application's Kafka Streams properties (bootstrap servers, security, application id) */
    public PartitionProgress(Map<String, Object> streamsProps) {
        Map<String, Object> c = ClientConfigs.consumer(streamsProps);
        // the group id only reads the application's committed offsets: this consumer never subscribes
        c.put(ConsumerConfig.GROUP_ID_CONFIG, streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG));
        c.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-input-progress");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized boolean caughtUp(TopicPartition partition) {
        try {
            long position = committed(partition);
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).getOrDefault(partition, 0L);
            if (position >= end) {
                return true;
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, position);
            boolean records =
                    !consumer.poll(Duration.ofMillis(200)).records(partition).isEmpty();
            return !records && consumer.position(partition, TIMEOUT) >= end; // only transaction markers were left
        } catch (KafkaException e) {
            log.debug("cannot tell whether {} is read to its end: {}", partition, e.toString());
            return false;
        } finally {
            consumer.unsubscribe();
        }
    }

    private long committed(TopicPartition partition) {
        OffsetAndMetadata o = consumer.committed(Set.of(partition), TIMEOUT).get(partition);
        return o == null ? 0 : o.offset();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
