package io.fraudstream.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the phases of a run and measures peak memory: the heap in use from its creation to {@link #close()}
 * ({@link HeapPeak}), and the process's resident peak on Linux.
 */
public final class Phases implements AutoCloseable {

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final HeapPeak heap = HeapPeak.watch();

    /** Runs {@code work} as phase {@code name}, adding its wall time. */
    public <T> T time(String name, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            seconds.merge(name, (System.nanoTime() - start) / 1e9, Double::sum);
        }
    }

    /** Runs {@code work} as phase {@code name}. */
    public void run(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    /** Seconds per phase, in order of first use. */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }

    /** The peak of the heap in use since this was created, in bytes. */
    public long peakHeapBytes() {
        return heap.peakBytes();
    }

    /** The process's peak resident set size in bytes (VmHWM, Linux; includes native memory such as XGBoost's), or -1. */
    public static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Stops watching the heap. */
    @Override
    public void close() {
        heap.close();
    }
}
