package io.fraudstream.ingest.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of a replay. Invariant when nothing failed: {@code read == produced + rejected + skipped}; {@code failed}
 * counts records (transactions, labels, dead letters) Kafka did not acknowledge, and the replay then ends with an
 * error.
 *
 * @param read           data rows read from the source
 * @param produced       transactions acknowledged by Kafka
 * @param rejected       rows that could not be mapped (each sent to the DLQ)
 * @param skipped        rows mapped but outside --from/--to or beyond --limit
 * @param labelsProduced labels acknowledged by Kafka
 * @param failed         records (transactions, labels, dead letters) Kafka did not acknowledge
 * @param firstFailure   the first send failure, if any
 * @param elapsed        wall-clock duration of the whole run
 */
public record ReplaySummary(
        long read,
        long produced,
        long rejected,
        long skipped,
        long labelsProduced,
        long failed,
        Optional<Throwable> firstFailure,
        Duration elapsed) {

    /** Transactions per second over the whole run (reading, sorting and producing). */
    public double transactionsPerSecond() {
        return produced / Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }

    /** One line for people. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "read %d, produced %d, rejected %d (to the DLQ), skipped %d (outside --from/--to or beyond --limit), "
                        + "labels produced %d, failed %d; %.1f s, %,.0f tx/s",
                read,
                produced,
                rejected,
                skipped,
                labelsProduced,
                failed,
                elapsed.toNanos() / 1e9,
                transactionsPerSecond());
    }
}
