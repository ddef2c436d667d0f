package dev.ludus.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {

    @Test
    void shouldFollowRfc6298() {
        RttEstimator rtt = new RttEstimator();
        assertThat(rtt.smoothedMillis()).isNaN();
        rtt.sample(100);
        assertThat(rtt.smoothedMillis()).isEqualTo(100);
        assertThat(rtt.jitterMillis()).isEqualTo(50);
        rtt.sample(200);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
        assertThat(rtt.jitterMillis()).isEqualTo(62.5);
        assertThat(rtt.smoothedMillis()).isEqualTo(112.5);
    }

    @Test
    void shouldSettleOnASteadyLinkAndIgnoreImpossibleSamples() {
        RttEstimator rtt = new RttEstimator();
        for (int i = 0; i < 200; i++) {
            rtt.sample(40);
        }
        rtt.sample(-5);
        rtt.sample(Double.NaN);
        assertThat(rtt.smoothedMillis()).isCloseTo(40, within(1e-6));
        assertThat(rtt.jitterMillis()).isCloseTo(0, within(1e-6));
    }
}
