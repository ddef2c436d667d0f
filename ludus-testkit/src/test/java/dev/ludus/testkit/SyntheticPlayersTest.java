package dev.ludus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticPlayersTest {
    /** 1 km square, 20 Hz, 6 m/s, spawn at the centre; a 30 m AOI keeps crowded snapshots cheap. */
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 32, 30, 20, 1000, 500, 500, 5, 6, 7);
    private static final int TICKS_PER_SECOND = CONFIG.tickRateHz();
    private static final int RAMP_TICKS = (int) (Scenario.LOGIN_RAMP_SECONDS * TICKS_PER_SECOND);

    /** Drives a population against a real simulation and keeps every command it issued. */
    private static final class Run {
        final TestWorld world;
        final SyntheticPlayers players;
        final List<Command> commands = new ArrayList<>();
        final List<Command> tickCommands = new ArrayList<>();

        Run(WorldConfig config, Scenario scenario, int count, long seed) {
            world = new TestWorld(config, TestWorld.EMPTY);
            players = new SyntheticPlayers(config, scenario, count, seed);
        }

        Run(Scenario scenario, int count, long seed) {
            this(CONFIG, scenario, count, seed);
        }

        void tick() {
            tickCommands.clear();
            int issued = players.tick(world.simulation().completedTicks(), tickCommands);
            assertThat(issued).isEqualTo(tickCommands.size());
            for (Command command : tickCommands) {
                world.simulation().submit(command);
            }
            commands.addAll(tickCommands);
            world.tick();
        }

        void tick(int ticks) {
            for (int i = 0; i < ticks; i++) {
                tick();
            }
        }

        /** @return the commands as text without the links, whose identity differs between runs */
        List<String> transcript() {
            List<String> lines = new ArrayList<>(commands.size());
            for (Command command : commands) {
                lines.add(command instanceof Command.Join join
                    ? "join " + join.connectionId() + " " + join.name() + " " + join.session()
                    : command.toString());
            }
            return lines;
        }

        /** @return the share of player entities within {@code radius} of any hotspot's centre */
        double shareNearHotspots(double radius) {
            World w = world.world();
            int playerCount = 0;
            int near = 0;
            for (int slot = 0; slot < w.slotLimit(); slot++) {
                if (!w.isLive(slot) || w.kind(slot) != EntityKind.PLAYER) {
                    continue;
                }
                playerCount++;
                if (nearHotspot(w.x(slot), w.y(slot), radius)) {
                    near++;
                }
            }
            return (double) near / playerCount;
        }

        boolean nearHotspot(double x, double y, double radius) {
            for (SyntheticPlayers.Hotspot hotspot : this.players.hotspots()) {
                if (Math.hypot(x - hotspot.xMetres(), y - hotspot.yMetres()) <= radius) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void shouldValidateItsArguments() {
        assertThatThrownBy(() -> new SyntheticPlayers(CONFIG, Scenario.STEADY, -1, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("players : -1 (expected: >= 0)");
        assertThatThrownBy(() -> new SyntheticPlayers(null, Scenario.STEADY, 1, 1))
            .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SyntheticPlayers(CONFIG, null, 1, 1))
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldRejectTicksThatDoNotMoveForward() {
        SyntheticPlayers players = new SyntheticPlayers(CONFIG, Scenario.STEADY, 3, 1);
        List<Command> out = new ArrayList<>();
        assertThatThrownBy(() -> players.tick(-1, out)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("tick : -1");
        players.tick(5, out);
        assertThatThrownBy(() -> players.tick(5, out)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("tick : 5 (expected: >= 0 and > the previous tick 5)");
        players.tick(9, out);
    }

    @Test
    void shouldDoNothingWithNoPlayers() {
        Run run = new Run(Scenario.INFLUX, 0, 1);
        run.tick(100);
        assertThat(run.commands).isEmpty();
        assertThat(run.players.players()).isZero();
        assertThat(run.players.counts().commands()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldReproduceTheSameWorldAndCommandsForTheSameSeed(Scenario scenario) {
        Run first = new Run(scenario, 60, 42);
        Run second = new Run(scenario, 60, 42);
        Run other = new Run(scenario, 60, 43);
        first.tick(600);
        second.tick(600);
        other.tick(600);
        assertThat(second.world.world().stateHash()).isEqualTo(first.world.world().stateHash());
        assertThat(second.transcript()).isEqualTo(first.transcript());
        assertThat(second.players.counts()).isEqualTo(first.players.counts());
        assertThat(other.world.world().stateHash()).isNotEqualTo(first.world.world().stateHash());
        assertThat(other.transcript()).isNotEqualTo(first.transcript());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldIssueOnlyCommandsTheWorldAccepts(Scenario scenario) {
        Run run = new Run(scenario, 80, 5);
        // Past the first influx trough, so players have logged out and back in.
        run.tick((int) (1.2 * Scenario.WAVE_PERIOD_SECONDS * TICKS_PER_SECOND));

        Map<Long, Long> lastSeq = new HashMap<>();
        Set<Long> everJoined = new HashSet<>();
        Set<String> onlineNames = new HashSet<>();
        Map<Long, String> nameOf = new HashMap<>();
        for (Command command : run.commands) {
            switch (command) {
                case Command.Join join -> {
                    assertThat(everJoined.add(join.connectionId())).as("fresh connection id").isTrue();
                    assertThat(join.connectionId()).isGreaterThanOrEqualTo(SyntheticPlayers.FIRST_CONNECTION_ID);
                    assertThat(new ClientMessage.Login(join.name()).name()).isEqualTo(join.name());
                    assertThat(onlineNames.add(join.name().toLowerCase(java.util.Locale.ROOT)))
                        .as("name unused while online").isTrue();
                    nameOf.put(join.connectionId(), join.name().toLowerCase(java.util.Locale.ROOT));
                    lastSeq.put(join.connectionId(), 0L);
                }
                case Command.Move move -> {
                    Long previous = lastSeq.get(move.connectionId());
                    assertThat(previous).as("move on an open connection").isNotNull();
                    assertThat(move.seq()).isEqualTo(previous + 1);
                    lastSeq.put(move.connectionId(), move.seq());
                    double length = Math.hypot(move.dx(), move.dy());
                    assertThat(length == 0 || Math.abs(length - 1) < 1e-12).as("unit or zero: %s", move).isTrue();
                }
                case Command.Leave leave -> {
                    assertThat(lastSeq.remove(leave.connectionId())).as("leave an open connection").isNotNull();
                    onlineNames.remove(nameOf.get(leave.connectionId()));
                }
                default -> throw new AssertionError("synthetic players send only joins, moves and leaves: " + command);
            }
        }
        SyntheticPlayers.Counts counts = run.players.counts();
        assertThat(counts.refusedJoins()).isZero();
        assertThat(run.world.errors()).isEmpty();
        assertThat(counts.commands()).isEqualTo(run.commands.size());
        assertThat(counts.joins()).isEqualTo(everJoined.size());
        assertThat(counts.moves()).isPositive();
        assertThat(run.players.online()).isEqualTo(run.world.simulation().playerCount()).isEqualTo(lastSeq.size());
        assertThat(run.players.joining()).isZero();
        if (scenario == Scenario.INFLUX) {
            assertThat(counts.leaves()).isPositive();
            assertThat(counts.joins()).isGreaterThan(80);
        } else {
            assertThat(counts.leaves()).isZero();
        }
    }

    @Test
    void shouldKeepEveryoneOnlineOnceTheSteadyLoginRampIsOver() {
        Run run = new Run(Scenario.STEADY, 100, 11);
        run.tick(RAMP_TICKS / 2);
        assertThat(run.players.online()).isBetween(20, 80);
        run.tick(RAMP_TICKS / 2 + 1);
        for (int i = 0; i < 600; i++) {
            assertThat(run.players.online()).isEqualTo(100);
            assertThat(run.world.simulation().playerCount()).isEqualTo(100);
            run.tick();
        }
        assertThat(run.players.online(Behaviour.WANDER) + run.players.online(Behaviour.TRAVEL)).isEqualTo(100);
        assertThat(run.players.online(Behaviour.WANDER)).isBetween(30, 70);
        assertThat(run.players.online(Behaviour.FLOCK)).isZero();
        assertThat(run.players.hotspots()).isEmpty();
        assertThat(run.players.scenario()).isEqualTo(Scenario.STEADY);
        assertThat(run.players.seed()).isEqualTo(11);
        assertThat(run.players.players()).isEqualTo(100);
    }

    @Test
    void shouldSendFarFewerInputsThanOnePerPlayerPerTick() {
        Run run = new Run(Scenario.STEADY, 200, 3);
        run.tick(RAMP_TICKS + 1);
        long before = run.players.counts().moves();
        int ticks = 60 * TICKS_PER_SECOND;
        run.tick(ticks);
        double perPlayerPerSecond = (double) (run.players.counts().moves() - before) / 200 / 60;
        // Inputs on change plus a 1 s refresh while moving: at most about one a second, not twenty.
        assertThat(perPlayerPerSecond).isBetween(0.3, 1.5);
    }

    @Test
    void shouldConcentratePlayersAroundTheHotspots() {
        Run run = new Run(Scenario.HOTSPOT, 150, 21);
        assertThat(run.players.hotspots()).extracting(SyntheticPlayers.Hotspot::name).containsExactly("battle", "market");
        run.tick(5 * 60 * TICKS_PER_SECOND);

        double uniform = uniformShareNearHotspots(run, 150);
        double share = run.shareNearHotspots(150);
        assertThat(uniform).isBetween(0.05, 0.2);
        assertThat(share).isGreaterThan(0.6).isGreaterThan(4 * uniform);
        assertThat(run.players.online(Behaviour.FLOCK)).isCloseTo(105, within(20));
        assertThat(run.players.online()).isEqualTo(150);
        // Flockers mill inside their hotspot's radius, not merely near it.
        for (SyntheticPlayers.Hotspot hotspot : run.players.hotspots()) {
            assertThat(hotspot.radiusMetres()).isPositive().isLessThanOrEqualTo(75);
        }
        assertThat(run.shareNearHotspots(run.players.hotspots().get(1).radiusMetres() + 1)).isGreaterThan(0.5);
    }

    @Test
    void shouldKeepTheSteadyScenarioSpreadOut() {
        Run run = new Run(Scenario.HOTSPOT, 150, 21);
        Run steady = new Run(Scenario.STEADY, 150, 21);
        run.tick(1);
        steady.tick(5 * 60 * TICKS_PER_SECOND);
        // The same seed places the same hotspots, which steady players ignore.
        double near = 0;
        World w = steady.world.world();
        for (int slot = 0; slot < w.slotLimit(); slot++) {
            if (w.isLive(slot) && run.nearHotspot(w.x(slot), w.y(slot), 150)) {
                near++;
            }
        }
        assertThat(near / 150).isLessThan(0.4);
    }

    @Test
    void shouldMakeTheInfluxOnlineCountRiseAndFallInWaves() {
        Run run = new Run(Scenario.INFLUX, 100, 8);
        int period = (int) (Scenario.WAVE_PERIOD_SECONDS * TICKS_PER_SECOND);
        int[] online = new int[2 * period + 1];
        for (int i = 0; i < online.length; i++) {
            run.tick();
            online[i] = run.players.online();
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = RAMP_TICKS; i < online.length; i++) {
            min = Math.min(min, online[i]);
            max = Math.max(max, online[i]);
        }
        assertThat(max).isGreaterThanOrEqualTo(90);
        assertThat(min).isLessThanOrEqualTo(20);
        // Peaks at half periods, troughs at whole ones.
        assertThat(online[period / 2]).isGreaterThanOrEqualTo(85);
        assertThat(online[period]).isLessThanOrEqualTo(25);
        assertThat(online[3 * period / 2]).isGreaterThanOrEqualTo(85);
        assertThat(online[2 * period]).isLessThanOrEqualTo(25);
        assertThat(run.world.simulation().playerCount()).isEqualTo(run.players.online());
        SyntheticPlayers.Counts counts = run.players.counts();
        assertThat(counts.joins()).isGreaterThan(150);
        assertThat(counts.leaves()).isGreaterThan(100);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldKeepPlayersInsideTheWorldAndOffItsEdges(Scenario scenario) {
        // A narrow world puts every edge within reach of the spawn.
        WorldConfig narrow = new WorldConfig(160, 90, 16, 20, 20, 200, 80, 45, 5, 6, 3);
        Run run = new Run(narrow, scenario, 40, 17);
        for (int second = 0; second < 180; second++) {
            run.tick(TICKS_PER_SECOND);
            World w = run.world.world();
            for (int slot = 0; slot < w.slotLimit(); slot++) {
                if (!w.isLive(slot)) {
                    continue;
                }
                assertThat(w.x(slot)).isStrictlyBetween(0.0, 160.0);
                assertThat(w.y(slot)).isStrictlyBetween(0.0, 90.0);
            }
        }
        assertThat(run.world.errors()).isEmpty();
    }

    @Test
    void shouldSteerTravellersOntoTheirPointsOfInterest() {
        Run run = new Run(Scenario.STEADY, 200, 9);
        run.tick(4 * 60 * TICKS_PER_SECOND);
        Landmarks landmarks = run.players.landmarks();
        World w = run.world.world();
        int atPoint = 0;
        for (int slot = 0; slot < w.slotLimit(); slot++) {
            if (!w.isLive(slot)) {
                continue;
            }
            for (int poi = 0; poi < landmarks.pointsOfInterest(); poi++) {
                if (Math.hypot(w.x(slot) - landmarks.poiX(poi), w.y(slot) - landmarks.poiY(poi)) <= 0.5) {
                    atPoint++;
                }
            }
        }
        // About a quarter of the travellers dwell at a point at any time; by chance, nobody would be this close.
        assertThat(atPoint).isGreaterThan(10);
    }

    @Test
    void shouldBackOffAndRetryWhenTheWorldIsFull() {
        WorldConfig small = new WorldConfig(1000, 1000, 32, 30, 20, 10, 500, 500, 5, 6, 7);
        Run run = new Run(small, Scenario.STEADY, 15, 2);
        run.tick(RAMP_TICKS + 1);
        assertThat(run.players.online()).isEqualTo(10);
        assertThat(run.players.refusedJoins(ErrorCode.SERVER_FULL)).isPositive();
        long refused = run.players.counts().refusedJoins();
        run.tick(30 * TICKS_PER_SECOND);
        assertThat(run.players.online()).isEqualTo(10);
        assertThat(run.players.counts().refusedJoins()).isGreaterThan(refused);
        assertThat(run.players.refusedJoins(ErrorCode.NAME_TAKEN)).isZero();
        // Retries are spread out: on average at least a few seconds apart per player.
        assertThat(run.players.counts().joins()).isLessThan(10 + 5 * 40 / 2);
    }

    @Test
    void shouldSubmitStraightIntoASimulation() {
        TestWorld world = new TestWorld(CONFIG, TestWorld.EMPTY);
        SyntheticPlayers players = new SyntheticPlayers(CONFIG, Scenario.HOTSPOT, 30, 4);
        Run reference = new Run(Scenario.HOTSPOT, 30, 4);
        long submitted = 0;
        for (int i = 0; i < 400; i++) {
            submitted += players.tick(world.simulation());
            world.tick();
            reference.tick();
        }
        assertThat(submitted).isEqualTo(players.counts().commands()).isEqualTo(reference.commands.size());
        assertThat(world.world().stateHash()).isEqualTo(reference.world.world().stateHash());
        assertThat(players.online()).isEqualTo(30);
    }

    @Test
    void shouldSteerOnlyFromItsOwnEntityInTheLatestSnapshot() {
        // One wanderer-or-traveller, answered by hand instead of by a world.
        SyntheticPlayers players = new SyntheticPlayers(CONFIG, Scenario.STEADY, 1, 6);
        List<Command> out = new ArrayList<>();
        long tick = 0;
        while (out.isEmpty()) {
            players.tick(tick++, out);
        }
        Command.Join join = (Command.Join) out.getFirst();
        assertThat(join.name()).isEqualTo("syn-0");
        assertThat(join.session()).isEqualTo("synthetic-" + join.connectionId());
        assertThat(players.joining()).isEqualTo(1);
        out.clear();
        players.tick(tick++, out);
        assertThat(out).as("nothing before the welcome").isEmpty();

        PlayerLinkProbe link = new PlayerLinkProbe(join);
        link.welcome(77);
        link.welcome(77);
        link.refuse();
        assertThat(players.online()).isEqualTo(1);
        assertThat(players.joining()).isZero();
        assertThat(players.counts().refusedJoins()).isZero();

        players.tick(tick++, out);
        assertThat(out).as("no snapshot yet: nowhere to steer from").isEmpty();
        assertThat(link.snapshot(tick, 78, 100, 100)).isTrue();
        players.tick(tick++, out);
        assertThat(out).as("own entity missing from the snapshot").isEmpty();

        assertThat(link.snapshot(tick, 77, 100, 100)).isTrue();
        players.tick(tick++, out);
        assertThat(out).singleElement().isInstanceOfSatisfying(Command.Move.class, move -> {
            assertThat(move.connectionId()).isEqualTo(join.connectionId());
            assertThat(move.seq()).isEqualTo(1);
        });
        // A traveller heads from where the world says it is straight for a point of interest.
        assertThat(players.online(Behaviour.TRAVEL)).isEqualTo(1);
        Command.Move move = (Command.Move) out.getFirst();
        Landmarks landmarks = players.landmarks();
        boolean towardAPoint = false;
        for (int poi = 0; poi < landmarks.pointsOfInterest(); poi++) {
            double dx = landmarks.poiX(poi) - 100;
            double dy = landmarks.poiY(poi) - 100;
            double distance = Math.hypot(dx, dy);
            towardAPoint |= Math.abs(dx / distance - move.dx()) < 1e-9 && Math.abs(dy / distance - move.dy()) < 1e-9;
        }
        assertThat(towardAPoint).isTrue();

        // Reported elsewhere (the world knows best), it re-aims from there at its next refresh.
        out.clear();
        link.snapshot(tick, 77, 900, 900);
        for (int i = 0; i < TICKS_PER_SECOND && out.isEmpty(); i++) {
            players.tick(tick++, out);
        }
        assertThat(out).singleElement().isInstanceOfSatisfying(Command.Move.class, again -> {
            assertThat(again.seq()).isEqualTo(2);
            assertThat(again.dx() * move.dx() + again.dy() * move.dy()).as("a new heading").isLessThan(0.99);
        });
    }

    /** Plays the world's side of one connection. */
    private record PlayerLinkProbe(Command.Join join) {
        void welcome(long entityId) {
            join.link().onJoined(new dev.ludus.protocol.ServerMessage.Welcome(join.session(), entityId,
                CONFIG.tickRateHz(), CONFIG.widthMetres(), CONFIG.heightMetres(), CONFIG.aoiRadiusMetres(),
                CONFIG.spawnXMetres(), CONFIG.spawnYMetres(), CONFIG.playerSpeedMetresPerSecond()));
        }

        void refuse() {
            join.link().onJoinRefused(new dev.ludus.protocol.ServerMessage.ErrorMessage(ErrorCode.SERVER_FULL, "full"));
        }

        boolean snapshot(long tick, long entityId, double x, double y) {
            return join.link().onSnapshot(new dev.ludus.protocol.ServerMessage.Snapshot(tick, 0, -1,
                List.of(new dev.ludus.protocol.EntityState(entityId, EntityKind.PLAYER, x, y, 0, 0)), List.of()));
        }
    }

    @Test
    void shouldHaveNoHotspotToPickOutsideTheHotspotScenario() {
        Landmarks landmarks = new SyntheticPlayers(CONFIG, Scenario.INFLUX, 0, 1).landmarks();
        assertThatThrownBy(() -> landmarks.pickHotspot(new java.util.SplittableRandom(1)))
            .isInstanceOf(IllegalStateException.class);
        assertThat(landmarks.pointsOfInterest()).isEqualTo(16);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int[] visits = new int[landmarks.pointsOfInterest()];
        int current = -1;
        for (int i = 0; i < 10_000; i++) {
            current = landmarks.pickPointOfInterest(random, current);
            visits[current]++;
        }
        // Zipf popularity: the first place far more visited than the last.
        assertThat(visits[0]).isGreaterThan(5 * visits[visits.length - 1]);
    }

    private static double uniformShareNearHotspots(Run run, double radius) {
        int near = 0;
        int samples = 0;
        for (double x = 0.5; x < 1000; x += 2) {
            for (double y = 0.5; y < 1000; y += 2) {
                samples++;
                if (run.nearHotspot(x, y, radius)) {
                    near++;
                }
            }
        }
        return (double) near / samples;
    }
}
