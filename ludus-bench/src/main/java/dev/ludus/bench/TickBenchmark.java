package dev.ludus.bench;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.arena.ArenaRules;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link Simulation#tick} of the reference world with {@code players} connected players and no
 * network: the arena's 10,000 wandering NPCs ({@link ArenaConfig#DEFAULTS}), movement, and one
 * area-of-interest snapshot built per player and handed to a {@link PlayerLink} that only counts what
 * it receives.
 *
 * <p>The reference world: 4000 m x 4000 m, 32 m cells, 100 m area of interest, 20 Hz, seed 42; players
 * spawn within {@value #SPAWN_RADIUS_METRES} m of the centre and walk at
 * {@value #PLAYER_SPEED_METRES_PER_SECOND} m/s. In setup every player joins and is given a seeded
 * random heading, then the world runs {@value #SPREAD_TICKS} ticks (30 s) so the crowd spreads out.
 * While measured, each player paces back and forth along its heading, turning round every
 * {@value #TURN_TICKS} ticks (1 s; the first turn comes after half of that), so every player keeps
 * moving yet the crowd keeps the spread it had after 30 s (each player 147.5 m to 152.5 m from where it
 * spawned) however many ticks JMH runs. The turns are {@link Command.Move}s applied inside measured
 * ticks: one input per player every {@value #TURN_TICKS} ticks.
 *
 * <p>{@code workers} is the simulation's worker count (1: everything on the benchmark's thread).
 *
 * <p>Score: milliseconds per tick. A 20 Hz tick has a 50 ms budget.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TickBenchmark {
    static final double SPAWN_RADIUS_METRES = 100;
    static final double PLAYER_SPEED_METRES_PER_SECOND = 5;
    static final int SPREAD_TICKS = 600;
    static final int TURN_TICKS = 20;
    private static final long START_TIME_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** Connected players. */
    @Param({"0", "100", "1000"})
    public int players;

    /** Threads that tick regions and build snapshots, the benchmark's thread included. */
    @Param({"1", "2"})
    public int workers;

    private final SnapshotSink sink = new SnapshotSink();
    private final FailureRecorder failures = new FailureRecorder();
    private Simulation simulation;
    private double[] headingX;
    private double[] headingY;
    private long moveSeq;
    private long measuredTicks;
    private long serverTimeMs;

    /** The reference world's configuration, with room for the largest {@link #players} value. */
    static WorldConfig referenceWorld() {
        return new WorldConfig(4000, 4000, 32, 100, 20, 1000, 2000, 2000, SPAWN_RADIUS_METRES,
            PLAYER_SPEED_METRES_PER_SECOND, 42);
    }

    /**
     * Builds the world, joins the players and lets them spread for {@value #SPREAD_TICKS} ticks.
     *
     * @throws IllegalStateException when a join is refused or a tick reports an error
     */
    @Setup
    public void setUp() {
        WorldConfig config = referenceWorld();
        simulation = new Simulation(config, new ArenaRules(ArenaConfig.DEFAULTS), failures, workers, System::nanoTime);
        serverTimeMs = START_TIME_MS;
        headingX = new double[players];
        headingY = new double[players];
        SplittableRandom random = new SplittableRandom(config.seed() + 1);
        for (int i = 0; i < players; i++) {
            simulation.submit(new Command.Join(connectionId(i), "bot-" + i, "bench-session-" + i, sink));
            double heading = random.nextDouble() * 2 * Math.PI;
            headingX[i] = Math.cos(heading);
            headingY[i] = Math.sin(heading);
        }
        sendHeadings();
        for (int t = 0; t < SPREAD_TICKS; t++) {
            advance();
        }
        failures.throwIfAny();
        if (sink.joined != players || simulation.playerCount() != players) {
            throw new IllegalStateException("players : " + simulation.playerCount() + " joined, " + sink.refused
                + " refused (expected: " + players + " joined)");
        }
        sink.reset();
    }

    /**
     * @return entities delivered so far, so the snapshots are not dead
     */
    @Benchmark
    public long tick() {
        if (measuredTicks % TURN_TICKS == TURN_TICKS / 2) {
            turnRound();
        }
        measuredTicks++;
        advance();
        return sink.entities.sum();
    }

    /**
     * Reports what each player saw, then fails the run if a tick reported an error.
     *
     * @throws IllegalStateException when the simulation reported an error
     */
    @TearDown
    public void tearDown() {
        if (sink.snapshots.sum() > 0) {
            System.out.printf("%nplayers=%d workers=%d: %d ticks measured, %.1f entities and %.2f removals per snapshot%n",
                players, workers, measuredTicks, (double) sink.entities.sum() / sink.snapshots.sum(),
                (double) sink.removed.sum() / sink.snapshots.sum());
        }
        simulation.close();
        failures.throwIfAny();
    }

    private void advance() {
        simulation.tick(serverTimeMs);
        serverTimeMs += 50;
    }

    private void turnRound() {
        for (int i = 0; i < players; i++) {
            headingX[i] = -headingX[i];
            headingY[i] = -headingY[i];
        }
        sendHeadings();
    }

    private void sendHeadings() {
        moveSeq++;
        for (int i = 0; i < players; i++) {
            simulation.submit(new Command.Move(connectionId(i), moveSeq, headingX[i], headingY[i]));
        }
    }

    private static long connectionId(int player) {
        return player + 1L;
    }

    /**
     * Stands in for the network: counts what the world sends, keeps nothing. Snapshots arrive on the
     * simulation's workers, several at once, hence the adders.
     */
    static final class SnapshotSink implements PlayerLink {
        int joined;
        int refused;
        final LongAdder snapshots = new LongAdder();
        final LongAdder entities = new LongAdder();
        final LongAdder removed = new LongAdder();

        @Override
        public void onJoined(ServerMessage.Welcome welcome) {
            joined++;
        }

        @Override
        public void onJoinRefused(ServerMessage.ErrorMessage reason) {
            refused++;
        }

        @Override
        public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
            snapshots.increment();
            entities.add(snapshot.entities().size());
            removed.add(snapshot.removed().size());
            return true;
        }

        void reset() {
            snapshots.reset();
            entities.reset();
            removed.reset();
        }
    }

    /** Keeps the first error the simulation reports (a listener must not throw), for setup and teardown to raise. */
    static final class FailureRecorder implements SimulationListener {
        private String firstContext;
        private Exception firstError;
        private int count;

        @Override
        public void onError(String context, Exception error) {
            if (count++ == 0) {
                firstContext = context;
                firstError = error;
            }
        }

        void throwIfAny() {
            if (count > 0) {
                throw new IllegalStateException(count + " simulation errors; first: " + firstContext, firstError);
            }
        }
    }
}
