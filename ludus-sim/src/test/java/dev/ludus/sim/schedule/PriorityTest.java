package dev.ludus.sim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PriorityTest {
    @Test
    void shouldRankCombatOverTradingOverIdleAtEqualOtherFactors() {
        assertThat(Priority.level(5, Activity.COMBAT, false)).isGreaterThan(Priority.level(5, Activity.TRADING, false));
        assertThat(Priority.level(5, Activity.TRADING, false)).isGreaterThan(Priority.level(5, Activity.IDLE, false));
    }

    @Test
    void shouldRankPremiumAheadOfStandardAtEqualOtherFactors() {
        assertThat(Priority.level(3, Activity.TRADING, true)).isGreaterThan(Priority.level(3, Activity.TRADING, false));
    }

    @Test
    void shouldGrowLogarithmicallyWithPlayersUpToTheCap() {
        assertThat(Priority.level(0, Activity.IDLE, false)).isZero();
        assertThat(Priority.level(1, Activity.IDLE, false)).isEqualTo(2);
        assertThat(Priority.level(3, Activity.IDLE, false)).isEqualTo(4);
        assertThat(Priority.level(7, Activity.IDLE, false)).isEqualTo(6);
        assertThat(Priority.level(1_023, Activity.IDLE, false)).isEqualTo(Priority.MAX_PLAYER_LEVELS);
        assertThat(Priority.level(Integer.MAX_VALUE, Activity.COMBAT, true)).isEqualTo(Priority.MAX_BASE_LEVEL);
    }

    @Test
    void shouldRejectNegativePlayerCount() {
        assertThatThrownBy(() -> Priority.level(-1, Activity.IDLE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("playersNearby : -1 (expected: >= 0)");
    }

    @Property
    void shouldStayInRangeAndNeverFallWhenAFactorRises(
            @ForAll @IntRange(min = 0, max = 100_000) int players, @ForAll Activity activity, @ForAll boolean premium) {
        int level = Priority.level(players, activity, premium);
        assertThat(level).isBetween(0, Priority.MAX_BASE_LEVEL);
        assertThat(Priority.level(players + 1, activity, premium)).isGreaterThanOrEqualTo(level);
        assertThat(Priority.level(players, activity, true)).isGreaterThanOrEqualTo(level);
        if (activity != Activity.COMBAT) {
            assertThat(Priority.level(players, Activity.values()[activity.ordinal() - 1], premium)).isGreaterThan(level);
        }
    }
}
