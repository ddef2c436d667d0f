package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorldConfigTest {

    @Test
    void shouldAcceptAValidConfigAndDeriveTheTickDuration() {
        WorldConfig config = new WorldConfig(4096, 4096, 64, 100, 20, 1000, 2048, 2048, 50, 5, 42);

        assertThat(config.tickSeconds()).isEqualTo(0.05);
        assertThat(config.tickIntervalNanos()).isEqualTo(50_000_000L);
        assertThat(new WorldConfig(10, 10, 1, 1, 240, 1, 0, 0, 0, 1, 0).tickIntervalNanos()).isEqualTo(4_166_666L);
        assertThat(new WorldConfig(10, 10, 1, 1, 3, 1, 0, 0, 0, 1, 0).tickIntervalNanos()).isEqualTo(333_333_333L);
    }

    @Test
    void shouldAcceptValuesExactlyOnTheLimits() {
        WorldConfig config = new WorldConfig(10, 5, 5, 1e-9, 1, 1, 10, 5, 0, 1e-9, Long.MIN_VALUE);

        assertThat(config.spawnXMetres()).isEqualTo(10);
        assertThat(new WorldConfig(10, 5, 5, 1, 240, 1, 0, 0, 0, 1, 0).tickRateHz()).isEqualTo(240);
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
            arguments("widthMetres : 0.0", (Executable) () -> config(0, 100, 10, 20, 20, 8, 0, 0, 0, 5)),
            arguments("widthMetres : -1.0", (Executable) () -> config(-1, 100, 10, 20, 20, 8, 0, 0, 0, 5)),
            arguments("widthMetres : NaN", (Executable) () -> config(Double.NaN, 100, 10, 20, 20, 8, 0, 0, 0, 5)),
            arguments("widthMetres : Infinity", (Executable) () -> config(Double.POSITIVE_INFINITY, 100, 10, 20, 20, 8, 0,
                0, 0, 5)),
            arguments("heightMetres : 0.0", (Executable) () -> config(100, 0, 10, 20, 20, 8, 0, 0, 0, 5)),
            arguments("cellSizeMetres : 0.0", (Executable) () -> config(100, 100, 0, 20, 20, 8, 0, 0, 0, 5)),
            arguments("cellSizeMetres : 60.0", (Executable) () -> config(100, 50, 60, 20, 20, 8, 0, 0, 0, 5)),
            arguments("aoiRadiusMetres : 0.0", (Executable) () -> config(100, 100, 10, 0, 20, 8, 0, 0, 0, 5)),
            arguments("aoiRadiusMetres : NaN", (Executable) () -> config(100, 100, 10, Double.NaN, 20, 8, 0, 0, 0, 5)),
            arguments("tickRateHz : 0", (Executable) () -> config(100, 100, 10, 20, 0, 8, 0, 0, 0, 5)),
            arguments("tickRateHz : 241", (Executable) () -> config(100, 100, 10, 20, 241, 8, 0, 0, 0, 5)),
            arguments("maxPlayers : 0", (Executable) () -> config(100, 100, 10, 20, 20, 0, 0, 0, 0, 5)),
            arguments("spawnXMetres : -1.0", (Executable) () -> config(100, 100, 10, 20, 20, 8, -1, 0, 0, 5)),
            arguments("spawnYMetres : 100.5", (Executable) () -> config(100, 100, 10, 20, 20, 8, 0, 100.5, 0, 5)),
            arguments("spawnXMetres : NaN", (Executable) () -> config(100, 100, 10, 20, 20, 8, Double.NaN, 0, 0, 5)),
            arguments("spawnRadiusMetres : -1.0", (Executable) () -> config(100, 100, 10, 20, 20, 8, 0, 0, -1, 5)),
            arguments("spawnRadiusMetres : Infinity", (Executable) () -> config(100, 100, 10, 20, 20, 8, 0, 0,
                Double.POSITIVE_INFINITY, 5)),
            arguments("playerSpeedMetresPerSecond : 0.0", (Executable) () -> config(100, 100, 10, 20, 20, 8, 0, 0, 0, 0)),
            arguments("playerSpeedMetresPerSecond : -5.0", (Executable) () -> config(100, 100, 10, 20, 20, 8, 0, 0, 0, -5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void shouldRejectAnOutOfRangeValueNamingTheFieldAndTheValue(String expectedStart, Executable construct) {
        assertThatThrownBy(construct::execute)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(expectedStart + " (expected: ");
    }

    private static WorldConfig config(double width, double height, double cell, double aoi, int tickRate, int maxPlayers,
                                      double spawnX, double spawnY, double spawnRadius, double speed) {
        return new WorldConfig(width, height, cell, aoi, tickRate, maxPlayers, spawnX, spawnY, spawnRadius, speed, 7);
    }
}
