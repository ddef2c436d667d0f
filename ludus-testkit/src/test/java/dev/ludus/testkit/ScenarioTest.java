package dev.ludus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldParseItsCommandLineNameInAnyCase(Scenario scenario) {
        assertThat(Scenario.parse(scenario.cliName())).isSameAs(scenario);
        assertThat(Scenario.parse(scenario.name())).isSameAs(scenario);
        assertThat(scenario.cliName()).matches("[a-z]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "", " steady", "hot spot"})
    void shouldRejectAnUnknownNameNamingItAndTheValidOnes(String name) {
        assertThatThrownBy(() -> Scenario.parse(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("--scenario : \"" + name + "\" (expected: steady, hotspot, influx or peak)");
    }

    @Test
    void shouldRejectANullName() {
        assertThatThrownBy(() -> Scenario.parse(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("--scenario : null (expected: steady, hotspot, influx or peak)");
    }

    @Test
    void shouldRampLoginsUpAndThenKeepEveryoneOnlineWhenSteady() {
        assertThat(Scenario.STEADY.onlineShare(0)).isZero();
        assertThat(Scenario.STEADY.onlineShare(Scenario.LOGIN_RAMP_SECONDS / 2)).isCloseTo(0.5, within(1e-12));
        assertThat(Scenario.STEADY.onlineShare(Scenario.LOGIN_RAMP_SECONDS)).isEqualTo(1);
        assertThat(Scenario.STEADY.onlineShare(3_600)).isEqualTo(1);
        assertThat(Scenario.STEADY.churnRotation(3_600)).isZero();
        assertThat(Scenario.HOTSPOT.onlineShare(3_600)).isEqualTo(1);
    }

    @Test
    void shouldMoveTheInfluxOnlineShareInWavesFromTroughToPeak() {
        double period = Scenario.WAVE_PERIOD_SECONDS;
        assertThat(Scenario.INFLUX.onlineShare(0)).isZero();
        assertThat(Scenario.INFLUX.onlineShare(period / 2)).isCloseTo(1, within(1e-12));
        assertThat(Scenario.INFLUX.onlineShare(period)).isCloseTo(Scenario.WAVE_LOW_SHARE, within(1e-12));
        assertThat(Scenario.INFLUX.onlineShare(1.5 * period)).isCloseTo(1, within(1e-12));
        assertThat(Scenario.INFLUX.churnRotation(Scenario.CHURN_PERIOD_SECONDS)).isCloseTo(1, within(1e-12));
    }

    @Test
    void shouldTurnAGrowingShareToFlockingOnlyInTheHotspotScenario() {
        assertThat(Scenario.HOTSPOT.flockStartSeconds(0)).isEqualTo(Scenario.LOGIN_RAMP_SECONDS);
        assertThat(Scenario.HOTSPOT.flockStartSeconds(Scenario.FLOCK_SHARE / 2))
            .isCloseTo(Scenario.LOGIN_RAMP_SECONDS + Scenario.FLOCK_GROWTH_SECONDS / 2, within(1e-9));
        assertThat(Scenario.HOTSPOT.flockStartSeconds(Scenario.FLOCK_SHARE)).isInfinite();
        assertThat(Scenario.STEADY.flockStartSeconds(0)).isInfinite();
        assertThat(Scenario.INFLUX.flockStartSeconds(0)).isInfinite();
    }

    @Test
    void shouldLoadTheWorldFirstAndThenBringTheRestIntoTheHotspotAtOnceInThePeakScenario() {
        assertThat(Scenario.PEAK.onlineShare(Scenario.LOGIN_RAMP_SECONDS)).isCloseTo(Scenario.PEAK_BASE_SHARE, within(1e-12));
        assertThat(Scenario.PEAK.onlineShare(Scenario.PEAK_START_SECONDS)).isCloseTo(Scenario.PEAK_BASE_SHARE, within(1e-12));
        assertThat(Scenario.PEAK.onlineShare(Scenario.PEAK_START_SECONDS + Scenario.PEAK_RAMP_SECONDS / 2))
            .isCloseTo((1 + Scenario.PEAK_BASE_SHARE) / 2, within(1e-12));
        assertThat(Scenario.PEAK.onlineShare(Scenario.PEAK_START_SECONDS + Scenario.PEAK_RAMP_SECONDS)).isEqualTo(1);
        assertThat(Scenario.PEAK.arrivesAtHotspot(Scenario.PEAK_BASE_SHARE)).isTrue();
        assertThat(Scenario.PEAK.arrivesAtHotspot(Scenario.PEAK_BASE_SHARE - 0.01)).isFalse();
        assertThat(Scenario.HOTSPOT.arrivesAtHotspot(0.99)).isFalse();
        assertThat(Scenario.PEAK.flockStartSeconds(Scenario.PEAK_BASE_SHARE)).isEqualTo(Scenario.PEAK_START_SECONDS);
        assertThat(Scenario.PEAK.flockStartSeconds(0)).isInfinite();
    }
}
