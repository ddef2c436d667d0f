package dev.ludus.arena;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.sim.worldevent.DensityMap;
import dev.ludus.sim.worldevent.EventDirector;
import dev.ludus.sim.worldevent.EventKind;
import dev.ludus.sim.worldevent.EventKind.Effect;
import dev.ludus.sim.worldevent.WorldEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The reference game's world events (DESIGN.md §4, step 7): groups of NPCs that appear where players
 * gather, or in empty places near them, and leave when the event ends.
 *
 * <p>Every tick, on the tick thread ({@link ArenaRules#beforeTick}):
 * <ol>
 *   <li>Entities spawned since the last tick are looked at once, by id (ids count up and are never
 *       reused), and players among them are remembered; so the density map never scans the NPCs.</li>
 *   <li>Once a second of ticks, the {@link DensityMap} ({@value #CELL_METRES} m cells rounded to a
 *       whole number of the world's cells, half-life {@value #HALF_LIFE_SECONDS} s) decays and counts
 *       the remembered players still alive; those gone are forgotten.</li>
 *   <li>NPCs of events whose end tick has come are despawned (those players killed already are gone).</li>
 *   <li>The {@link EventDirector} (every {@value #EVALUATION_SECONDS} s, at most
 *       {@value #MAX_CONCURRENT} events at once, ATTRACT within {@value #ATTRACT_REACH_CELLS} cells)
 *       starts events; each spawns {@link WorldEvent#size()} NPCs uniformly in its disc, standing
 *       (not wandering), away from rocks.</li>
 * </ol>
 * Every draw comes from the generator {@code beforeTick} hands over, seeded by (world seed, tick),
 * so events are the same for any number of workers and in a replay. With no players the map stays
 * empty and no event starts. The catalogue is {@link #catalogue()}.
 *
 * <p>Cost per tick: the new entities of the tick, plus once a second the players and the map's cells
 * (a 10 km world has 1,600). Not thread-safe: the tick thread's.
 */
final class ArenaEvents {
    /** Side of a density cell, metres (rounded to whole world cells): about three minutes' walk at 1.4 m/s. */
    static final double CELL_METRES = 256;
    /** A crowd must linger about this long to count as one, seconds. */
    static final double HALF_LIFE_SECONDS = 60;
    /** Time between the director's evaluations, seconds. */
    static final double EVALUATION_SECONDS = 5;
    /** Events running at once in one world. */
    static final int MAX_CONCURRENT = 16;
    /** Players within this many density cells are drawn by an ATTRACT event. */
    static final int ATTRACT_REACH_CELLS = 2;
    /** Tries to place one event NPC outside rocks before it stands at the event's centre. */
    private static final int PLACEMENT_TRIES = 8;

    /**
     * The catalogue: skirmishes scaled to small crowds, sieges to large ones, stampedes that scatter
     * very large ones into the four neighbouring cells, and treasure guards and caravans in empty
     * cells near a few or many players. Difficulties and sizes are the reference game's own tuning.
     *
     * @return the kinds of event, in the director's order
     */
    static List<EventKind> catalogue() {
        return List.of(
            new EventKind("skirmish", Effect.SCALED, 3, 30, 1, 0.15, 4, 40, 90, 120, 10),
            new EventKind("siege", Effect.SCALED, 20, 200, 3, 0.05, 5, 80, 120, 300, 60),
            new EventKind("stampede", Effect.DISPERSE, 40, 100_000, 2, 0.02, 3, 60, 60, 300, 120),
            new EventKind("treasure", Effect.ATTRACT, 1, 15, 0.5, 0, 4, 20, 60, 180, 20),
            new EventKind("caravan", Effect.ATTRACT, 10, 100_000, 1, 0.02, 4, 30, 90, 300, 60));
    }

    private final DensityMap density;
    private final EventDirector director;
    private final int densityEveryTicks;
    private final double densitySeconds;
    private long nextUnseenId = 1;
    private long[] players = new long[64];
    private int playerCount;
    private final List<Spawned> running = new ArrayList<>();
    private int eventNpcs;

    /** The NPCs one event spawned, by id, and when they leave. */
    private record Spawned(long endTick, long[] npcIds) {
    }

    /** @param config the world's configuration */
    ArenaEvents(WorldConfig config) {
        double cell = Math.max(1, Math.round(CELL_METRES / config.cellSizeMetres())) * config.cellSizeMetres();
        this.density = new DensityMap(config.widthMetres(), config.heightMetres(), cell, HALF_LIFE_SECONDS);
        this.director = new EventDirector(catalogue(), density, config.tickRateHz(), EVALUATION_SECONDS,
            MAX_CONCURRENT, ATTRACT_REACH_CELLS);
        this.densityEveryTicks = config.tickRateHz();
        this.densitySeconds = (double) densityEveryTicks / config.tickRateHz();
    }

    /** Runs the steps of the class comment for one tick. */
    void beforeTick(World world, long tick, RandomGenerator random) {
        discoverPlayers(world);
        if (tick % densityEveryTicks == 0) {
            countPlayers(world);
        }
        endEvents(world, tick);
        for (WorldEvent event : director.evaluate(tick, random)) {
            spawn(world, event, random);
        }
    }

    private void discoverPlayers(World world) {
        for (; world.wasIssued(nextUnseenId); nextUnseenId++) {
            int slot = world.slotOf(nextUnseenId);
            if (slot >= 0 && world.kind(slot) == EntityKind.PLAYER) {
                if (playerCount == players.length) {
                    players = Arrays.copyOf(players, playerCount * 2);
                }
                players[playerCount++] = nextUnseenId;
            }
        }
    }

    private void countPlayers(World world) {
        density.decay(densitySeconds);
        for (int i = 0; i < playerCount; ) {
            int slot = world.slotOf(players[i]);
            if (slot < 0) {
                players[i] = players[--playerCount];
                continue;
            }
            density.add(world.x(slot), world.y(slot));
            i++;
        }
    }

    private void endEvents(World world, long tick) {
        for (int e = running.size() - 1; e >= 0; e--) {
            Spawned spawned = running.get(e);
            if (spawned.endTick() > tick) {
                continue;
            }
            for (long id : spawned.npcIds()) {
                int slot = world.slotOf(id);
                if (slot >= 0) {
                    world.despawn(slot);
                    eventNpcs--;
                }
            }
            running.remove(e);
        }
    }

    private void spawn(World world, WorldEvent event, RandomGenerator random) {
        long[] ids = new long[event.size()];
        for (int i = 0; i < ids.length; i++) {
            double x = event.xMetres();
            double y = event.yMetres();
            for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
                double angle = random.nextDouble() * 2 * Math.PI;
                double distance = event.radiusMetres() * Math.sqrt(random.nextDouble());
                double tryX = Math.clamp(event.xMetres() + distance * Math.cos(angle), 0, world.config().widthMetres());
                double tryY = Math.clamp(event.yMetres() + distance * Math.sin(angle), 0, world.config().heightMetres());
                if (!world.obstacles().contains(tryX, tryY)) {
                    x = tryX;
                    y = tryY;
                    break;
                }
            }
            ids[i] = world.id(world.spawn(EntityKind.NPC, x, y));
        }
        eventNpcs += ids.length;
        running.add(new Spawned(event.endTick(), ids));
    }

    /** @return the director, for its counters and running events */
    EventDirector director() {
        return director;
    }

    /** @return the density map */
    DensityMap density() {
        return density;
    }

    /** @return NPCs spawned by running events and not despawned by them yet (players may have killed some since) */
    int eventNpcs() {
        return eventNpcs;
    }

    /** @return players being counted */
    int players() {
        return playerCount;
    }
}
