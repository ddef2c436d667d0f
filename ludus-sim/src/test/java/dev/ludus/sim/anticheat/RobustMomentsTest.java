package dev.ludus.sim.anticheat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RobustMomentsTest {

    @Test
    void shouldCentreOnTheMedianWhenMostPlayersHaveEvents() {
        RobustMoments moments = new RobustMoments();
        for (double rate : new double[] {0.2, 0.3, 0.4, 0.5, 0.9}) {
            moments.add(rate, 100);
        }
        moments.compute();
        assertThat(moments.median()).isEqualTo(0.4);
        assertThat(moments.standardDeviation()).isCloseTo(0.1 * RobustMoments.MAD_TO_SD, within(1e-12));
    }

    @Test
    void shouldCentreRareEventsOnTheWinsorizedMeanNotOnZero() {
        RobustMoments moments = new RobustMoments();
        // 60 players without a snap yet, 39 with 10 %, and one aimbot at 90 %.
        for (int i = 0; i < 60; i++) {
            moments.add(0, 40);
        }
        for (int i = 0; i < 39; i++) {
            moments.add(0.1, 40);
        }
        moments.add(0.9, 40);
        moments.compute();
        // The aimbot is capped at the 95th percentile (0.1): (40 x 0.1) / 100.
        assertThat(moments.median()).isCloseTo(0.04, within(1e-12));

        moments.clear();
        for (int i = 0; i < 10; i++) {
            moments.add(0, 40);
        }
        moments.compute();
        assertThat(moments.median()).as("nobody has an event: the centre stays 0").isZero();
    }
}
