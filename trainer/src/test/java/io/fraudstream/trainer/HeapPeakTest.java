package io.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapPeakTest {

    private static final int MIB_INT = 1024 * 1024;
    private static final long MIB = MIB_INT;
    private static final Set<String> HEAP_POOLS = Set.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen");

    private static MemoryUsage used(long mib) {
        return new MemoryUsage(0, mib * MIB, 8192 * MIB, -1);
    }

    @Test
    void shouldTakeThePeakOfTheWholeHeapInUseNotTheSumOfEachPoolsPeak() {
        AtomicLong now = new AtomicLong(50 * MIB);
        try (HeapPeak peak = new HeapPeak(HEAP_POOLS, now::get)) {
            // given a young collection with a full eden, then a later one when the old generation has grown
            peak.onCollection(Map.of(
                    "G1 Eden Space",
                    used(900),
                    "G1 Survivor Space",
                    used(20),
                    "G1 Old Gen",
                    used(100),
                    "Metaspace",
                    used(300)));
            peak.onCollection(Map.of(
                    "G1 Eden Space",
                    used(200),
                    "G1 Survivor Space",
                    used(10),
                    "G1 Old Gen",
                    used(700),
                    "Metaspace",
                    used(300)));

            // then the peak is the first snapshot, 1020 MiB (non-heap pools left out), not the sum of each pool's
            // own peak (900 + 20 + 700 = 1620 MiB, more than was ever in use at once)
            assertThat(peak.peakBytes()).isEqualTo(1020 * MIB);

            // and the heap in use now counts when it is higher than at any collection
            now.set(1500 * MIB);
            assertThat(peak.peakBytes()).isEqualTo(1500 * MIB);
        }
    }

    @Test
    void shouldWatchThisJvmsCollections() {
        try (HeapPeak peak = HeapPeak.watch()) {
            byte[][] garbage = new byte[64][];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[MIB_INT];
            }
            long held = garbage.length * MIB;
            System.gc();

            assertThat(peak.peakBytes())
                    .isGreaterThanOrEqualTo(held)
                    .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
            assertThat(garbage[garbage.length - 1]).hasSize(MIB_INT);
        }
    }
}
