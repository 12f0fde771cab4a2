package io.fraudstream.scoring;

import io.fraudstream.schemas.avro.ScoredTransaction;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Reads the recent-scores store ({@link ScoringTopology#RECENT_SCORES_STORE}). */
public final class RecentScores {

    private RecentScores() {
    }

    /** The latest score of {@code transactionId} stored within {@code retention} before {@code now}, if any. */
    public static Optional<ScoredTransaction> latest(ReadOnlyWindowStore<String, ScoredTransaction> store, String transactionId,
                                                     Instant now, Duration retention) {
        try (WindowStoreIterator<ScoredTransaction> it = store.backwardFetch(transactionId, now.minus(retention), now)) {
            return it.hasNext() ? Optional.of(it.next().value) : Optional.empty();
        }
    }
}
