package io.fraudstream.featurestream.stages;

import io.fraudstream.features.state.MerchantHistory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The contract of {@code features.merchant-state}, the merchant state the merchant stage ({@link MerchantStage})
 * publishes and every card task reads as a global store ({@link MerchantLookup}).
 *
 * <p>Keys: {@code 'M'} and the merchant id (UTF-8): the merchant's {@link MerchantHistory}; {@code 'T'}, the merchant
 * id, the byte {@code 0xFF} (never in UTF-8) and the terminal id: the terminal's history; {@code 'W'} and a merchant
 * partition (4 bytes): that partition's watermark (8 bytes), the event time before which every transaction and label
 * of the partition's merchants has been applied and published. A null value deletes a history (purged).
 *
 * <p>Order: a merchant stage task publishes the histories it changed, then its watermark, all to one partition of the
 * topic ({@link #partitioner}); the global store applies a partition's records in offset order, so once a reader sees
 * watermark W of a merchant's partition, the store holds that merchant's history with every event before W. A
 * history may also hold later events: snapshots taken as of an anchor ignore them
 * ({@link MerchantHistory#snapshot(long, long)}).
 */
public final class MerchantState {

    private static final byte MERCHANT = 'M';
    private static final byte TERMINAL = 'T';
    private static final byte WATERMARK = 'W';
    private static final byte TERMINAL_SEPARATOR = (byte) 0xFF;

    private MerchantState() {}

    /** The key of merchant {@code merchantId}'s history. */
    public static Bytes merchantKey(String merchantId) {
        byte[] m = merchantId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + m.length).put(MERCHANT).put(m).array());
    }

    /** The key of the history of terminal {@code terminalId} of merchant {@code merchantId}. */
    public static Bytes terminalKey(String merchantId, String terminalId) {
        byte[] m = merchantId.getBytes(StandardCharsets.UTF_8);
        byte[] t = terminalId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + m.length + 1 + t.length)
                .put(TERMINAL)
                .put(m)
                .put(TERMINAL_SEPARATOR)
                .put(t)
                .array());
    }

    /** The key of merchant partition {@code partition}'s watermark. */
    public static Bytes watermarkKey(int partition) {
        return Bytes.wrap(
                ByteBuffer.allocate(5).put(WATERMARK).putInt(partition).array());
    }

    /** A watermark value. */
    public static byte[] watermarkValue(long watermark) {
        return ByteBuffer.allocate(8).putLong(watermark).array();
    }

    /**
     * The merchant partition of {@code merchantId}: the partition of the merchant repartition topics its events go to
     * (Kafka's default: murmur2 of the key's UTF-8 bytes, as {@link Watermarks#PARTITIONER}), so the merchant stage task
     * that owns it.
     */
    public static int merchantPartition(String merchantId, int merchantPartitions) {
        return Utils.toPositive(Utils.murmur2(merchantId.getBytes(StandardCharsets.UTF_8))) % merchantPartitions;
    }

    /**
     * Sends each record to the topic partition of its merchant partition (modulo the topic's partitions): a merchant
     * stage task's histories and watermark share one partition, so they are read in the order they were written.
     */
    public static StreamPartitioner<Bytes, byte[]> partitioner(int merchantPartitions) {
        return (topic, key, value, partitions) ->
                Optional.of(Set.of(merchantPartitionOf(key, merchantPartitions) % partitions));
    }

    private static int merchantPartitionOf(Bytes key, int merchantPartitions) {
        byte[] k = key.get();
        if (k[0] == WATERMARK) {
            return ByteBuffer.wrap(k, 1, 4).getInt();
        }
        int end = k.length;
        if (k[0] == TERMINAL) {
            for (int i = 1; i < k.length; i++) {
                if (k[i] == TERMINAL_SEPARATOR) {
                    end = i;
                    break;
                }
            }
        }
        return Utils.toPositive(Utils.murmur2(Arrays.copyOfRange(k, 1, end))) % merchantPartitions;
    }

    /**
     * What a card task reads: the published state in the global store. Keeps the histories it decoded, each with the
     * bytes it was decoded from: the in-memory global store returns the array it holds, so a history is decoded again
     * only once a newer one is published. One per task (not thread-safe).
     */
    public static final class View {
        private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
        private final Map<Bytes, Decoded> decoded = MerchantStage.lruMap(MerchantStage.DECODED_CACHE_ENTRIES);

        private record Decoded(byte[] from, MerchantHistory history) {}

        /** @param store the global store of {@code features.merchant-state} */
        public View(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
            this.store = store;
        }

        /** The watermark of merchant partition {@code partition}, empty until its merchant stage task published one. */
        public OptionalLong watermark(int partition) {
            byte[] w = store.get(watermarkKey(partition));
            return w == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(ByteBuffer.wrap(w).getLong());
        }

        /** The published history of {@code merchantId} (empty if none). Read only: it may be shared. */
        public MerchantHistory merchant(String merchantId) {
            return history(merchantKey(merchantId));
        }

        /** The published history of terminal {@code terminalId} of {@code merchantId} (empty if none). Read only. */
        public MerchantHistory terminal(String merchantId, String terminalId) {
            return history(terminalKey(merchantId, terminalId));
        }

        private MerchantHistory history(Bytes key) {
            byte[] h = store.get(key);
            if (h == null) {
                return MerchantHistory.empty();
            }
            Decoded d = decoded.get(key);
            if (d == null || d.from() != h) {
                d = new Decoded(h, MerchantHistory.decode(h));
                decoded.put(key, d);
            }
            return d.history();
        }
    }
}
