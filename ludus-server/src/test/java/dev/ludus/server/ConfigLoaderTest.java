package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void shouldUseTheDocumentedDefaults() {
        LudusConfig config = loader.load(null, Map.of(), Map.of());
        assertThat(config.gateway().port()).isEqualTo(7777);
        assertThat(config.gateway().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.gateway().maxFrameBytes()).isEqualTo(65536);
        assertThat(config.gateway().ioThreads()).isZero();
        assertThat(config.world().widthMetres()).isEqualTo(4000);
        assertThat(config.world().heightMetres()).isEqualTo(4000);
        assertThat(config.world().tickRateHz()).isEqualTo(20);
        assertThat(config.world().aoiRadiusMetres()).isEqualTo(100);
        assertThat(config.arena().npcCount()).isEqualTo(10_000);
        assertThat(config.arena().worldEvents()).isTrue();
    }

    @Test
    void shouldReadTheEventLoopCountAndNameABadOne() {
        assertThat(loader.load(null, Map.of("LUDUS_SERVER_IO_THREADS", "3"), Map.of()).gateway().effectiveIoThreads())
            .isEqualTo(3);
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_SERVER_IO_THREADS", "-2"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                .startsWith("server.io-threads : -2"));
    }

    @Test
    void shouldReadTheNetcodeSettingsAndNameABadOne() {
        assertThat(loader.load(null, Map.of(), Map.of()).netcode()).isEqualTo(dev.ludus.net.NetcodeConfig.defaults());
        LudusConfig config = loader.load(null, Map.of("LUDUS_NETCODE_BUDGET_BYTES_PER_SECOND", "8192",
            "LUDUS_NETCODE_MAX_SEND_INTERVAL_TICKS", "2"), Map.of());
        assertThat(config.netcode().budgetBytesPerSecond()).isEqualTo(8192);
        assertThat(config.netcode().maxSendIntervalTicks()).isEqualTo(2);
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_NETCODE_BUDGET_BYTES_PER_SECOND", "10"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                .startsWith("netcode.budget-bytes-per-second : 10"));
    }

    @Test
    void shouldReadThePhysicsLevelsAndTheCostSwitchAndNameABadOne() {
        LudusConfig defaults = loader.load(null, Map.of(), Map.of());
        assertThat(defaults.physics()).isEqualTo(dev.ludus.sim.physics.PhysicsConfig.DEFAULTS);
        assertThat(defaults.learnCosts()).isTrue();

        LudusConfig config = loader.load(null, Map.of("LUDUS_PHYSICS_LEVELS", "10/4/6/2/1, 8/3/6/2/2, 4/2/3/1/4, 2/1/1/1/8",
            "LUDUS_PHYSICS_MAX_SPEED_METRES_PER_SECOND", "25", "LUDUS_LOAD_LEARN_COSTS", "false"), Map.of());
        assertThat(config.physics().level(0)).isEqualTo(new dev.ludus.sim.physics.PhysicsConfig.Level(10, 4, 6, 2, 1));
        assertThat(config.physics().level(3)).isEqualTo(new dev.ludus.sim.physics.PhysicsConfig.Level(2, 1, 1, 1, 8));
        assertThat(config.physics().maxSpeedMetresPerSecond()).isEqualTo(25);
        assertThat(config.learnCosts()).isFalse();

        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_PHYSICS_LEVELS", "8/3/6/2/2, 6/2/4/2"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                .startsWith("physics.levels : \"8/3/6/2/2, 6/2/4/2\" (expected: 4 levels"));
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_PHYSICS_LEVELS", "3/1/2/1/4, 8/3/6/2/2, 4/2/3/1/4, 3/1/2/1/4",
            "LUDUS_PHYSICS_MAX_SPEED_METRES_PER_SECOND", "300"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                .startsWith("physics.levels : \"3/1/2/1/4, 8/3/6/2/2").contains("expected: no finer than levels[0]"));
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_PHYSICS_MAX_SPEED_METRES_PER_SECOND", "300"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                .isEqualTo("physics.max-speed-metres-per-second : 300.0 (expected: > 0 and <= 200)"));
    }

    @Test
    void shouldLeaveTheStoreAndActivityVariablesToTheirWiring() {
        // Read by ServerLedger and ServerActivities, not configuration keys: accepted here, checked there.
        loader.load(null, Map.of("LUDUS_ACTIVITY_TIME_SCALE", "0.001", "LUDUS_ACTIVITY_RETENTION", "30d", "LUDUS_DB_URL", "jdbc:h2:mem:x"),
            Map.of());
    }

    @Test
    void shouldTurnWorldEventsOffByEnvironment() {
        LudusConfig config = loader.load(null, Map.of("LUDUS_ARENA_WORLD_EVENTS", "false"), Map.of());
        assertThat(config.arena().worldEvents()).isFalse();
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_ARENA_WORLD_EVENTS", "sometimes"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems())
                .containsExactly("arena.world-events : \"sometimes\" (expected: true or false)"));
    }

    @Test
    void shouldSpawnInADiscByDefaultAndOverASquareWhenGivenOne() {
        assertThat(loader.load(null, Map.of(), Map.of()).world().spawnSquareMetres()).isZero();
        assertThat(loader.load(null, Map.of("LUDUS_WORLD_SPAWN_SQUARE_METRES", "500"), Map.of()).world().spawnSquareMetres())
            .isEqualTo(500);
        // --spawn-square is this override: it beats the environment.
        assertThat(loader.load(null, Map.of("LUDUS_WORLD_SPAWN_SQUARE_METRES", "500"),
            Map.of("world.spawn.square-metres", 1000.0)).world().spawnSquareMetres()).isEqualTo(1000);
        assertThatThrownBy(() -> loader.load(null, Map.of(), Map.of("world.spawn.square-metres", -1.0)))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems())
                .containsExactly("world.spawn.square-metres : -1 (expected: >= 0)"));
    }

    @Test
    void shouldLayerFileThenEnvironmentThenCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ludus.conf");
        Files.writeString(file, """
            server { port = 9000, bind-address = "0.0.0.0" }
            world.aoi-radius-metres = 150
            arena.npc-count = 10
            """);
        LudusConfig config = loader.load(file, Map.of("LUDUS_SERVER_PORT", "9100", "LUDUS_ARENA_NPC_COUNT", "20",
            "PATH", "/usr/bin"), Map.of("server.port", 9200));
        assertThat(config.gateway().port()).isEqualTo(9200);
        assertThat(config.gateway().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.world().aoiRadiusMetres()).isEqualTo(150);
        assertThat(config.arena().npcCount()).isEqualTo(20);
    }

    @Test
    void shouldNameKeyValueAndExpectationForEveryProblemAtOnce() {
        assertThatThrownBy(() -> loader.load(null, Map.of(
            "LUDUS_SERVER_PORT", "70000",
            "LUDUS_ARENA_NPC_COUNT", "-5",
            "LUDUS_WORLD_TICK_RATE_HZ", "fast",
            "LUDUS_WORLD_AOI_RADIUS_METRES", "0"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                "server.port : 70000 (expected: 0 to 65535)",
                "arena.npc-count : -5 (expected: 0 to 10000000)",
                "world.tick-rate-hz : \"fast\" (expected: an integer from 1 to 240)",
                "world.aoi-radius-metres : 0 (expected: > 0)"));
    }

    @Test
    void shouldRefuseUnknownKeysAndVariablesRatherThanIgnoreTypos(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "arena.npc-cont = 5\n");
        assertThatThrownBy(() -> loader.load(file, Map.of(), Map.of()))
            .hasMessageContaining("arena.npc-cont : unknown key")
            .hasMessageContaining("arena.npc-count");
        assertThatThrownBy(() -> loader.load(null, Map.of("LUDUS_SERVR_PORT", "1"), Map.of()))
            .hasMessageContaining("LUDUS_SERVR_PORT : unknown variable")
            .hasMessageContaining("LUDUS_SERVER_PORT");
    }

    @Test
    void shouldRefuseAMissingOrBrokenFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(dir.resolve("absent.conf"), Map.of(), Map.of()))
            .hasMessageContaining("absent.conf (expected: a readable HOCON file)");
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "server { port = \n");
        assertThatThrownBy(() -> loader.load(broken, Map.of(), Map.of()))
            .hasMessageContaining("expected: valid HOCON");
    }

    @Test
    void shouldCheckCrossFieldRules() {
        assertThatThrownBy(() -> loader.load(null, Map.of(
            "LUDUS_WORLD_WIDTH_METRES", "100", "LUDUS_WORLD_HEIGHT_METRES", "100",
            "LUDUS_WORLD_CELL_SIZE_METRES", "200", "LUDUS_ARENA_REST_PROBABILITY", "1.5",
            "LUDUS_SERVER_BIND_ADDRESS", " ", "LUDUS_SERVER_RATE_LIMIT_BURST", "2.5"), Map.of()))
            .isInstanceOf(ConfigException.class)
            .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                "world.cell-size-metres : 200 (expected: <= the smaller of world.width-metres and world.height-metres)",
                "world.spawn.x-metres : 2000 (expected: 0 to world.width-metres 100)",
                "world.spawn.y-metres : 2000 (expected: 0 to world.height-metres 100)",
                "arena.rest-probability : 1.5 (expected: 0 to 1)",
                "server.bind-address : \"\" (expected: a host name or IP address)",
                "server.rate-limit.burst : \"2.5\" (expected: an integer from 1 to 2147483647)"));
    }

    @Test
    void shouldMapEveryKeyToAnEnvironmentVariable() {
        assertThat(ConfigLoader.envName("arena.npc-count")).isEqualTo("LUDUS_ARENA_NPC_COUNT");
        assertThat(loader.envNames()).containsEntry("LUDUS_SERVER_RATE_LIMIT_MESSAGES_PER_SECOND",
            "server.rate-limit.messages-per-second");
    }
}
