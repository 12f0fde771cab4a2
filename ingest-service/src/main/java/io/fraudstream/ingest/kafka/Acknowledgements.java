package io.fraudstream.ingest.kafka;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * The outcomes of the records a bulk producer (the generator, the replay) sends through the {@link IngestPublisher}
 * without waiting for each: every acknowledgement is counted in the counter of its kind, every failure in
 * {@link #failed()}, and the first failure is kept and logged. Thread-safe: sends complete on the producer's thread.
 */
public final class Acknowledgements {

    private final Logger log;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    /** @param log where the first failure is logged (the producer's own logger) */
    public Acknowledgements(Logger log) {
        this.log = log;
    }

    /** Counts {@code send} when it completes: in {@code acked} if Kafka acknowledged it, as a failure if not. */
    public void track(CompletableFuture<?> send, AtomicLong acked) {
        send.whenComplete((metadata, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (firstFailure.compareAndSet(null, e)) {
                    log.error("Kafka did not acknowledge a record: {}", e.toString());
                }
            }
        });
    }

    /** The records Kafka did not acknowledge so far. */
    public long failed() {
        return failed.get();
    }

    /** The first failure, if any. */
    public Optional<Throwable> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }
}
