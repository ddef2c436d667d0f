package dev.ludus.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.sim.world.WorldConfig;
import dev.ludus.testkit.Scenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulateConfigTest {
    private static final Path JSON = Path.of("target", "simulate", "report.json");

    /** The command's defaults, with one value changed by the caller. */
    private static SimulateConfig of(int players, int npcs, int ticks, int warmup, int workers, String scenario,
                                     double world, Path json) {
        return SimulateConfig.of(players, npcs, ticks, warmup, 42, workers, scenario, world, json);
    }

    private static SimulateConfig defaults() {
        return of(1000, 10_000, 1200, 200, 4, "steady", 16_000, JSON);
    }

    @Test
    void shouldAcceptTheCommandDefaults() {
        SimulateConfig config = defaults();
        assertThat(config.scenario()).isEqualTo(Scenario.STEADY);
        assertThat(config.players()).isEqualTo(1000);
        assertThat(config.warmupTicks()).isEqualTo(200);
    }

    @Test
    void shouldBuildASquareWorldWithPlayersSpawningAllOverIt() {
        WorldConfig world = defaults().world();
        assertThat(world.widthMetres()).isEqualTo(16_000);
        assertThat(world.heightMetres()).isEqualTo(16_000);
        assertThat(world.cellSizeMetres()).isEqualTo(32);
        assertThat(world.aoiRadiusMetres()).isEqualTo(100);
        assertThat(world.tickRateHz()).isEqualTo(20);
        assertThat(world.maxPlayers()).isEqualTo(1000);
        assertThat(world.spawnXMetres()).isEqualTo(8000);
        assertThat(world.spawnYMetres()).isEqualTo(8000);
        assertThat(world.spawnSquareMetres()).isEqualTo(16_000);
        assertThat(world.playerSpeedMetresPerSecond()).isEqualTo(6);
        assertThat(world.seed()).isEqualTo(42);
    }

    @Test
    void shouldGiveAWorldWithoutPlayersRoomForOne() {
        assertThat(of(0, 10, 10, 0, 1, "steady", 1000, JSON).world().maxPlayers()).isEqualTo(1);
    }

    @Test
    void shouldReadTheScenarioIgnoringCase() {
        assertThat(of(1, 1, 10, 0, 1, "HotSpot", 1000, JSON).scenario()).isEqualTo(Scenario.HOTSPOT);
        assertThat(of(1, 1, 10, 0, 1, "influx", 1000, JSON).scenario()).isEqualTo(Scenario.INFLUX);
    }

    @Test
    void shouldPutTheHtmlReportBesideTheJsonWithTheSameBaseName() {
        assertThat(defaults().htmlReport()).isEqualTo(Path.of("target", "simulate", "report.html"));
        assertThat(of(1, 1, 10, 0, 1, "steady", 1000, Path.of("run.1.json")).htmlReport()).isEqualTo(Path.of("run.1.html"));
        assertThat(of(1, 1, 10, 0, 1, "steady", 1000, Path.of("out", "run")).htmlReport()).isEqualTo(Path.of("out", "run.html"));
        assertThat(of(1, 1, 10, 0, 1, "steady", 1000, Path.of(".report")).htmlReport()).isEqualTo(Path.of(".report.html"));
    }

    @Test
    void shouldRefuseNegativePlayers() {
        assertThatThrownBy(() -> of(-5, 10_000, 1200, 200, 4, "steady", 16_000, JSON))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("--players : -5 (expected: >= 0)");
    }

    @Test
    void shouldRefuseMorePlayersThanTheServerHolds() {
        assertThatThrownBy(() -> of(1_000_001, 0, 1200, 200, 4, "steady", 16_000, JSON))
            .hasMessage("--players : 1000001 (expected: <= 1000000)");
    }

    @Test
    void shouldRefuseNegativeOrTooManyNpcs() {
        assertThatThrownBy(() -> of(1000, -1, 1200, 200, 4, "steady", 16_000, JSON))
            .hasMessage("--npcs : -1 (expected: >= 0)");
        assertThatThrownBy(() -> of(0, 10_000_001, 1200, 200, 4, "steady", 16_000, JSON))
            .hasMessage("--npcs : 10000001 (expected: <= 10000000)");
    }

    @Test
    void shouldRefuseFewerThanOneTick() {
        assertThatThrownBy(() -> of(1000, 10_000, 0, 0, 4, "steady", 16_000, JSON))
            .hasMessageContaining("--ticks : 0 (expected: 1 to 1000000)");
        assertThatThrownBy(() -> of(1000, 10_000, 1_000_001, 0, 4, "steady", 16_000, JSON))
            .hasMessage("--ticks : 1000001 (expected: 1 to 1000000)");
    }

    @Test
    void shouldRefuseANegativeWarmUpOrOneThatLeavesNoTickToMeasure() {
        assertThatThrownBy(() -> of(1000, 10_000, 1200, -1, 4, "steady", 16_000, JSON))
            .hasMessage("--warmup : -1 (expected: >= 0 and < --ticks 1200)");
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 1200, 4, "steady", 16_000, JSON))
            .hasMessage("--warmup : 1200 (expected: >= 0 and < --ticks 1200)");
        assertThat(of(1000, 10_000, 1200, 1199, 4, "steady", 16_000, JSON).warmupTicks()).isEqualTo(1199);
    }

    @Test
    void shouldRefuseWorkersOutsideOneTo256() {
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 0, "steady", 16_000, JSON))
            .hasMessage("--workers : 0 (expected: 1 to 256)");
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 257, "steady", 16_000, JSON))
            .hasMessage("--workers : 257 (expected: 1 to 256)");
        assertThat(of(1000, 10_000, 1200, 200, 256, "steady", 16_000, JSON).workers()).isEqualTo(256);
    }

    @Test
    void shouldRefuseAnUnknownScenarioNamingTheValidOnes() {
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 4, "foo", 16_000, JSON))
            .hasMessage("--scenario : \"foo\" (expected: steady, hotspot, influx or peak)");
    }

    @Test
    void shouldRefuseAPremiumShareOutsideZeroToAHundredAndKeepTheLoadSettings() {
        SimulateConfig base = of(1000, 10_000, 1200, 200, 4, "peak", 16_000, JSON);
        assertThat(base.throttle()).isTrue();
        assertThat(base.premiumPercent()).isZero();
        SimulateConfig load = base.withLoad(false, 10);
        assertThat(load.throttle()).isFalse();
        assertThat(load.premiumPercent()).isEqualTo(10);
        assertThat(load.scenario()).isEqualTo(Scenario.PEAK);
        for (double premium : new double[] {-1, 100.5, Double.NaN}) {
            assertThatThrownBy(() -> base.withLoad(true, premium))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--premium : " + premium + " (expected: a percentage from 0 to 100)");
        }
    }

    @Test
    void shouldRefuseAWorldThatIsNotFiniteOrPositive() {
        for (double world : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, -16_000}) {
            assertThatThrownBy(() -> of(0, 0, 1200, 200, 4, "steady", world, JSON))
                .hasMessageStartingWith("--world : " + (world == Math.rint(world) && Double.isFinite(world)
                    ? Long.toString((long) world) : Double.toString(world)) + " (expected: 200 to 100000 metres");
        }
    }

    @Test
    void shouldRefuseAWorldSmallerThanTwoAoiRadiiOrLargerThanTheLimit() {
        assertThatThrownBy(() -> of(0, 0, 1200, 200, 4, "steady", 199.5, JSON))
            .hasMessage("--world : 199.5 (expected: 200 to 100000 metres; at least two AOI radii of 100 m)");
        assertThatThrownBy(() -> of(0, 0, 1200, 200, 4, "steady", 100_001, JSON))
            .hasMessageStartingWith("--world : 100001 (expected: 200 to 100000 metres");
        assertThat(of(0, 0, 1200, 200, 4, "steady", 200, JSON).worldMetres()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAWorldTooSmallForItsEntitiesSayingTheDensityAndTheSmallestSideThatFits() {
        // 11,000 entities in 400 m: 12.5 x 12.5 = 156.25 cells, 70.4 per cell; 32 * sqrt(11000 / 64) = 419.5 m.
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 4, "steady", 400, JSON))
            .hasMessage("--world : 400 (expected: >= 420 metres for 11000 players and NPCs; here they would average "
                + "70.4 per 32 m cell, at most 64 fit)");
        assertThat(of(1000, 10_000, 1200, 200, 4, "steady", 420, JSON).worldMetres()).isEqualTo(420);
    }

    @Test
    void shouldNameASmallestWorldThatHoldsAtMost64EntitiesPerCell() {
        for (long entities : new long[] {1, 63, 64, 65, 11_000, 1_234_567, 11_000_000}) {
            double side = SimulateConfig.smallestWorldMetres(entities);
            assertThat(entities * 32.0 * 32.0 / (side * side)).isLessThanOrEqualTo(64);
            assertThat(entities * 32.0 * 32.0 / ((side - 1) * (side - 1))).isGreaterThan(64);
        }
    }

    @Test
    void shouldRefuseAJsonPathWhoseHtmlSiblingWouldBeItself() {
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 4, "steady", 16_000, Path.of("out", "report.HTML")))
            .hasMessageStartingWith("--json : " + Path.of("out", "report.HTML") + " (expected: a file name not ending in .html");
        assertThatThrownBy(() -> of(1000, 10_000, 1200, 200, 4, "steady", 16_000, Path.of("/")))
            .hasMessageStartingWith("--json : / (expected:");
    }

    @Test
    void shouldReportEveryProblemAtOnceInTheOrderOfTheOptions() {
        assertThatThrownBy(() -> of(-5, -1, 0, -1, 0, "foo", Double.NaN, Path.of("x.html")))
            .hasMessage(String.join("\n",
                "--players : -5 (expected: >= 0)",
                "--npcs : -1 (expected: >= 0)",
                "--ticks : 0 (expected: 1 to 1000000)",
                "--warmup : -1 (expected: >= 0 and < --ticks 0)",
                "--workers : 0 (expected: 1 to 256)",
                "--scenario : \"foo\" (expected: steady, hotspot, influx or peak)",
                "--world : NaN (expected: 200 to 100000 metres; at least two AOI radii of 100 m)",
                "--json : x.html (expected: a file name not ending in .html, e.g. report.json; the HTML report goes beside it)"));
    }

    @Test
    void shouldCheckTheSameRulesWhenBuiltDirectly() {
        assertThatThrownBy(() -> new SimulateConfig(-1, 0, 10, 0, 1, 1, Scenario.STEADY, 1000, JSON))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("--players : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new SimulateConfig(1, 0, 10, 0, 1, 1, null, 1000, JSON))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SimulateConfig.of(1, 0, 10, 0, 1, 1, "steady", 1000, null))
            .isInstanceOf(NullPointerException.class);
    }
}
