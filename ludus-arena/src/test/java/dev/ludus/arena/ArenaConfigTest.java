package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArenaConfigTest {

    @Test
    void shouldDefaultToTheDocumentedReferenceGame() {
        assertThat(ArenaConfig.DEFAULTS).isEqualTo(new ArenaConfig(10_000, 1.4, 4.0, 0.25, 4, 50, 20, 20));
    }

    @Test
    void shouldRefuseDensitiesOutOfRange() {
        assertThatThrownBy(() -> ArenaConfig.DEFAULTS.withProps(-1, 0, 0))
            .hasMessage("rocksPerKm2 : -1.0 (expected: 0 to 10000 per square kilometre)");
        assertThatThrownBy(() -> ArenaConfig.DEFAULTS.withProps(0, Double.NaN, 0))
            .hasMessageStartingWith("resourceNodesPerKm2 : NaN");
        assertThatThrownBy(() -> ArenaConfig.DEFAULTS.withProps(0, 0, 10_001))
            .hasMessageStartingWith("itemsPerKm2 : 10001.0");
        assertThat(new ArenaConfig(1, 1, 1, 1, 2).rocksPerKm2()).isZero();
    }

    @Test
    void shouldAcceptValuesOnTheLimits() {
        assertThat(new ArenaConfig(0, Double.MIN_VALUE, Double.MIN_VALUE, 0).npcCount()).isZero();
        assertThat(new ArenaConfig(1, 1, 1, 1).restProbability()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource({
        "-1,1.4,4,0.25,npcCount : -1",
        "10,0,4,0.25,npcSpeedMetresPerSecond : 0.0",
        "10,-1.4,4,0.25,npcSpeedMetresPerSecond : -1.4",
        "10,NaN,4,0.25,npcSpeedMetresPerSecond : NaN",
        "10,Infinity,4,0.25,npcSpeedMetresPerSecond : Infinity",
        "10,1.4,0,0.25,meanWanderSeconds : 0.0",
        "10,1.4,-4,0.25,meanWanderSeconds : -4.0",
        "10,1.4,NaN,0.25,meanWanderSeconds : NaN",
        "10,1.4,Infinity,0.25,meanWanderSeconds : Infinity",
        "10,1.4,4,-0.01,restProbability : -0.01",
        "10,1.4,4,1.01,restProbability : 1.01",
        "10,1.4,4,NaN,restProbability : NaN"})
    void shouldRejectAnOutOfRangeValueNamingTheFieldAndTheValue(int npcCount, double speed, double meanWander,
                                                                 double rest, String expectedStart) {
        assertThatThrownBy(() -> new ArenaConfig(npcCount, speed, meanWander, rest))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(expectedStart + " (expected: ");
    }
}
