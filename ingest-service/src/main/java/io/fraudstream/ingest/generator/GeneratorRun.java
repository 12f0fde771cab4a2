package io.fraudstream.ingest.generator;

import io.fraudstream.ingest.kafka.Acknowledgements;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.ingest.replay.ProgressReporter;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.MerchantProfile;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link TrafficGenerator}'s stream: first every merchant and card profile to the reference topics
 * (waiting for their acknowledgement, so that enrichment finds them), then the transactions and labels in event-time
 * order, either as fast as possible ({@link Mode#COMPRESSED}) or each when the wall clock reaches its event time
 * ({@link Mode#REAL_TIME}, for a stream that starts now).
 */
public final class GeneratorRun {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratorRun.class);

    /** How event time maps to wall-clock time. */
    public enum Mode {
        /** As fast as possible. */
        COMPRESSED,
        /** An event is produced when the wall clock reaches its event time. */
        REAL_TIME
    }

    /**
     * The outcome.
     *
     * @param transactions     transactions acknowledged
     * @param labels           labels acknowledged
     * @param profiles         merchant and card profiles acknowledged
     * @param fraudByScenario  fraudulent transactions generated, per scenario
     * @param failed           records Kafka did not acknowledge
     * @param firstFailure     the first failure, if any
     * @param elapsed          wall-clock time of the transactions and labels (profiles excluded)
     */
    public record Summary(
            long transactions,
            long labels,
            long profiles,
            Map<Scenario, Long> fraudByScenario,
            long failed,
            Optional<Throwable> firstFailure,
            Duration elapsed) {
        /** Transactions per second. */
        public double transactionsPerSecond() {
            return transactions / Math.max(elapsed.toNanos() / 1e9, 1e-9);
        }

        /** One line for people. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "produced %d transactions (fraud by scenario: %s), %d labels, %d profiles, "
                            + "failed %d; %.1f s, %,.0f tx/s",
                    transactions,
                    fraudByScenario,
                    labels,
                    profiles,
                    failed,
                    elapsed.toNanos() / 1e9,
                    transactionsPerSecond());
        }
    }

    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong profiles = new AtomicLong();
    private final Acknowledgements acks = new Acknowledgements(LOG);

    private GeneratorRun() {}

    /**
     * Publishes the whole stream (or its first {@code limit} transactions, -1 for all) and waits for every
     * acknowledgement.
     *
     * @param clockMillis the wall clock (real-time mode)
     */
    public static Summary run(
            TrafficGenerator generator,
            IngestPublisher publisher,
            Mode mode,
            long limit,
            ProgressReporter progress,
            LongSupplier clockMillis) {
        return run(generator, publisher, mode, limit, progress, clockMillis, event -> {});
    }

    /**
     * As {@link #run(TrafficGenerator, IngestPublisher, Mode, long, ProgressReporter, LongSupplier)}, showing each
     * event to {@code observer} as it is sent (for example to keep the ground truth of a demo or a test).
     */
    public static Summary run(
            TrafficGenerator generator,
            IngestPublisher publisher,
            Mode mode,
            long limit,
            ProgressReporter progress,
            LongSupplier clockMillis,
            Consumer<GeneratedEvent> observer) {
        return new GeneratorRun().publish(generator, publisher, mode, limit, progress, clockMillis, observer);
    }

    private Summary publish(
            TrafficGenerator generator,
            IngestPublisher publisher,
            Mode mode,
            long limit,
            ProgressReporter progress,
            LongSupplier clock,
            Consumer<GeneratedEvent> observer) {
        publishProfiles(generator.population(), publisher);
        Map<Scenario, Long> fraud = new EnumMap<>(Scenario.class);
        long start = System.nanoTime();
        long sent = 0;
        while (generator.hasNext() && (limit < 0 || sent < limit)) {
            GeneratedEvent event = generator.next();
            if (mode == Mode.REAL_TIME) {
                waitUntil(event.timeMillis(), clock);
            }
            observer.accept(event);
            switch (event) {
                case GeneratedEvent.TransactionEvent t -> {
                    acks.track(publisher.transaction(t.transaction()), transactions);
                    if (t.scenario() != null) {
                        fraud.merge(t.scenario(), 1L, Long::sum);
                    }
                    sent++;
                    progress.step(1);
                }
                case GeneratedEvent.LabelEvent l -> acks.track(publisher.label(l.label()), labels);
            }
        }
        publisher.flush();
        return new Summary(
                transactions.get(),
                labels.get(),
                profiles.get(),
                fraud,
                acks.failed(),
                acks.firstFailure(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void publishProfiles(Population population, IngestPublisher publisher) {
        for (MerchantProfile m : population.merchantProfiles()) {
            acks.track(publisher.merchant(m), profiles);
        }
        for (CardProfile c : population.cardProfiles()) {
            acks.track(publisher.card(c), profiles);
        }
        publisher.flush();
        LOG.info("published {} merchant and {} card profiles", population.merchantCount(), population.cardCount());
        if (acks.failed() > 0) {
            throw new CompletionException(
                    "reference profiles were not acknowledged",
                    acks.firstFailure().orElse(null));
        }
    }

    /**
     * Waits until {@code clock} reaches {@code eventMillis}. The clock may run faster than the wall clock (a demo's
     * accelerated event time), so the wait is re-checked at least every 20 ms rather than slept in one piece.
     */
    private static void waitUntil(long eventMillis, LongSupplier clock) {
        for (long wait = eventMillis - clock.getAsLong(); wait > 0; wait = eventMillis - clock.getAsLong()) {
            try {
                Thread.sleep(Math.min(wait, 20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("generator interrupted", e);
            }
        }
    }
}
