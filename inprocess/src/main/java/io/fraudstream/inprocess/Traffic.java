package io.fraudstream.inprocess;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.generator.GeneratedEvent;
import io.fraudstream.ingest.generator.GeneratorRun;
import io.fraudstream.ingest.generator.GeneratorSettings;
import io.fraudstream.ingest.generator.LabelDelays;
import io.fraudstream.ingest.generator.Scenario;
import io.fraudstream.ingest.generator.TrafficGenerator;
import io.fraudstream.ingest.replay.KafkaTarget;
import io.fraudstream.ingest.replay.ProgressReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Generated traffic with its ground truth, for the demo and the end-to-end test: a compressed history (event time
 * as fast as the broker takes it) and then live traffic whose event time runs {@code speed} times faster than the
 * wall clock, continuing the same population (same seed) where the history ended. Fraud scenarios run at
 * {@code fraudBoost} times the generator's default rates so that a short history holds enough fraud to learn from.
 */
public final class Traffic {

    /** What the generator sent: transaction and label counts and the ids of the fraudulent transactions with their scenario. */
    public static final class Truth {
        private final Map<String, String> fraudScenarios = new ConcurrentHashMap<>();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final AtomicLong transactions = new AtomicLong();
        private final AtomicLong labels = new AtomicLong();

        void observe(GeneratedEvent e) {
            switch (e) {
                case GeneratedEvent.TransactionEvent t -> {
                    transactions.incrementAndGet();
                    ids.add(t.transaction().getTransactionId());
                    if (t.scenario() != null) {
                        fraudScenarios.put(
                                t.transaction().getTransactionId(), t.scenario().label());
                    }
                }
                case GeneratedEvent.LabelEvent l -> labels.incrementAndGet();
            }
        }

        public boolean isFraud(String transactionId) {
            return fraudScenarios.containsKey(transactionId);
        }

        /** The fraud scenario (its label) transaction {@code transactionId} belongs to, or null if it is legitimate. */
        public String scenario(String transactionId) {
            return fraudScenarios.get(transactionId);
        }

        /** Ids of every transaction sent. */
        public Set<String> transactionIds() {
            return java.util.Collections.unmodifiableSet(ids);
        }

        public long transactions() {
            return transactions.get();
        }

        public long frauds() {
            return fraudScenarios.size();
        }

        public long labels() {
            return labels.get();
        }
    }

    private Traffic() {}

    /**
     * History settings: {@code cards} cards over {@code span} from {@code start}, fraud at {@code fraudBoost}x the default
     * rates, and short label delays ({@link LabelDelays#SHORT}): these histories are a few weeks long and trained on at
     * once, so with the realistic chargeback delays (7-60 days) most of their fraud would not be labelled yet.
     */
    public static GeneratorSettings settings(
            long seed, Instant start, Duration span, int cards, double txPerCardDay, double fraudBoost) {
        GeneratorSettings s = GeneratorSettings.defaults(seed, start, span)
                .withPopulation(cards, Math.max(60, cards / 10))
                .withTxPerCardPerDay(txPerCardDay)
                .withLabelDelays(LabelDelays.SHORT);
        for (Scenario sc : Scenario.values()) {
            s = s.withRate(sc, Math.min(1.0, GeneratorSettings.DEFAULT_RATES.get(sc) * fraudBoost));
        }
        return s;
    }

    /** The same population and rates, starting where {@code history} ends, for {@code span}. */
    public static GeneratorSettings continuation(GeneratorSettings history, Duration span) {
        return history.continuation(span);
    }

    /** Publishes all of {@code settings}' traffic as fast as possible (profiles first); waits for every ack. */
    public static GeneratorRun.Summary compressed(
            IngestConfig ingest, GeneratorSettings settings, Truth truth, ProgressReporter progress) {
        try (KafkaTarget kafka = KafkaTarget.open(ingest)) {
            TrafficGenerator generator = TrafficGenerator.create(settings, ingest.cardTokenizer());
            return GeneratorRun.run(
                    generator,
                    kafka.publisher(),
                    GeneratorRun.Mode.COMPRESSED,
                    -1,
                    progress,
                    System::currentTimeMillis,
                    truth::observe);
        }
    }

    /**
     * Publishes {@code settings}' traffic with event time running {@code speed} times faster than the wall clock from
     * now on, until the traffic ends or the calling thread is interrupted.
     */
    public static GeneratorRun.Summary accelerated(
            IngestConfig ingest, GeneratorSettings settings, double speed, Truth truth) {
        long wallStart = System.currentTimeMillis();
        long eventStart = settings.start().toEpochMilli();
        LongSupplier eventClock = () -> eventStart + (long) ((System.currentTimeMillis() - wallStart) * speed);
        KafkaTarget kafka = KafkaTarget.open(ingest);
        try {
            TrafficGenerator generator = TrafficGenerator.create(settings, ingest.cardTokenizer());
            return GeneratorRun.run(
                    generator,
                    kafka.publisher(),
                    GeneratorRun.Mode.REAL_TIME,
                    -1,
                    ProgressReporter.none(),
                    eventClock,
                    truth::observe);
        } finally {
            // stopped by an interrupt: close without it, so the producer delivers what it has in flight instead of
            // aborting it (a forced close fails those records); the flag is restored for the caller
            boolean interrupted = Thread.interrupted();
            try {
                kafka.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
