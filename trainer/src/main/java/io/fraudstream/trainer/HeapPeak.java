package io.fraudstream.trainer;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak of the heap in use while it watches, from GC notifications.
 *
 * <p>Why this way: between two collections the heap in use only grows (allocation), and only a collection makes it
 * shrink, so its peak is reached just before some collection, or is the current use. Each GC notification carries
 * the usage of every pool at the start of that collection, a consistent snapshot: the sum over the heap pools is the
 * whole heap in use at that instant. The peak is the highest such sum, or the current use if higher. The sum of each
 * heap pool's own peak ({@link MemoryPoolMXBean#getPeakUsage()}) is not: the young pools peak just before a young
 * collection and the old pool later, so their peaks add up to more than was ever in use, even more than
 * {@code -Xmx}. Sampling on a timer would miss the peaks between samples. Concurrent collectors (ZGC, Shenandoah)
 * report their cycles too, but the application allocates during a cycle, so for them the figure is a close lower
 * bound.
 */
final class HeapPeak implements AutoCloseable {

    private final Set<String> heapPools;
    private final LongSupplier currentUse;
    private final AtomicLong peakBeforeGc = new AtomicLong();
    private final List<Runnable> unsubscribe = new ArrayList<>();

    /**
     * @param heapPools  names of the heap memory pools
     * @param currentUse the heap in use now, in bytes
     */
    HeapPeak(Set<String> heapPools, LongSupplier currentUse) {
        this.heapPools = Set.copyOf(heapPools);
        this.currentUse = Objects.requireNonNull(currentUse, "currentUse");
    }

    /** Watches this JVM's heap from now on, until {@link #close()}. */
    static HeapPeak watch() {
        Set<String> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        HeapPeak peak = new HeapPeak(
                pools,
                () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        NotificationListener listener = (notification, handback) -> peak.onNotification(notification);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                peak.unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
        return peak;
    }

    private void onNotification(Notification n) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            onCollection(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                    .getGcInfo()
                    .getMemoryUsageBeforeGc());
        }
    }

    /** Takes a collection into account: {@code beforeGc} is the usage of every memory pool at its start. */
    void onCollection(Map<String, MemoryUsage> beforeGc) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : beforeGc.entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        peakBeforeGc.accumulateAndGet(used, Math::max);
    }

    /** The peak heap in use since watching started, in bytes. */
    long peakBytes() {
        return Math.max(peakBeforeGc.get(), currentUse.getAsLong());
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
    }
}
