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
    void shouldUseWinsorizedMomentsWhenAQuarterOfThePlayersHaveNoEventYet() {
        RobustMoments moments = new RobustMoments();
        // 30 of 100 players without a snap: the median is above 0, but the zeros are an atom under the
        // MAD's lower quartile, so the centre and spread are the winsorized mean and standard deviation.
        for (int i = 0; i < 30; i++) {
            moments.add(0, 50);
        }
        double[] others = new double[70];
        for (int i = 0; i < 70; i++) {
            others[i] = 0.02 + 0.1 * i / 69.0;
            moments.add(others[i], 50);
        }
        moments.compute();
        // The 95th percentile of the 100 sorted rates is the one at index floor(0.95 x 99) = 94: others[64].
        double cap = others[64];
        double sum = 0;
        double squares = 0;
        for (double rate : others) {
            sum += Math.min(rate, cap);
        }
        double mean = sum / 100;
        for (int i = 0; i < 30; i++) {
            squares += mean * mean;
        }
        for (double rate : others) {
            double d = Math.min(rate, cap) - mean;
            squares += d * d;
        }
        assertThat(moments.median()).isCloseTo(mean, within(1e-12));
        assertThat(moments.standardDeviation()).isCloseTo(Math.sqrt(squares / 99), within(1e-12));
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
        // ... and the spread is the winsorized rates' standard deviation, not the MAD (0.04 x 1.4826,
        // the distance of the zeros from the centre): sqrt((60 x 0.04^2 + 40 x 0.06^2) / 99).
        assertThat(moments.standardDeviation()).isCloseTo(Math.sqrt((60 * 0.0016 + 40 * 0.0036) / 99), within(1e-12));

        moments.clear();
        for (int i = 0; i < 10; i++) {
            moments.add(0, 40);
        }
        moments.compute();
        assertThat(moments.median()).as("nobody has an event: the centre stays 0").isZero();
        assertThat(moments.standardDeviation()).as("... and so does the spread").isZero();
    }
}
