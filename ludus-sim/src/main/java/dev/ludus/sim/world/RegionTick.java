package dev.ludus.sim.world;

import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.RegionMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One region's share of a tick, as {@link GameRules#onTick} sees it: the entities the region owns,
 * the tick's time step, a random generator of its own and a mailbox for effects on others.
 *
 * <p>The rules of a region tick, which let regions run on different threads without locks:
 * <ul>
 *   <li>change only entities the region {@link #owns}: their velocity through
 *       {@link World#setVelocity}; the simulation integrates their movement afterwards;</li>
 *   <li>read any entity within {@link #reachMetres()} of an owned one (those are owned by this region
 *       or asleep in a dormant cell, which no one writes during the region phase), nothing farther;</li>
 *   <li>send everything else as {@link Mail} with {@link #send}: it is applied at the tick boundary;</li>
 *   <li>do not spawn or despawn ({@link World} refuses with {@link IllegalStateException});</li>
 *   <li>draw random numbers only from {@link #random()}, seeded by (world seed, region id, tick), so
 *       the outcome does not depend on which thread ran the region or on how many workers there are.</li>
 * </ul>
 *
 * <p>Not thread-safe: used by the one thread ticking the region, only during
 * {@link GameRules#onTick}. The simulation reuses the object for another region afterwards.
 */
public final class RegionTick {
    private final World world;
    private final double reachMetres;
    IntList entities = new IntList(256);
    final List<Mail> outbox = new ArrayList<>();
    final List<Command.Move> moves = new ArrayList<>();
    final IntList handoverSlots = new IntList(16);
    double[] handoverPositions = new double[32];
    final double[] target = new double[2];

    private RegionMap map;
    private int ordinal;
    private int regionId;
    private long tick;
    private double dtSeconds;
    private RandomGenerator random;
    int crossRegionMail;
    long durationNanos;
    /** The simulation's per-cell player rings (see {@link #playerRing}); null for {@link #wholeWorld}. */
    PlayerRings rings;
    /** This tick's plan for the region: which shed-able work may run, and how coarse. */
    boolean interactiveGranted = true;
    boolean ambientGranted = true;
    int aiThrottleLevel;
    boolean levelOfDetail;
    double dilation = 1;
    /** Behaviour evaluations the rules report for this tick (see {@link #countAi}). */
    int aiExecuted;
    int aiExecutedNear;
    int aiDeferred;
    int aiCritical;
    int aiCriticalSkipped;
    /** Physics work units this tick, within two cells of a player and beyond. */
    long physicsUnitsNear;
    long physicsUnitsFar;
    /** Rigid bodies stepped this tick, and the nanoseconds stepping them took (measured, for reports only). */
    int bodiesStepped;
    long physicsNanos;
    private final List<String> failureContexts = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();

    RegionTick(World world, double reachMetres) {
        this.world = world;
        this.reachMetres = reachMetres;
    }

    /**
     * A region tick over the whole world, for driving {@link GameRules#onTick} without a
     * {@link Simulation} (tools, tests): it owns every live entity, lists them in slot order, and
     * keeps what the rules send in {@link #outbox()} for the caller to deliver.
     *
     * @param world     the world
     * @param tick      the tick number
     * @param dtSeconds simulated seconds, {@code > 0}
     * @param random    the generator the rules draw from
     * @return the region tick, regionId 0
     */
    public static RegionTick wholeWorld(World world, long tick, double dtSeconds, RandomGenerator random) {
        RegionTick region = new RegionTick(world, Double.POSITIVE_INFINITY);
        region.tick = tick;
        region.dtSeconds = dtSeconds;
        region.random = Objects.requireNonNull(random, "random");
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.isLive(slot)) {
                region.entities.add(slot);
            }
        }
        return region;
    }

    /** @return the mail sent so far through this region tick, in send order */
    public List<Mail> outbox() {
        return java.util.Collections.unmodifiableList(outbox);
    }

    /** Clears the previous use and points this object at region {@code ordinal} of {@code map}. */
    void reset(RegionMap map, int ordinal, long tick, double dtSeconds, long seed) {
        this.map = map;
        this.ordinal = ordinal;
        this.regionId = map.regionId(ordinal);
        this.tick = tick;
        this.dtSeconds = dtSeconds;
        this.random = new SplittableRandom(Seeds.of(seed, regionId, tick));
        entities.clear();
        outbox.clear();
        moves.clear();
        handoverSlots.clear();
        crossRegionMail = 0;
        durationNanos = 0;
        interactiveGranted = true;
        ambientGranted = true;
        aiThrottleLevel = 0;
        levelOfDetail = false;
        dilation = 1;
        aiExecuted = 0;
        aiExecutedNear = 0;
        physicsUnitsNear = 0;
        physicsUnitsFar = 0;
        bodiesStepped = 0;
        physicsNanos = 0;
        aiDeferred = 0;
        aiCritical = 0;
        aiCriticalSkipped = 0;
        failureContexts.clear();
        failures.clear();
    }

    /** Applies the planned dilation factor: this tick covers {@code factor} of its simulated time. */
    void dilate(double factor) {
        dilation = factor;
        dtSeconds = dtSeconds * factor;
    }

    /** Records a failure during the region phase, reported by the tick thread afterwards. */
    void fail(String context, RuntimeException failure) {
        failureContexts.add(context);
        failures.add(failure);
    }

    /** Reports the region phase's failures to the listener; on the tick thread. */
    void reportFailures(SimulationListener listener) {
        for (int i = 0; i < failures.size(); i++) {
            listener.onError(failureContexts.get(i), failures.get(i));
        }
    }

    /** Takes {@code list} as this tick's entities; returns the list it replaces, for reuse. */
    IntList swapEntities(IntList list) {
        IntList old = entities;
        entities = list;
        return old;
    }

    /** Records a move that leaves the region's cells, applied at the boundary. */
    void handOver(int slot, double xMetres, double yMetres) {
        int index = handoverSlots.size();
        if (handoverPositions.length < 2 * (index + 1)) {
            handoverPositions = java.util.Arrays.copyOf(handoverPositions, 4 * (index + 1));
        }
        handoverSlots.add(slot);
        handoverPositions[2 * index] = xMetres;
        handoverPositions[2 * index + 1] = yMetres;
    }

    /** @return the region's ordinal in this tick's {@link RegionMap} */
    int ordinal() {
        return ordinal;
    }

    /** @return the world; see the class comment for what may be touched */
    public World world() {
        return world;
    }

    /** @return the region's id: its smallest cell index, stable while its cells are */
    public int regionId() {
        return regionId;
    }

    /** @return the tick being simulated, from 0 */
    public long tick() {
        return tick;
    }

    /** @return simulated seconds this tick covers, {@code > 0} */
    public double dtSeconds() {
        return dtSeconds;
    }

    /**
     * How close the nearest player is to an entity, in grid cells: 0 when a player is in the
     * entity's cell, 1 in a neighbouring cell (Chebyshev distance), 2 two cells away, and
     * {@link #FAR_RING} for three cells or more (or no player at all). The rings are made at the start
     * of the region's tick from the players the region owns, O(1) to read. This is the distance level
     * of detail is decided on (physics and AI near players in full, coarser farther away).
     *
     * @param slot an entity the region owns
     * @return the ring, in {@code [0, FAR_RING]}
     */
    public int playerRing(int slot) {
        return rings == null ? FAR_RING : rings.ring(world.cellOf(slot));
    }

    /** The ring of entities with no player within two cells. */
    public static final int FAR_RING = 3;

    /**
     * @return whether this tick runs the region's INTERACTIVE work (AI and physics of entities within
     *     two cells of a player, beyond the critical behaviours): false when the scheduler deferred it
     */
    public boolean interactiveGranted() {
        return interactiveGranted;
    }

    /** @return whether this tick runs the region's AMBIENT work (AI of entities farther from players) */
    public boolean ambientGranted() {
        return ambientGranted;
    }

    /**
     * @return how far the scheduler has throttled AI level of detail, 0 (none) to 3: behaviours that
     *     are not critical run {@code 2^level} times less often than at level 0
     */
    public int aiThrottleLevel() {
        return aiThrottleLevel;
    }

    /**
     * @return whether level of detail applies at all; false in a world run with throttling off (every
     *     behaviour every tick, for comparison), true otherwise
     */
    public boolean levelOfDetail() {
        return levelOfDetail;
    }

    /**
     * @return this region's time dilation factor, in (0, 1]: {@link #dtSeconds()} is the tick length
     *     times this factor
     */
    public double dilation() {
        return dilation;
    }

    /**
     * Reports non-critical behaviour evaluations, for the scheduler's cost model and the statistics.
     *
     * @param nearPlayers whether they are the region's INTERACTIVE work (within two cells of a player,
     *                    {@link #playerRing} below {@link #FAR_RING}) or its AMBIENT work
     * @param executed    behaviours evaluated this tick, {@code >= 0}
     * @param deferred    behaviours skipped by level of detail or throttling, {@code >= 0}
     */
    public void countAi(boolean nearPlayers, int executed, int deferred) {
        aiExecuted += executed;
        if (nearPlayers) {
            aiExecutedNear += executed;
        }
        aiDeferred += deferred;
    }

    /**
     * Reports critical behaviour evaluations (NPCs engaged with a player: attacking, fleeing,
     * talking), which run every tick whatever the load.
     *
     * @param executed critical behaviours evaluated this tick, {@code >= 0}
     * @param skipped  critical behaviours that were due and did not run; anything but 0 is a bug the
     *                 statistics show ({@code criticalSkipped})
     */
    public void countCritical(int executed, int skipped) {
        aiCritical += executed;
        aiCriticalSkipped += skipped;
    }

    /** Records the region's physics work this tick: bodies stepped and their work units, near and mid. */
    void countPhysics(int stepped, long unitsNear, long unitsFar) {
        bodiesStepped += stepped;
        physicsUnitsNear += unitsNear;
        physicsUnitsFar += unitsFar;
    }

    /** @return this region's generator for this tick, seeded by (world seed, region id, tick) */
    public RandomGenerator random() {
        return random;
    }

    /**
     * @return the slots of the entities the region owns, by cell in increasing cell index, then in
     *     the cell's deterministic list order; read it, do not change it
     */
    public IntList entities() {
        return entities;
    }

    /**
     * @return how far from an owned entity rules may read other entities, metres: one grid cell per
     *     cell of merge radius, since cells that close to a region's cells are in the region or dormant
     */
    public double reachMetres() {
        return reachMetres;
    }

    /**
     * @param slot any int
     * @return whether a live entity is in that slot and in one of this region's cells
     */
    public boolean owns(int slot) {
        return world.isLive(slot) && (map == null || map.regionOfCell(world.cellOf(slot)) == ordinal);
    }

    /**
     * Sends an effect to another entity, applied by {@link GameRules#onMail} at the tick boundary.
     *
     * @param targetEntityId the entity it is for (need not exist)
     * @param senderEntityId the entity sending it
     * @param payload        what the game means by it, immutable, not null
     * @throws NullPointerException when the payload is null
     */
    public void send(long targetEntityId, long senderEntityId, Object payload) {
        Objects.requireNonNull(payload, "payload");
        int targetSlot = world.slotOf(targetEntityId);
        boolean crossRegion = targetSlot < 0 || !owns(targetSlot);
        if (crossRegion) {
            crossRegionMail++;
        }
        outbox.add(new Mail(targetEntityId, senderEntityId, regionId, crossRegion, payload));
    }
}
