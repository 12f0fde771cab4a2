package io.fraudstream.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Samples a lag every {@code interval} (the first one interval after the start, so the ramp from an empty pipeline to
 * its steady commit-to-commit lag is not taken for growth) while {@code active} holds, into a {@link LagSeries}.
 * A failed sample is counted and skipped. Closing it stops sampling.
 */
final class LagSampler implements AutoCloseable {

    /** The quantity sampled, e.g. the summed lag of a run's Kafka Streams applications. */
    @FunctionalInterface
    interface Probe {
        long lag() throws Exception;
    }

    private final LagSeries series = new LagSeries();
    private final AtomicInteger failures = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("bench-lag-sampler").daemon().unstarted(r));

    private LagSampler(Duration interval, Probe probe, BooleanSupplier active) {
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(
                () -> {
                    if (!active.getAsBoolean()) {
                        return;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    try {
                        series.add(seconds, probe.lag());
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static LagSampler start(Duration interval, Probe probe, BooleanSupplier active) {
        return new LagSampler(interval, probe, active);
    }

    LagSeries series() {
        return series;
    }

    /** Samples that failed (left out of the series). */
    int failures() {
        return failures.get();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
