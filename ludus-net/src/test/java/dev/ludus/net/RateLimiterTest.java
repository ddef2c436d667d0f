package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void shouldAllowABurstThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(10, 3, 0);
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
        // 10 per second: one token every 100 ms.
        assertThat(limiter.tryAcquire(99_000_000L)).isFalse();
        assertThat(limiter.tryAcquire(100_000_000L)).isTrue();
        assertThat(limiter.tryAcquire(100_000_000L)).isFalse();
    }

    @Test
    void shouldNeverHoldMoreThanTheBurstAfterAnIdlePeriod() {
        RateLimiter limiter = new RateLimiter(10, 2, 0);
        long anHourLater = 3_600_000_000_000L;
        assertThat(limiter.tryAcquire(anHourLater)).isTrue();
        assertThat(limiter.tryAcquire(anHourLater)).isTrue();
        assertThat(limiter.tryAcquire(anHourLater)).isFalse();
    }

    @Test
    void shouldIgnoreAClockThatStepsBackwards() {
        RateLimiter limiter = new RateLimiter(10, 1, 1_000_000_000L);
        assertThat(limiter.tryAcquire(1_000_000_000L)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
    }
}
