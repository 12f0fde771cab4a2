package io.fraudstream.schemas.registry;

import java.time.Duration;

/**
 * Exponential backoff between attempts of one registry call: {@code initialBackoff * 2^(retry-1)}, capped at
 * {@code maxBackoff}.
 *
 * @param maxRetries     retries after the first attempt (0 means a single attempt)
 * @param initialBackoff wait before the first retry
 * @param maxBackoff     longest wait between two attempts
 */
record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
        }
    }

    /** Total attempts, first included. */
    int attempts() {
        return maxRetries + 1;
    }

    /** Wait before retry number {@code retry} (1-based). */
    Duration backoff(int retry) {
        long initial = initialBackoff.toMillis();
        int shift = Math.min(retry - 1, 30);
        long millis = initial > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : initial << shift;
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
