package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearnedCostTest {
    private static final long UNITS = 1_000_000;

    @Test
    void shouldStartAtThePriorAndFallBackToItWithoutMeasurements() {
        LearnedCost cost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
        assertThat(cost.picosPerUnit()).isEqualTo(1_000);

        // No clock (0 ns) and phases too small to price say nothing about the price.
        assertThat(cost.sample(0, UNITS)).isFalse();
        assertThat(cost.sample(5_000_000, LearnedCost.MIN_UNITS - 1)).isFalse();
        assertThat(cost.picosPerUnit()).isEqualTo(1_000);
        assertThat(cost.samples()).isZero();

        cost.sample(3 * UNITS, UNITS);
        assertThat(cost.picosPerUnit()).isEqualTo(3_000);
        cost.reset();
        assertThat(cost.picosPerUnit()).isEqualTo(1_000);
        assertThat(cost.samples()).isZero();
    }

    @Test
    void shouldConvergeToTheMeasuredPricePerUnit() {
        LearnedCost cost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
        // 2.5 ns per unit measured, then the machine gets 1.6 times slower: 4 ns per unit.
        cost.sample(2_500_000, UNITS);
        assertThat(cost.picosPerUnit()).isEqualTo(2_500);
        for (int i = 0; i < 60; i++) {
            cost.sample(4_000_000, UNITS);
        }
        // (7/8)^60 of the 1,500 ps error is 0.5 ps; integer steps stop within 8 ps (the divisor).
        assertThat(cost.picosPerUnit()).isBetween(3_992L, 4_000L);
    }

    @Test
    void shouldBoundWhatOneOutlierDoes() {
        LearnedCost cost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
        cost.sample(UNITS, UNITS);
        // A 2 s pause (garbage collection, preemption) in a tick of a million units: 2,000 times the price.
        cost.sample(2_000_000_000L, UNITS);
        // Clamped to 4x before smoothing: 1,000 + (4,000 - 1,000) / 8.
        assertThat(cost.picosPerUnit()).isEqualTo(1_375);
        // And a tick measured at nothing at all pulls down by at most 3/32.
        cost.sample(1, UNITS);
        assertThat(cost.picosPerUnit()).isEqualTo(1_375 + (1_375 / 4 - 1_375) / 8);
    }

    @Test
    void shouldStayWithinItsRangeAndRefuseABadPrior() {
        LearnedCost cost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
        for (int i = 0; i < 500; i++) {
            cost.sample(Long.MAX_VALUE / 2, LearnedCost.MIN_UNITS);
        }
        assertThat(cost.picosPerUnit()).isEqualTo(LearnedCost.MAX_PICOS_PER_UNIT);
        for (int i = 0; i < 2_000; i++) {
            cost.sample(1, Long.MAX_VALUE);
        }
        assertThat(cost.picosPerUnit()).isEqualTo(LearnedCost.MIN_PICOS_PER_UNIT);
        assertThatThrownBy(() -> new LearnedCost(0)).hasMessage("priorPicosPerUnit : 0 (expected: in [10, 1000000])");
    }

    @Test
    void shouldPriceUnitsInNanosecondsAndSaturate() {
        assertThat(LearnedCost.nanos(1_000, 1_000)).isEqualTo(1_000);
        assertThat(LearnedCost.nanos(1_000, 2_500)).isEqualTo(2_500);
        assertThat(LearnedCost.nanos(Long.MAX_VALUE / 10, 1_000_000)).isEqualTo(Long.MAX_VALUE);
    }
}
