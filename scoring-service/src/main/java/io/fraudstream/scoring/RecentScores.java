package io.fraudstream.scoring;

import io.fraudstream.schemas.avro.ScoredTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads the recent-scores store ({@link ScoringTopology#RECENT_SCORES_STORE}), whose values are the bytes the
 * scoring processor wrote to {@code transactions.scored}.
 *
 * @param deserializer the transactions.scored value deserializer
 * @param scoredTopic  the transactions.scored topic name (the registry subject the bytes were written under)
 * @param retention    how long scores are kept
 */
public record RecentScores(Deserializer<ScoredTransaction> deserializer, String scoredTopic, Duration retention) {

    /** The latest score of {@code transactionId} stored within the retention before {@code now}, if any. */
    public Optional<ScoredTransaction> latest(
            ReadOnlyWindowStore<String, byte[]> store, String transactionId, Instant now) {
        try (WindowStoreIterator<byte[]> it = store.backwardFetch(transactionId, now.minus(retention), now)) {
            return it.hasNext()
                    ? Optional.of(deserializer.deserialize(scoredTopic, it.next().value))
                    : Optional.empty();
        }
    }
}
