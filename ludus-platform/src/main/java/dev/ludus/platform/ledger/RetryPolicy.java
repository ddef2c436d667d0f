package dev.ludus.platform.ledger;

import java.util.random.RandomGenerator;

/**
 * Bounded retries with exponential backoff and full jitter: before retry {@code n} (from 0) wait a
 * uniformly random time in {@code [0, min(maxDelayNs, baseDelayNs * 2^n)]} (M. Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015: full jitter spreads retrying clients best).
 *
 * @param maxAttempts attempts in all, including the first, {@code >= 1}
 * @param baseDelayNs the first retry's upper bound, nanoseconds, {@code > 0}
 * @param maxDelayNs  the cap on any wait, nanoseconds, {@code >= baseDelayNs}
 */
public record RetryPolicy(int maxAttempts, long baseDelayNs, long maxDelayNs) {
    /** 6 attempts, 5 ms base, 500 ms cap: about 1 s of retrying at worst before a 503. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, 5_000_000L, 500_000_000L);

    /** @throws IllegalArgumentException when a value is out of range */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts : " + maxAttempts + " (expected: >= 1)");
        }
        if (baseDelayNs <= 0) {
            throw new IllegalArgumentException("baseDelayNs : " + baseDelayNs + " (expected: > 0)");
        }
        if (maxDelayNs < baseDelayNs) {
            throw new IllegalArgumentException("maxDelayNs : " + maxDelayNs + " (expected: >= baseDelayNs " + baseDelayNs + ")");
        }
    }

    /**
     * @param retry  the retry's number, from 0 (the wait after the first failed attempt)
     * @param random the jitter's source
     * @return the wait, nanoseconds, in {@code [0, min(maxDelayNs, baseDelayNs * 2^retry)]}
     */
    public long delayNs(int retry, RandomGenerator random) {
        long ceiling = retry >= 62 || baseDelayNs > (maxDelayNs >> Math.min(retry, 62)) ? maxDelayNs
            : Math.min(maxDelayNs, baseDelayNs << retry);
        return random.nextLong(ceiling + 1);
    }
}
