package dev.switchyard.core.routing;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How many attempts one request may make, and how long to wait before going round the candidates again.
 *
 * <p>Moving to the next candidate after a retryable failure is immediate: a different endpoint has no reason to wait.
 * Only when every candidate of the plan has been tried does the router wait, {@code base × 2^(round−1)} capped at
 * {@code max}, with full jitter (a uniform draw between zero and that), and plan again: cooled-down and broken
 * endpoints then drop out, and a lone endpoint gets its retry.
 *
 * @param maxAttempts attempts per request, all candidates and rounds together
 * @param maxRounds passes over the plan
 * @param baseBackoff the wait before the second round
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, int maxRounds, Duration baseBackoff, Duration maxBackoff) {

    /** Up to 5 attempts in up to 2 rounds, 200 ms to 2 s between rounds. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 2, Duration.ofMillis(200), Duration.ofSeconds(2));

    public RetryPolicy {
        if (maxAttempts < 1 || maxRounds < 1) {
            throw new IllegalArgumentException("maxAttempts and maxRounds must be >= 1");
        }
    }

    /** The jittered wait before round {@code round} (2 for the first retry round). */
    public Duration backoff(int round, RandomGenerator random) {
        long cap = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(20, Math.max(0, round - 2)));
        return Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1));
    }
}
