package dev.ludus.bench;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.ActionConfig;
import dev.ludus.sim.action.ActionEngine;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.space.IntList;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One tick's worth of player actions through the {@link ActionEngine} on one thread: submit, then
 * {@link ActionEngine#resolve} (validation, lag compensation, ordering, interaction groups, conflict
 * rules, apply, answers). Issue 5 asks for at least 1,000,000 actions a second on one core.
 *
 * <p>The mix, per cluster of four players standing within 2 m of an item and a resource node (clusters
 * 30 m apart), eight actions a tick: two ranged shots (a head hit and a body hit, lag-compensated
 * against a recorded frame), two pick-ups of the same item (a conflict: one wins, one gets
 * {@code item_gone}), one harvest, a trade offer and its mirror acceptance (a swap), and one item use;
 * in every fourth cluster the use is replaced by an attack on an id that never existed (a rejection).
 * So 25 % attacks, 25 % pick-ups (half of them losing a conflict), 12.5 % harvests, 25 % trades,
 * about 9 % uses and 3 % invalid actions. Between invocations (not timed) the taken items are put
 * back, the players return to their clusters and get the goods they trade, and the clock moves 100
 * ticks on so cooldowns and offers have passed. Score: actions per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ActionBenchmark {
    static final int CLUSTERS = 256;
    static final int ACTIONS = CLUSTERS * 8;

    /** Players per world: the clusters' players; more make the per-player tables larger. */
    @Param({"1024"})
    public int players;

    World world;
    ActionEngine engine;
    long[][] cluster;
    long[] item;
    double[][] home;
    long tick = 10;
    long seq;

    /** Builds the world: clusters of four players with an item and a resource node each. */
    @Setup(Level.Trial)
    public void setUp() {
        WorldConfig config = new WorldConfig(2000, 2000, 32, 100, 20, players, 1000, 1000, 5, 5, 42);
        world = new World(config);
        engine = new ActionEngine(world, ActionConfig.reference(20, 5), 42);
        cluster = new long[CLUSTERS][4];
        item = new long[CLUSTERS];
        home = new double[CLUSTERS * 4][2];
        for (int c = 0; c < CLUSTERS; c++) {
            double x = 50 + 30 * (c % 60);
            double y = 50 + 30 * (c / 60);
            for (int p = 0; p < 4; p++) {
                double px = x + (p % 2) * 1.5;
                double py = y + (p / 2) * 1.5;
                int slot = world.spawn(EntityKind.PLAYER, px, py);
                cluster[c][p] = world.id(slot);
                engine.addPlayer(cluster[c][p], p);
                home[4 * c + p][0] = px;
                home[4 * c + p][1] = py;
            }
            engine.spawnResource("wood", Integer.MAX_VALUE, x + 0.75, y + 2.5);
        }
        IntList all = new IntList(CLUSTERS * 5);
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            all.add(slot);
        }
        engine.recordFrame(tick - 1, List.of(all));
    }

    /** Not timed: items back, players home, goods to trade, cooldowns past. */
    @Setup(Level.Invocation)
    public void prepareTick() {
        tick += 100;
        for (int c = 0; c < CLUSTERS; c++) {
            if (item[c] == 0 || world.slotOf(item[c]) < 0) {
                double[] at = home[4 * c];
                item[c] = world.id(engine.spawnItem("gold", at[0] + 0.75, at[1] + 0.75));
            }
            for (int p = 0; p < 4; p++) {
                long id = cluster[c][p];
                int slot = world.slotOf(id);
                world.moveTo(slot, home[4 * c + p][0], home[4 * c + p][1]);
            }
            topUp(cluster[c][2], "wood", 1);
            topUp(cluster[c][3], "gold", 1);
            topUp(cluster[c][3], "potion", 1);
        }
        IntList all = new IntList(world.slotLimit());
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.isLive(slot)) {
                all.add(slot);
            }
        }
        engine.recordFrame(tick - 1, List.of(all));
    }

    private void topUp(long player, String name, int atLeast) {
        int have = engine.inventory(player).getOrDefault(name, 0);
        if (have < atLeast) {
            engine.update(player, engine.version(player), name, atLeast - have);
        }
    }

    /**
     * Submits and resolves one tick of actions.
     *
     * @param blackhole consumes the answers
     */
    @Benchmark
    @OperationsPerInvocation(ACTIONS)
    public void resolveTick(Blackhole blackhole) {
        long view = tick - 1;
        for (int c = 0; c < CLUSTERS; c++) {
            long[] p = cluster[c];
            double[] a0 = home[4 * c];
            double[] a2 = home[4 * c + 2];
            double[] a3 = home[4 * c + 3];
            engine.submit(p[0], ++seq, view, new ActionRequest.Attack(p[2], Weapon.RANGED, a2[0] - a0[0], a2[1] - a0[1]));
            engine.submit(p[0], ++seq, view, new ActionRequest.PickUp(item[c]));
            engine.submit(p[1], ++seq, view, new ActionRequest.PickUp(item[c]));
            engine.submit(p[1], ++seq, view, new ActionRequest.Harvest(firstNode(c)));
            engine.submit(p[2], ++seq, view, new ActionRequest.Attack(p[3], Weapon.RANGED, a3[0] - a2[0], a3[1] - a2[1] + 0.3));
            engine.submit(p[2], ++seq, view, new ActionRequest.Trade(p[3], "wood", 1, "gold", 1));
            engine.submit(p[3], ++seq, view, new ActionRequest.Trade(p[2], "gold", 1, "wood", 1));
            if (c % 4 == 3) {
                engine.submit(p[3], ++seq, view, new ActionRequest.Attack(Long.MAX_VALUE, Weapon.MELEE, 1, 0));
            } else {
                engine.submit(p[3], ++seq, view, new ActionRequest.UseItem("potion"));
            }
        }
        engine.resolve(tick, (player, s, action, reason, detail, hit, damage) -> blackhole.consume(reason));
        engine.changedPlayers().clear();
    }

    /** Resource nodes were spawned right after each cluster's four players: id = first player + 4. */
    private long firstNode(int c) {
        return cluster[c][3] + 1;
    }
}
