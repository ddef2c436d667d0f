package dev.ludus.sim.physics;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhysicsConfigTest {
    private static final PhysicsConfig.Level FINE = new PhysicsConfig.Level(8, 3, 6, 2, 2);

    @Test
    void shouldCoarsenEveryLevelOfTheDefaults() {
        PhysicsConfig config = PhysicsConfig.DEFAULTS;
        assertThat(config.levels()).hasSize(PhysicsConfig.MAX_LEVEL + 1);
        for (int level = 1; level <= PhysicsConfig.MAX_LEVEL; level++) {
            PhysicsConfig.Level finer = config.level(level - 1);
            PhysicsConfig.Level coarser = config.level(level);
            assertThat(coarser.nearVelocityIterations() + coarser.nearPositionIterations())
                .isLessThan(finer.nearVelocityIterations() + finer.nearPositionIterations());
            assertThat(coarser.midIntervalTicks()).isGreaterThanOrEqualTo(finer.midIntervalTicks());
        }
        assertThat(config.level(0).nearVelocityIterations()).isEqualTo(8);
        assertThat(config.level(0).nearPositionIterations()).isEqualTo(3);
        assertThat(config.level(0).midIntervalTicks()).isEqualTo(2);
        assertThat(config.level(3).midIntervalTicks()).isEqualTo(4);
    }

    @Test
    void shouldRejectLevelsOutOfRange() {
        assertThatThrownBy(() -> new PhysicsConfig.Level(0, 3, 6, 2, 2)).hasMessage("nearVelocityIterations : 0 (expected: 1 to 50)");
        assertThatThrownBy(() -> new PhysicsConfig.Level(8, 51, 6, 2, 2)).hasMessage("nearPositionIterations : 51 (expected: 1 to 50)");
        assertThatThrownBy(() -> new PhysicsConfig.Level(8, 3, 0, 2, 2)).hasMessage("midVelocityIterations : 0 (expected: 1 to 50)");
        assertThatThrownBy(() -> new PhysicsConfig.Level(8, 3, 6, 0, 2)).hasMessage("midPositionIterations : 0 (expected: 1 to 50)");
        assertThatThrownBy(() -> new PhysicsConfig.Level(8, 3, 6, 2, 0)).hasMessage("midIntervalTicks : 0 (expected: 1 to 8)");
        assertThatThrownBy(() -> new PhysicsConfig.Level(8, 3, 6, 2, 9)).hasMessage("midIntervalTicks : 9 (expected: 1 to 8)");
    }

    @Test
    void shouldRejectConfigurationsOutOfRange() {
        assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, FINE, FINE), 40, 1))
            .hasMessage("levels : 3 (expected: 4)");
        assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, FINE, FINE, FINE), 0, 1))
            .hasMessage("maxSpeedMetresPerSecond : 0.0 (expected: > 0 and <= 200)");
        assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, FINE, FINE, FINE), 201, 1))
            .hasMessage("maxSpeedMetresPerSecond : 201.0 (expected: > 0 and <= 200)");
        assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, FINE, FINE, FINE), 40, -1))
            .hasMessage("linearDampingPerSecond : -1.0 (expected: 0 to 100)");
        assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, FINE, FINE, FINE), 40, Double.NaN))
            .hasMessage("linearDampingPerSecond : NaN (expected: 0 to 100)");
    }

    @Test
    void shouldRejectALevelFinerThanTheOneBeforeIt() {
        PhysicsConfig.Level coarse = new PhysicsConfig.Level(4, 2, 3, 1, 4);
        for (PhysicsConfig.Level finer : List.of(new PhysicsConfig.Level(9, 2, 3, 1, 4), new PhysicsConfig.Level(4, 3, 3, 1, 4),
                new PhysicsConfig.Level(4, 2, 4, 1, 4), new PhysicsConfig.Level(4, 2, 3, 2, 4),
                new PhysicsConfig.Level(4, 2, 3, 1, 2))) {
            assertThatThrownBy(() -> new PhysicsConfig(List.of(FINE, coarse, finer, finer), 40, 1))
                .hasMessageStartingWith("levels[2] : ").hasMessageContaining("expected: no finer than levels[1]");
        }
        assertThat(new PhysicsConfig(List.of(FINE, FINE, FINE, FINE), 40, 0).levels()).hasSize(4);
    }
}
