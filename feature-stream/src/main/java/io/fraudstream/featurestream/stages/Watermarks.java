package io.fraudstream.featurestream.stages;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Event-time progress across tasks, as Flink's watermarks do it, for the merchant stage: it is keyed by merchant and
 * fed by tasks partitioned differently (the card stage's tasks, one per raw partition, and the label tasks, one per
 * label partition), so on its own it cannot know whether an earlier event is still on its way.
 *
 * <ul>
 *   <li>Each upstream task ({@link ProgressEmitter}) sends, on a wall-clock schedule and in the same transaction as its
 *       data, a watermark to <em>every</em> merchant partition ({@link #PARTITIONER}): the latest event time it has
 *       sent. Every later record of that task has an event time at least that, unless it is late.</li>
 *   <li>A task with no input for a while says it is idle; the merchant stage does not wait for idle tasks (so a
 *       partition without traffic, or the sparse label stream, does not hold back live transactions).</li>
 *   <li>The merchant stage ({@link MerchantStage}) holds transactions in an event-time-ordered store and applies them
 *       once every upstream task it knows of ({@link #upstreams}) that is not idle has passed their time.</li>
 * </ul>
 */
public final class Watermarks {

    /** Upstream kind of the card stage's tasks. */
    public static final String TRANSACTIONS = "transactions";
    /** Upstream kind of the label tasks. */
    public static final String LABELS = "labels";

    private static final StringSerializer KEYS = new StringSerializer();

    /**
     * Sends watermarks to every partition of the repartition topic, and data records to the partition of their key
     * (as Kafka Streams' default partitioner does: murmur2 of the key's UTF-8 bytes).
     */
    public static final StreamPartitioner<String, MerchantEvent> PARTITIONER = (topic, key, value, partitions) -> {
        if (value != null && value.isWatermark()) {
            return Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(KEYS.serialize(topic, key))) % partitions));
    };

    private Watermarks() {}

    /** The id of an upstream task: its kind and input partition, e.g. {@code transactions-2}. */
    public static String upstreamId(String kind, int partition) {
        return kind + "-" + partition;
    }

    /** Every upstream task the merchant stage waits for: one per raw partition and one per label partition. */
    public static Set<String> upstreams(int rawPartitions, int labelPartitions) {
        Set<String> ids = new LinkedHashSet<>();
        for (int p = 0; p < rawPartitions; p++) {
            ids.add(upstreamId(TRANSACTIONS, p));
        }
        for (int p = 0; p < labelPartitions; p++) {
            ids.add(upstreamId(LABELS, p));
        }
        return ids;
    }

    /**
     * The time up to which (inclusive) the merchant stage may apply events, from the latest watermark of each upstream
     * ({@code null}: none yet): the smallest of the non-idle ones; if all are idle, the largest (nothing more is
     * coming); {@link Long#MIN_VALUE} while any upstream has not reported yet.
     */
    public static long combined(List<MerchantEvent> latest) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        boolean anyActive = false;
        for (MerchantEvent w : latest) {
            if (w == null) {
                return Long.MIN_VALUE;
            }
            max = Math.max(max, w.time());
            if (!w.idle()) {
                anyActive = true;
                min = Math.min(min, w.time());
            }
        }
        if (latest.isEmpty()) {
            return Long.MIN_VALUE;
        }
        return anyActive ? min : max;
    }
}
