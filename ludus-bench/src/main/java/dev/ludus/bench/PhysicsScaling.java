package dev.ludus.bench;

import dev.ludus.arena.ArenaConfig;
import dev.ludus.arena.ArenaRules;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.LoadConfig;
import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Physics work against player count (issue 4: "physics work grows linearly with player count"): for
 * 1,000, 2,000, 4,000 and 8,000 players, the rigid bodies stepped per tick and the time stepping them,
 * with a least-squares line through each and its coefficient of determination R².
 *
 * <p>The world grows with its players, as a real shard's map does: {@value #KM2_PER_1000_PLAYERS} km²
 * per 1,000 players (250 players per km²), 32 m cells, 100 m area of interest, 20 Hz, seed 42, the
 * reference game's 50 rocks and 50 boulders per km², one NPC per player (herds of 4), no items,
 * resources or world events. Players join spread uniformly over the world and walk at 5 m/s on seeded
 * random headings, each turning to a new heading every {@value #TURN_TICKS} ticks; {@value #WARMUP_TICKS}
 * ticks of warm-up, then {@value #MEASURED_TICKS} measured. The tick budget is unbounded so the planner
 * never sheds: every tick runs at physics precision level 0, with level of detail by ring (near every
 * tick, ring 2 every 2nd tick, far asleep). One worker, so the time is one core's. A first run at the
 * smallest count, not reported, warms the JIT. The counts run {@value #ROUNDS} times, interleaved; the
 * bodies stepped are the same every time (the run is deterministic), the time is not: the fit takes
 * each count's fastest run, the one least disturbed by other work on the machine.
 *
 * <p>Run: {@code ./ludus bench -h > /dev/null; java -cp ludus-bench/target/benchmarks.jar dev.ludus.bench.PhysicsScaling}
 * (the first command builds the jar when sources changed). Prints one line per player count and the fits.
 */
public final class PhysicsScaling {
    static final double KM2_PER_1000_PLAYERS = 4;
    static final int WARMUP_TICKS = 200;
    static final int MEASURED_TICKS = 400;
    static final int TURN_TICKS = 20;
    static final int[] PLAYERS = {1000, 2000, 4000, 8000};
    /** Runs per player count, interleaved (1k, 2k, 4k, 8k, then again), so a burst of load on the shared machine hits one run, not one count. */
    static final int ROUNDS = 3;

    private PhysicsScaling() {
    }

    /**
     * @param args optional: player counts to run instead of the default four
     */
    public static void main(String[] args) {
        int[] counts = args.length == 0 ? PLAYERS : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        // A first run, not reported, so the JIT has compiled the tick before the first figure is taken.
        run(counts[0]);
        double[][][] results = new double[counts.length][ROUNDS][];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < counts.length; i++) {
                results[i][round] = run(counts[i]);
                System.out.printf(Locale.ROOT, "round %d: %d players, %.1f bodies stepped and %.1f us of physics per tick%n",
                    round + 1, counts[i], results[i][round][0], results[i][round][1]);
            }
        }
        double[] players = new double[counts.length];
        double[] bodies = new double[counts.length];
        double[] micros = new double[counts.length];
        System.out.println("players  world_m  bodies  stepped/tick  physics_us/tick(min)  (median)  ns/body-step  tick_ms(median)");
        for (int i = 0; i < counts.length; i++) {
            double[] time = new double[ROUNDS];
            double[] tick = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                time[round] = results[i][round][1];
                tick[round] = results[i][round][2];
            }
            java.util.Arrays.sort(time);
            java.util.Arrays.sort(tick);
            players[i] = counts[i];
            bodies[i] = results[i][0][0];
            micros[i] = time[0];
            System.out.printf(Locale.ROOT, "%7d  %7.0f  %6.0f  %12.1f  %20.1f  %8.1f  %12.0f  %15.2f%n", counts[i],
                results[i][0][3], results[i][0][4], bodies[i], time[0], time[ROUNDS / 2],
                bodies[i] == 0 ? 0 : time[0] * 1000 / bodies[i], tick[ROUNDS / 2]);
        }
        print("bodies stepped per tick", players, bodies);
        print("physics time per tick (min of rounds), us", players, micros);
    }

    private static void print(String what, double[] x, double[] y) {
        double[] fit = fit(x, y);
        System.out.printf(Locale.ROOT, "%s = %.5f x players %+.2f, R^2 = %.4f%n", what, fit[0], fit[1], fit[2]);
    }

    /**
     * Ordinary least squares of y on x.
     *
     * @return {slope, intercept, R²}; R² is 1 - SS_res / SS_tot
     */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residual = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - (slope * x[i] + intercept);
            residual += e * e;
        }
        return new double[] {slope, intercept, syy == 0 ? 1 : 1 - residual / syy};
    }

    /** @return {bodies stepped per tick, physics µs per tick, tick ms, world side m, bodies} */
    static double[] run(int playerCount) {
        double side = Math.sqrt(KM2_PER_1000_PLAYERS * playerCount / 1000.0) * 1000;
        WorldConfig config = new WorldConfig(side, side, 32, 100, 20, playerCount, side / 2, side / 2, 0, 5, 42, side);
        ArenaConfig arena = new ArenaConfig(playerCount, 1.4, 4, 0.25, 4, 50, 0, 0, false);
        Failures failures = new Failures();
        try (Simulation simulation = new Simulation(config, new ArenaRules(arena), failures, 1, System::nanoTime)) {
            simulation.loadConfig(LoadConfig.defaults(config, 1).withBudget(Long.MAX_VALUE / 4));
            PlayerLink link = new PlayerLink() {
                @Override
                public void onJoined(ServerMessage.Welcome welcome) {
                }

                @Override
                public void onJoinRefused(ServerMessage.ErrorMessage reason) {
                    throw new IllegalStateException("join refused: " + reason);
                }

                @Override
                public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
                    return true;
                }
            };
            for (int p = 0; p < playerCount; p++) {
                simulation.submit(new Command.Join(p + 1, "bot-" + p, "s" + p, link));
            }
            SplittableRandom random = new SplittableRandom(43);
            long seq = 0;
            LoadStats start = null;
            long tickNanos = 0;
            for (int t = 0; t < WARMUP_TICKS + MEASURED_TICKS; t++) {
                if (t % TURN_TICKS == 0) {
                    seq++;
                    for (int p = 0; p < playerCount; p++) {
                        double heading = random.nextDouble() * 2 * Math.PI;
                        simulation.submit(new Command.Move(p + 1, seq, Math.cos(heading), Math.sin(heading)));
                    }
                }
                if (t == WARMUP_TICKS) {
                    start = simulation.loadStats();
                }
                long begin = System.nanoTime();
                simulation.tick(1_767_225_600_000L + 50L * t);
                if (t >= WARMUP_TICKS) {
                    tickNanos += System.nanoTime() - begin;
                }
            }
            failures.throwIfAny();
            LoadStats end = simulation.loadStats();
            return new double[] {(double) (end.bodiesStepped() - start.bodiesStepped()) / MEASURED_TICKS,
                (end.physicsNanos() - start.physicsNanos()) / 1e3 / MEASURED_TICKS, tickNanos / 1e6 / MEASURED_TICKS,
                side, simulation.rigidBodies().size()};
        }
    }

    /** Fails the run on the first error a tick reports. */
    private static final class Failures implements SimulationListener {
        private RuntimeException first;

        @Override
        public void onError(String context, Exception error) {
            if (first == null) {
                first = new IllegalStateException(context, error);
            }
        }

        void throwIfAny() {
            if (first != null) {
                throw first;
            }
        }
    }
}
