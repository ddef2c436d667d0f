package dev.ludus.net;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSecond}; each message takes one.
 * Not thread-safe: one per connection, used on its event loop.
 */
final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    RateLimiter(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** @return whether a message may pass at {@code nowNanos}; takes a token when it may */
    boolean tryAcquire(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        tokens = Math.min(burst, tokens + elapsed * ratePerNano);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
