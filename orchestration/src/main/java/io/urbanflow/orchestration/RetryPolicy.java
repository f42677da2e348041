package io.urbanflow.orchestration;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and when a failed task is tried again: up to {@code retries} more attempts, the n-th after
 * {@code backoff × 2^(n-1)} (at most {@code maxBackoff}), of which a random half is jitter so that tasks failing
 * together do not retry together. Immutable.
 */
public record RetryPolicy(int retries, Duration backoff, Duration maxBackoff) {
    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("Cannot retry " + retries + " times: expected 0 or more");
        }
        if (backoff == null || backoff.isNegative() || maxBackoff == null || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("Cannot back off " + backoff + " up to " + maxBackoff + ": expected 0 <= backoff <= max");
        }
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
    }

    public int maxAttempts() {
        return retries + 1;
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}: the exponential delay, its upper half drawn at random.
     *
     * @param failedAttempt 1 for the first attempt
     */
    public Duration delayAfter(int failedAttempt, RandomGenerator random) {
        long base = backoff.toMillis();
        long exponential = base << Math.min(30, Math.max(0, failedAttempt - 1));
        long capped = Math.min(exponential < 0 ? Long.MAX_VALUE : exponential, maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
