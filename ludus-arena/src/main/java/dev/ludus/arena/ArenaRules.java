package dev.ludus.arena;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.action.ActionEngine;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.sim.space.Grid;
import dev.ludus.sim.space.IntList;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.Mail;
import dev.ludus.sim.world.RegionTick;
import dev.ludus.sim.world.World;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The reference game: a field of wandering herds of NPCs.
 *
 * <p>NPCs spawn in herds of {@link ArenaConfig#herdSize()}: the leader uniformly over the world, its
 * followers within {@value #HERD_SPAWN_RADIUS_METRES} m of it. A leader alternates between walking in
 * a straight line and resting; every tick it keeps its current choice with probability
 * {@code exp(-dt / mean)}, which makes the time between choices exponentially distributed with mean
 * {@link ArenaConfig#meanWanderSeconds()} whatever the tick rate. When it chooses, it tells its
 * followers by {@link Mail} ({@link Heading}); at the tick boundary each follower takes the heading,
 * turned by a uniform angle within {@value #FOLLOWER_SPREAD_DEGREES} degrees either way, so a herd
 * moves together and slowly spreads out. Herd members can end up in different regions, or asleep in
 * a dormant cell: mail reaches them wherever they are. An NPC that stands on the world's edge turns to
 * walk inward, so NPCs never pile up against the border.
 *
 * <p>A herd is {@code herdSize} consecutive NPC ids from the first id {@link #populate} spawned (the
 * leader first), so the rules keep no table per NPC. One instance serves one world.
 *
 * <p>With {@link ArenaConfig#worldEvents()} on, {@link #beforeTick} runs world events driven by
 * player density ({@link ArenaEvents}): groups of standing NPCs, spawned where players gather or in
 * empty places near them, despawned when the event ends. Event NPCs do not wander (they are in no
 * herd); the rest of the rules treat them as any NPC.
 *
 * <p><b>Behaviours and their level of detail</b> (issue 4). Each NPC runs a small behaviour tree: a
 * root selector whose first children are the <i>critical</i> behaviours (talk, flee, hunt: see
 * {@link #engage}) and whose last child is the <i>routine</i> one (wander). Critical behaviours run every tick,
 * whatever the load: a quest giver (the leader of one herd in {@value #QUEST_GIVER_EVERY}) stops and
 * faces a player within {@value #TALK_RADIUS_METRES} m; a wounded NPC flees from a player within
 * {@value #FLEE_RADIUS_METRES} m; a predator (one herd in {@value #PREDATOR_HERD_EVERY}) chases a
 * player within {@value #AGGRO_RADIUS_METRES} m, stops at {@value #STRIKE_RANGE_METRES} m and strikes
 * once every {@value #STRIKE_INTERVAL_SECONDS} s of simulated time for {@value #PREDATOR_DAMAGE} damage
 * (a {@link Strike} mailed to the player, which the action engine applies at the next tick's start:
 * a player who stepped out of reach by then dodges it). The rest (a leader's wander choice, turning at the edge) is
 * <i>non-critical</i> and follows the region tick's level of detail: an NPC within one cell of a
 * player is evaluated every tick, two cells every 2nd tick, farther every 4th, each interval
 * multiplied by {@code 2^}{@link RegionTick#aiThrottleLevel()} under load; none of a region's
 * INTERACTIVE (within two cells) or AMBIENT (farther) behaviours run in a tick the scheduler deferred
 * that work. A thinned evaluation covers the ticks since the last one, so a herd still changes course
 * every {@link ArenaConfig#meanWanderSeconds()} on average. With level of detail off every behaviour
 * runs every tick.
 *
 * <p><b>Boulders</b> ({@link #populatePhysics}): one rigid body per rock, lying outside the rocks, that
 * players shove and rocks stop; the simulation steps them with level of detail (issue 4).
 *
 * <p>{@link #onTick} is safe to call for different regions at once (it keeps no state of its own
 * besides the first NPC id, set by {@link #populate}); deterministic under the world's seed.
 */
public final class ArenaRules implements GameRules {
    /** Followers spawn within this distance of their leader, metres. */
    static final double HERD_SPAWN_RADIUS_METRES = 5;
    /** A follower turns the leader's heading by up to this angle either way, degrees. */
    static final double FOLLOWER_SPREAD_DEGREES = 15;

    /**
     * A leader's new velocity, sent to its followers.
     *
     * @param vxMetresPerSecond x component, metres per second
     * @param vyMetresPerSecond y component, metres per second; both 0 for a rest
     */
    public record Heading(double vxMetresPerSecond, double vyMetresPerSecond) {
    }

    /**
     * A predator's strike, mailed to the player it strikes; {@link #onMail} queues it with the action
     * engine ({@link ActionEngine#strike}).
     *
     * @param damage health the strike takes, {@code >= 1}
     */
    public record Strike(int damage) {
    }

    /** A quest giver talks to a player this close, metres. */
    static final double TALK_RADIUS_METRES = 6;
    /** A wounded NPC flees from players this close, metres. */
    static final double FLEE_RADIUS_METRES = 25;
    /** A predator chases players this close, metres. */
    static final double AGGRO_RADIUS_METRES = 15;
    /** A predator stops to strike at this distance, metres (the reference melee range is 2.5 m). */
    static final double STRIKE_RANGE_METRES = 2;
    /** A predator in strike range strikes once per this much simulated time, seconds. */
    static final double STRIKE_INTERVAL_SECONDS = 1;
    /**
     * Health a predator's strike takes: a tenth of the reference game's 100, so a player caught alone
     * has ten seconds to fight back (a hit wounds the predator, which then flees) or to walk away.
     */
    static final int PREDATOR_DAMAGE = 10;
    /** Engaged NPCs move this many times faster than wandering ones. */
    static final double ENGAGED_SPEED_FACTOR = 2.5;
    /** One herd in this many is predators. */
    static final int PREDATOR_HERD_EVERY = 8;
    /** One herd leader in this many gives quests. */
    static final int QUEST_GIVER_EVERY = 50;

    /** Boulders lie about with this density relative to rocks: one beside every rock. */
    static final double BOULDERS_PER_ROCK = 1;
    /** A boulder's radius is drawn uniformly from this to twice this, metres. */
    static final double BOULDER_MIN_RADIUS_METRES = 0.4;
    /** A boulder's mass per square metre of its footprint, kg: a granite ball (2,700 kg/m³) of that radius is heavier; these are hollow props. */
    static final double BOULDER_KG_PER_M2 = 200;

    /** Units a resource node holds at start. */
    static final int NODE_UNITS = 20;
    /** Rocks keep this far from the spawn area, metres. */
    static final double SPAWN_CLEARANCE_METRES = 20;

    private final ArenaConfig config;
    private long firstNpcId = Long.MAX_VALUE;
    /** The world's action engine, read (never written) during the region phase for NPC health. */
    private volatile ActionEngine actions;
    /** World events, made at the first {@link #beforeTick} when they are on; tick thread only. */
    private volatile ArenaEvents events;

    /** @param config the game's settings */
    public ArenaRules(ArenaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void populate(World world, RandomGenerator random) {
        double width = world.config().widthMetres();
        double height = world.config().heightMetres();
        placeRocks(world, random);
        int herd = config.herdSize();
        int herds = (config.npcCount() + herd - 1) / herd;
        if (herds >= 1 << 24) {
            throw new IllegalArgumentException("npcCount : " + config.npcCount() + " (expected: fewer than "
                + (1 << 24) + " herds)");
        }
        // Leaders' places first, then spawned in Z-order of their cells, so that entities near each
        // other in the world are near each other in the world's arrays (a region's tick walks them in
        // slot order; cache lines then serve several neighbours).
        long[] order = new long[herds];
        double[] leaderX = new double[herds];
        double[] leaderY = new double[herds];
        double cell = world.config().cellSizeMetres();
        for (int h = 0; h < herds; h++) {
            do {
                leaderX[h] = random.nextDouble() * width;
                leaderY[h] = random.nextDouble() * height;
            } while (world.obstacles().contains(leaderX[h], leaderY[h]));
            order[h] = (Grid.morton((int) (leaderX[h] / cell), (int) (leaderY[h] / cell)) << 24) | h;
        }
        java.util.Arrays.sort(order);
        for (int k = 0; k < herds; k++) {
            int h = (int) (order[k] & 0xffffff);
            int leader = world.spawn(EntityKind.NPC, leaderX[h], leaderY[h]);
            choose(world, leader, random);
            if (firstNpcId == Long.MAX_VALUE) {
                firstNpcId = world.id(leader);
            }
            // Herds are consecutive ids, leader first; only the last one spawned may be short.
            int members = Math.min(herd, config.npcCount() - k * herd);
            for (int i = 1; i < members; i++) {
                double angle = random.nextDouble() * 2 * Math.PI;
                double distance = HERD_SPAWN_RADIUS_METRES * Math.sqrt(random.nextDouble());
                double x = leaderX[h] + distance * Math.cos(angle);
                double y = leaderY[h] + distance * Math.sin(angle);
                if (world.obstacles().blocked(leaderX[h], leaderY[h], x, y)) {
                    x = leaderX[h];
                    y = leaderY[h];
                }
                int follower = world.spawn(EntityKind.NPC, x, y);
                follow(world, follower, world.vx(leader), world.vy(leader), random);
            }
        }
    }

    /**
     * Rocks: squares 2 to 6 m a side, uniformly over the world, none within {@value #SPAWN_CLEARANCE_METRES}
     * m of the spawn disc (or of the spawn point, where players respawn).
     */
    private void placeRocks(World world, RandomGenerator random) {
        WorldConfig c = world.config();
        long rocks = Math.round(config.rocksPerKm2() * c.widthMetres() * c.heightMetres() / 1e6);
        // A spawn disc stays clear; a spawn square (spread spawns) only around its centre, where players
        // respawn: the simulation re-draws a spawn position that falls inside a rock.
        double clearance = (c.spawnSquareMetres() > 0 ? 0 : c.spawnRadiusMetres()) + SPAWN_CLEARANCE_METRES;
        for (long i = 0; i < rocks; i++) {
            double side = 2 + 4 * random.nextDouble();
            double x = random.nextDouble() * (c.widthMetres() - side);
            double y = random.nextDouble() * (c.heightMetres() - side);
            if (Math.hypot(x + side / 2 - c.spawnXMetres(), y + side / 2 - c.spawnYMetres()) < clearance + side) {
                continue;
            }
            world.obstacles().add(x, y, x + side, y + side);
        }
    }

    /**
     * Resource nodes (wood and ore alternately, {@value #NODE_UNITS} units each) and items (gold,
     * potion, arrow in turn), uniformly over the world outside rocks.
     */
    @Override
    public void populateActions(ActionEngine actions, World world, RandomGenerator random) {
        this.actions = actions;
        WorldConfig c = world.config();
        double km2 = c.widthMetres() * c.heightMetres() / 1e6;
        long nodes = Math.round(config.resourceNodesPerKm2() * km2);
        String[] nodeItems = {"wood", "ore"};
        for (long i = 0; i < nodes; i++) {
            double[] at = freeSpot(world, random);
            actions.spawnResource(nodeItems[(int) (i % nodeItems.length)], NODE_UNITS, at[0], at[1]);
        }
        long items = Math.round(config.itemsPerKm2() * km2);
        String[] lying = {"gold", "potion", "arrow"};
        for (long i = 0; i < items; i++) {
            double[] at = freeSpot(world, random);
            actions.spawnItem(lying[(int) (i % lying.length)], at[0], at[1]);
        }
    }

    /**
     * Boulders: {@value #BOULDERS_PER_ROCK} per rock (so {@link ArenaConfig#rocksPerKm2()} per square
     * kilometre), uniformly over the world outside rocks, {@value #BOULDER_MIN_RADIUS_METRES} to twice
     * that in radius. Players shove them; they slide, stop, and come to rest against rocks.
     */
    @Override
    public void populatePhysics(dev.ludus.sim.physics.RigidBodies bodies, World world, RandomGenerator random) {
        long boulders = Math.round(world.obstacles().size() * BOULDERS_PER_ROCK);
        for (long i = 0; i < boulders; i++) {
            double[] at = freeSpot(world, random);
            double radius = BOULDER_MIN_RADIUS_METRES * (1 + random.nextDouble());
            bodies.add(at[0], at[1], radius, BOULDER_KG_PER_M2 * Math.PI * radius * radius);
        }
    }

    private static double[] freeSpot(World world, RandomGenerator random) {
        double x;
        double y;
        do {
            x = random.nextDouble() * world.config().widthMetres();
            y = random.nextDouble() * world.config().heightMetres();
        } while (world.obstacles().contains(x, y));
        return new double[] {x, y};
    }

    /** Runs world events when {@link ArenaConfig#worldEvents()} is on; nothing otherwise. */
    @Override
    public void beforeTick(World world, long tick, RandomGenerator random) {
        if (!config.worldEvents()) {
            return;
        }
        if (events == null) {
            events = new ArenaEvents(world.config());
        }
        events.beforeTick(world, tick, random);
    }

    /**
     * World events started so far, by kind, in catalogue order (all kinds listed, zeros included).
     * Tick thread, or after the simulation stopped.
     *
     * @return kind name to events started; empty when events are off or no tick has run
     */
    public java.util.Map<String, Long> worldEventsSpawned() {
        java.util.Map<String, Long> spawned = new java.util.LinkedHashMap<>();
        if (events != null) {
            for (String kind : worldEventKinds()) {
                spawned.put(kind, worldEventsStarted(kind));
            }
        }
        return spawned;
    }

    /** @return the names of the world events' kinds, in catalogue order */
    public static java.util.List<String> worldEventKinds() {
        return ArenaEvents.catalogue().stream().map(dev.ludus.sim.worldevent.EventKind::name).toList();
    }

    /**
     * Events of one kind started so far, for metrics: safe to read from any thread, and at most a
     * tick behind the tick thread.
     *
     * @param kind one of {@link #worldEventKinds()}
     * @return events started, 0 while events are off or before the first tick
     * @throws IllegalArgumentException when no kind has that name
     */
    public long worldEventsStarted(String kind) {
        ArenaEvents current = events;
        if (current == null) {
            if (!worldEventKinds().contains(kind)) {
                throw new IllegalArgumentException("kind : \"" + kind + "\" (expected: one of " + worldEventKinds() + ")");
            }
            return 0;
        }
        return current.director().spawned(kind);
    }

    /** @return the world events, or null when they are off or no tick has run yet */
    ArenaEvents worldEvents() {
        return events;
    }

    @Override
    public void onTick(RegionTick region) {
        World world = region.world();
        RandomGenerator random = region.random();
        double width = world.config().widthMetres();
        double height = world.config().heightMetres();
        boolean lod = region.levelOfDetail();
        int throttle = region.aiThrottleLevel();
        long tick = region.tick();
        IntList entities = region.entities();
        IntList near = new IntList(16);
        // Cells within which a player may be close enough to engage an NPC: the largest radius over the cell.
        int engageRing = (int) Math.ceil(FLEE_RADIUS_METRES / world.config().cellSizeMetres());
        int nearExecuted = 0;
        int nearDeferred = 0;
        int farExecuted = 0;
        int farDeferred = 0;
        int critical = 0;
        for (int i = 0; i < entities.size(); i++) {
            int slot = entities.get(i);
            if (world.kind(slot) != EntityKind.NPC) {
                continue;
            }
            int ring = region.playerRing(slot);
            // Critical behaviours first, every tick whatever the load: they are what a player near the
            // NPC watches. Only an NPC with a player within engageRing cells can be engaged, so the
            // others cost no neighbour query.
            if (ring <= engageRing && engage(region, slot, near)) {
                critical++;
                continue;
            }
            boolean interactive = ring < RegionTick.FAR_RING;
            int interval = !lod ? 1 : (ring <= 1 ? 1 : ring == 2 ? 2 : 4) << throttle;
            boolean granted = !lod || (interactive ? region.interactiveGranted() : region.ambientGranted());
            if (!granted || Math.floorMod(tick + world.id(slot), interval) != 0) {
                if (interactive) {
                    nearDeferred++;
                } else {
                    farDeferred++;
                }
                continue;
            }
            wander(region, slot, interval, width, height, random);
            if (interactive) {
                nearExecuted++;
            } else {
                farExecuted++;
            }
        }
        region.countAi(true, nearExecuted, nearDeferred);
        region.countAi(false, farExecuted, farDeferred);
        region.countCritical(critical, 0);
    }

    /**
     * The non-critical behaviour: a leader keeps its choice with probability {@code exp(-dt / mean)}
     * per evaluation, {@code dt} covering the ticks since its last evaluation, so thinning the
     * evaluations keeps the mean time between choices; an NPC on the world's edge turns inward.
     */
    private void wander(RegionTick region, int slot, int ticksCovered, double width, double height,
                        RandomGenerator random) {
        World world = region.world();
        double x = world.x(slot);
        double y = world.y(slot);
        if (x <= 0 || y <= 0 || x >= width || y >= height) {
            walkInward(world, slot, x, y, width, height, random);
            return;
        }
        double keep = Math.exp(-region.dtSeconds() * ticksCovered / config.meanWanderSeconds());
        if (isLeader(world.id(slot)) && random.nextDouble() >= keep) {
            choose(world, slot, random);
            tellFollowers(region, slot);
        }
    }

    /**
     * The critical part of an NPC's behaviour tree: a selector that runs the first of these behaviours
     * whose condition holds, and succeeds when one ran (the NPC is then <i>engaged</i>):
     * <ol>
     *   <li><b>talk</b>: a quest giver with a player within {@value #TALK_RADIUS_METRES} m stops and
     *       faces it;</li>
     *   <li><b>flee</b>: a wounded NPC with a player within {@value #FLEE_RADIUS_METRES} m runs
     *       straight away from the nearest;</li>
     *   <li><b>hunt</b>: a predator with a player within {@value #AGGRO_RADIUS_METRES} m, itself a
     *       selector of <b>strike</b> (within {@value #STRIKE_RANGE_METRES} m: stand and strike on the
     *       cadence) and <b>chase</b> (run at it).</li>
     * </ol>
     * When none holds, the tree's routine part ({@link #wander}) runs on the level of detail's cadence.
     * Each condition tests the NPC's role first, so an NPC with no critical role costs no neighbour
     * query.
     *
     * @return whether a critical behaviour ran
     */
    private boolean engage(RegionTick region, int slot, IntList near) {
        return talk(region, slot, near) || flee(region, slot, near) || hunt(region, slot, near);
    }

    private boolean talk(RegionTick region, int slot, IntList near) {
        if (!isQuestGiver(region.world().id(slot)) || nearestPlayer(region.world(), slot, TALK_RADIUS_METRES, near) < 0) {
            return false;
        }
        region.world().setVelocity(slot, 0, 0);
        return true;
    }

    private boolean flee(RegionTick region, int slot, IntList near) {
        if (actions == null || actions.healthOfSlot(slot) >= actions.config().maxHealth()) {
            return false;
        }
        World world = region.world();
        int threat = nearestPlayer(world, slot, FLEE_RADIUS_METRES, near);
        if (threat < 0) {
            return false;
        }
        double dx = world.x(threat) - world.x(slot);
        double dy = world.y(threat) - world.y(slot);
        double away = Math.max(Math.hypot(dx, dy), 1e-9);
        double speed = config.npcSpeedMetresPerSecond() * ENGAGED_SPEED_FACTOR;
        world.setVelocity(slot, -dx / away * speed, -dy / away * speed);
        return true;
    }

    private boolean hunt(RegionTick region, int slot, IntList near) {
        World world = region.world();
        long id = world.id(slot);
        if (!isPredator(id)) {
            return false;
        }
        int prey = nearestPlayer(world, slot, AGGRO_RADIUS_METRES, near);
        if (prey < 0) {
            return false;
        }
        double dx = world.x(prey) - world.x(slot);
        double dy = world.y(prey) - world.y(slot);
        double distance = Math.hypot(dx, dy);
        if (distance <= STRIKE_RANGE_METRES) {
            world.setVelocity(slot, 0, 0);
            // Stateless cadence: every interval ticks, phased by the NPC's id so predators do not strike
            // in unison; the interval is in the region's (possibly dilated) simulated time.
            long interval = Math.max(1, Math.round(STRIKE_INTERVAL_SECONDS / region.dtSeconds()));
            if (actions != null && Math.floorMod(region.tick() + id, interval) == 0) {
                region.send(world.id(prey), id, new Strike(PREDATOR_DAMAGE));
            }
        } else {
            double speed = config.npcSpeedMetresPerSecond() * ENGAGED_SPEED_FACTOR;
            world.setVelocity(slot, dx / distance * speed, dy / distance * speed);
        }
        return true;
    }

    /** The nearest player within {@code radius} of the NPC (the first found on a tie), or -1. */
    private static int nearestPlayer(World world, int slot, double radius, IntList near) {
        double x = world.x(slot);
        double y = world.y(slot);
        near.clear();
        int found = world.query(x, y, radius, near);
        int nearest = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < found; j++) {
            int other = near.get(j);
            if (world.kind(other) != EntityKind.PLAYER) {
                continue;
            }
            double d = Math.hypot(world.x(other) - x, world.y(other) - y);
            if (d < best) {
                best = d;
                nearest = other;
            }
        }
        return nearest;
    }

    /** Every {@value #PREDATOR_HERD_EVERY}th herd is predators. */
    private boolean isPredator(long id) {
        long index = id - firstNpcId;
        return index >= 0 && index < config.npcCount() && (index / config.herdSize()) % PREDATOR_HERD_EVERY == 0;
    }

    /** The leader of every {@value #QUEST_GIVER_EVERY}th herd (offset by half) gives quests. */
    private boolean isQuestGiver(long id) {
        long index = id - firstNpcId;
        return index >= 0 && index < config.npcCount() && index % config.herdSize() == 0
            && (index / config.herdSize()) % QUEST_GIVER_EVERY == QUEST_GIVER_EVERY / 2;
    }

    @Override
    public void onMail(World world, Mail mail, RandomGenerator random) {
        switch (mail.payload()) {
            case Heading heading -> {
                int slot = world.slotOf(mail.targetEntityId());
                if (slot >= 0 && world.kind(slot) == EntityKind.NPC) {
                    follow(world, slot, heading.vxMetresPerSecond(), heading.vyMetresPerSecond(), random);
                }
            }
            case Strike strike -> actions.strike(mail.senderEntityId(), mail.targetEntityId(),
                Math.min(strike.damage(), actions.config().maxHealth()));
            default -> {
            }
        }
    }

    /** Herd leaders are among the NPCs {@link #populate} spawned; event NPCs come later and lead no one. */
    private boolean isLeader(long id) {
        return id >= firstNpcId && id - firstNpcId < config.npcCount() && (id - firstNpcId) % config.herdSize() == 0;
    }

    private void tellFollowers(RegionTick region, int leaderSlot) {
        World world = region.world();
        long leaderId = world.id(leaderSlot);
        Heading heading = new Heading(world.vx(leaderSlot), world.vy(leaderSlot));
        long lastNpcId = firstNpcId + config.npcCount() - 1;
        for (long id = leaderId + 1; id < leaderId + config.herdSize() && id <= lastNpcId; id++) {
            region.send(id, leaderId, heading);
        }
    }

    private void choose(World world, int slot, RandomGenerator random) {
        if (random.nextDouble() < config.restProbability()) {
            world.setVelocity(slot, 0, 0);
            return;
        }
        double heading = random.nextDouble() * 2 * Math.PI;
        world.setVelocity(slot, Math.cos(heading) * config.npcSpeedMetresPerSecond(),
            Math.sin(heading) * config.npcSpeedMetresPerSecond());
    }

    /** Takes a leader's velocity, turned by a uniform angle within the spread; a rest stays a rest. */
    private static void follow(World world, int slot, double vx, double vy, RandomGenerator random) {
        double turn = Math.toRadians(FOLLOWER_SPREAD_DEGREES) * (2 * random.nextDouble() - 1);
        double cos = Math.cos(turn);
        double sin = Math.sin(turn);
        world.setVelocity(slot, vx * cos - vy * sin, vx * sin + vy * cos);
    }

    private void walkInward(World world, int slot, double x, double y, double width, double height,
                            RandomGenerator random) {
        double towardsX = width / 2 - x;
        double towardsY = height / 2 - y;
        double heading = Math.atan2(towardsY, towardsX) + (random.nextDouble() - 0.5) * Math.PI / 2;
        world.setVelocity(slot, Math.cos(heading) * config.npcSpeedMetresPerSecond(),
            Math.sin(heading) * config.npcSpeedMetresPerSecond());
    }
}
