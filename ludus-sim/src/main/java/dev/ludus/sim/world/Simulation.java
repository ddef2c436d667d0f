package dev.ludus.sim.world;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.RegionMap;
import dev.ludus.sim.space.Regionizer;
import dev.ludus.protocol.ActionReason;
import dev.ludus.sim.action.ActionEngine;
import dev.ludus.sim.action.ActionObserver;
import dev.ludus.sim.spectate.SpectatorFeed;
import dev.ludus.sim.spectate.WorldReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * One world and its tick: regions of the world ticked in parallel on a fixed pool of workers, with
 * one writer per piece of state at every moment (DESIGN.md §2-§4).
 *
 * <p>Other threads only {@link #submit} commands; {@link #tick} (called by one thread at a time,
 * the tick driver) runs one tick in four phases:
 * <ol>
 *   <li><b>boundary</b> (driver): drain the inbox in arrival order; joins and leaves are applied at
 *       once, moves are kept for their region; {@link GameRules#beforeTick}; then the regions: those
 *       formed from the players' positions ({@link Regionizer}, activity radius = AOI radius +
 *       {@link #ACTIVITY_MARGIN_CELLS} of a cell, merge radius one cell), and each awake entity listed
 *       in its region in slot order. Both are made during the previous tick's replication and reused
 *       when nothing has joined, left, spawned, despawned or moved since, else made now; either way
 *       they are the same. Cells no player is near are dormant and their entities sleep this tick;</li>
 *   <li><b>regions</b> (workers, in parallel, no locks): each region applies its players' moves,
 *       runs {@link GameRules#onTick} with a generator seeded by (world seed, region id, tick) and
 *       integrates the movement of its entities; a move that would leave the region's cells is
 *       deferred as a <em>handover</em>;</li>
 *   <li><b>merge</b> (driver): apply the handovers in slot order, then deliver the tick's
 *       {@link Mail} in (target id, sender region id, send order) order through
 *       {@link GameRules#onMail};</li>
 *   <li><b>replication</b> (workers, in parallel, read-only on the world): every awake entity's
 *       snapshot record is built once and shared; then each player gets the entities within
 *       {@link WorldConfig#aoiRadiusMetres()} of its own entity, with the ids that left its area
 *       since the last snapshot its link took; meanwhile one worker forms the next tick's regions
 *       and lists their entities.</li>
 * </ol>
 * Nothing in a tick's outcome depends on the number of workers or on thread timing: each region's
 * work reads and writes only its own cells (and reads dormant ones), handovers and mail are applied
 * in sorted order, and random numbers come from per-(seed, region, tick) generators. The world's
 * {@link World#stateHash()} after N ticks is the same for 1 worker and for many.
 *
 * <p>A failure in one unit of work (one command, one region's rules, one mail, one player's
 * snapshot) is reported to the {@link SimulationListener} on the tick thread and the tick goes on.
 * When a region's rules fail, its entities still move this tick.
 */
public final class Simulation implements AutoCloseable {
    /** Regions join cells at most this many cells apart; also the reach of a region's rules, in cells. */
    static final int MERGE_RADIUS_CELLS = 1;
    /**
     * How far beyond the AOI radius cells are active, in cells: a quarter cell (8 m with 32 m cells).
     * Regions are formed from the positions at the start of a tick and snapshots show the positions
     * at its end, so an entity a player can see was within AOI + (player's + entity's speed) x tick
     * seconds of the player's start position; the margin keeps every visible entity awake for speeds
     * up to {@code 0.25 * cell / tickSeconds} together (160 m/s at 32 m and 20 Hz). Anything faster
     * may be seen asleep for a tick, never lost.
     */
    static final double ACTIVITY_MARGIN_CELLS = 0.25;
    /** Spawn positions drawn before giving up on avoiding obstacles. */
    private static final int MAX_SPAWN_DRAWS = 64;
    /** A region's players count as fighting (or trading) for this long after their last such action, seconds. */
    private static final long ACTIVITY_MEMORY_SECONDS = 5;
    /** Fewer awake entities than this tick their regions on the tick thread: too little to split. */
    static final int SPLIT_MIN_ENTITIES = 4096;

    private final World world;
    private final GameRules rules;
    private final SimulationListener listener;
    private final LongSupplier nanoClock;
    private final long seed;
    private final Regionizer regionizer;
    private final WorkerPool pool;
    private final Replicator replicator;
    private final Queue<Command> inbox = new ConcurrentLinkedQueue<>();
    private final Map<Long, ConnectedPlayer> players = new LinkedHashMap<>();
    private final Map<String, ConnectedPlayer> playersByName = new LinkedHashMap<>();
    private final Map<Long, ConnectedPlayer> playersByEntity = new HashMap<>();
    private final ActionEngine actionEngine;
    private ActionObserver observer = new ActionObserver() { };
    private final List<IntList> awakeLists = new ArrayList<>();
    private final List<Command.Move> moves = new ArrayList<>();
    /** This tick's actions, violations and updates, in arrival order, for the action engine. */
    private final List<Command> actions = new ArrayList<>();
    /** This tick's commands in the order applied, kept for the journal. */
    private final List<Command> applied = new ArrayList<>();
    private TickJournal journal = TickJournal.NONE;
    private SpectatorFeed spectatorFeed = SpectatorFeed.NONE;
    private final List<RegionTick> regionTicks = new ArrayList<>();
    private final List<Mail> mail = new ArrayList<>();
    private long[] handoverKeys = new long[64];
    private double[] handoverPositions = new double[128];
    /** This tick's regions in the order they are handed out: ordinals in the low 32 bits. */
    private long[] regionOrder = new long[0];
    /** Player positions now, in player order; compared with those the next tick's regions were formed from. */
    private double[] playerX = new double[64];
    private double[] playerY = new double[64];
    /** The positions {@link #nextRegions} was formed from, during the last replication phase. */
    private double[] formedX = new double[64];
    private double[] formedY = new double[64];
    private int formedCount = -1;
    private RegionMap nextRegions;
    /** Each region of {@link #nextRegions}'s entities, by ordinal, sorted when it was formed. */
    private final List<IntList> nextEntities = new ArrayList<>();
    /** The world's {@link World#version()} when {@link #nextEntities} was sorted. */
    private long nextEntitiesVersion = -1;
    private long reformsReused;
    private RegionMap regions;
    private long serverTimeMs;
    private LoadConfig loadConfig;
    private TickPlanner planner;
    /** Prices of the cost model's units learned from the tick's measured phases (when the config asks). */
    private final LearnedCost regionCost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
    private final LearnedCost playerCost = new LearnedCost(LearnedCost.PRIOR_PICOS_PER_UNIT);
    /** The recorded inputs the next tick must plan from (a replay), or null. */
    private PlanInputs replayPlan;
    /** The inputs this tick was planned from. */
    private PlanInputs plan;
    private PlayerRings rings;
    private long[] regionPlayerUnits = new long[16];
    private int[] regionPlayers = new int[16];
    private dev.ludus.sim.schedule.Activity[] regionActivity = new dev.ludus.sim.schedule.Activity[16];
    private boolean[] regionPremium = new boolean[16];
    private long tickStartNanos;
    /** Rigid bodies (issue 4): their state, and one stepper and neighbourhood per worker, made at the first tick. */
    private final dev.ludus.sim.physics.RigidBodies bodies;
    private dev.ludus.sim.physics.PhysicsConfig physicsConfig = dev.ludus.sim.physics.PhysicsConfig.DEFAULTS;
    private dev.ludus.sim.physics.PhysicsStepper[] steppers;
    private RegionNeighbourhood[] neighbourhoods;
    /** Entities the regions of the current tick own. */
    private int awakeEntities;

    private long tick;
    private volatile long completedTicks;
    private volatile int playerCount;
    private volatile int entityCount;
    private volatile int regionCount;

    /**
     * Builds the world, lets the game populate it, and ticks it on the calling thread alone.
     *
     * @param config   the world's shape; {@link WorldConfig#seed()} seeds every random number
     * @param rules    the game
     * @param listener receives per-tick figures and failures; called on the tick thread
     */
    public Simulation(WorldConfig config, GameRules rules, SimulationListener listener) {
        this(config, rules, listener, 1, () -> 0L);
    }

    /**
     * Builds the world and lets the game populate it.
     *
     * @param config    the world's shape; {@link WorldConfig#seed()} seeds every random number
     * @param rules     the game
     * @param listener  receives per-tick figures and failures; called on the tick thread
     * @param workers   threads that tick regions and build snapshots, the tick thread included,
     *                  1 to 256; one per core is the intended setting
     * @param nanoClock a monotonic clock in nanoseconds, used only to measure phases and regions for
     *                  the listener (never to decide anything), so runs stay deterministic
     * @throws IllegalArgumentException when {@code workers} is out of range
     */
    public Simulation(WorldConfig config, GameRules rules, SimulationListener listener, int workers,
                      LongSupplier nanoClock) {
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers : " + workers + " (expected: 1 to 256)");
        }
        this.world = new World(config);
        this.rules = Objects.requireNonNull(rules, "rules");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.seed = config.seed();
        this.regionizer = new Regionizer(config.widthMetres(), config.heightMetres(), config.cellSizeMetres(),
            config.aoiRadiusMetres() + ACTIVITY_MARGIN_CELLS * config.cellSizeMetres(), MERGE_RADIUS_CELLS);
        SplittableRandom populateRandom = new SplittableRandom(config.seed());
        rules.populate(world, populateRandom);
        this.actionEngine = new ActionEngine(world, rules.actionConfig(config), config.seed());
        rules.populateActions(actionEngine, world, populateRandom);
        this.bodies = new dev.ludus.sim.physics.RigidBodies(config.widthMetres(), config.heightMetres());
        rules.populatePhysics(bodies, world, populateRandom);
        // Every body is shown to clients as a prop entity that follows it (stepPhysics).
        for (int body = 0; body < bodies.size(); body++) {
            bodies.bind(body, world.id(world.spawn(dev.ludus.protocol.EntityKind.PROP, bodies.x(body), bodies.y(body))));
        }
        entityCount = world.entityCount();
        this.pool = new WorkerPool(workers, "ludus-region-");
        this.replicator = new Replicator(world, bodies, pool, listener);
        this.replicator.nanoClock(nanoClock);
        this.loadConfig = LoadConfig.defaults(config, workers);
    }

    /**
     * Sets how the simulation keeps ticks inside their budget. Call before the first tick, on the tick
     * thread; the default is {@link LoadConfig#defaults} for this world and its workers.
     *
     * @param config the load configuration
     * @throws IllegalStateException after the first tick
     */
    public void loadConfig(LoadConfig config) {
        if (planner != null) {
            throw new IllegalStateException("loadConfig: set before the first tick");
        }
        this.loadConfig = Objects.requireNonNull(config, "config");
    }

    /** @return what load management did so far; tick thread, or after the simulation stopped */
    public LoadStats loadStats() {
        return planner == null ? LoadStats.NONE : planner.stats();
    }

    /**
     * Sets the physics precision levels and limits. Call before the first tick, on the tick thread; the
     * default is {@link dev.ludus.sim.physics.PhysicsConfig#DEFAULTS}.
     *
     * @param config the physics configuration
     * @throws IllegalStateException after the first tick
     */
    public void physicsConfig(dev.ludus.sim.physics.PhysicsConfig config) {
        if (planner != null) {
            throw new IllegalStateException("physicsConfig: set before the first tick");
        }
        this.physicsConfig = Objects.requireNonNull(config, "config");
    }

    /**
     * @return the world's rigid bodies (pushable props); between ticks on the tick thread, or from
     *     {@link GameRules#populatePhysics}
     */
    public dev.ludus.sim.physics.RigidBodies rigidBodies() {
        return bodies;
    }

    /** @return the physics precision level the planner asks for this tick, 0 (full) to 3 */
    public int physicsLevel() {
        return planner == null ? 0 : planner.physicsLevel();
    }

    /**
     * Queues a command for the next tick. Thread-safe and non-blocking.
     *
     * @param command the command
     */
    public void submit(Command command) {
        inbox.add(Objects.requireNonNull(command, "command"));
    }

    /**
     * Runs one tick. Must be called by one thread at a time.
     *
     * @param serverTimeMs wall-clock time of the tick's start, Unix epoch milliseconds, stamped on
     *                     snapshots so clients can measure propagation and sync clocks
     */
    public void tick(long serverTimeMs) {
        this.serverTimeMs = serverTimeMs;
        long start = nanoClock.getAsLong();
        tickStartNanos = start;
        int commands = applyCommands();
        resolveActions();
        try {
            rules.beforeTick(world, tick, new SplittableRandom(Seeds.of(seed, Seeds.BEFORE_TICK, tick)));
        } catch (RuntimeException e) {
            listener.onError("game rules before tick " + tick, e);
        }
        formRegions();
        planTick();
        long boundaryEnd = nanoClock.getAsLong();

        tickRegions();
        planner.complete(regions, regionTicks, regions.regionCount(), regionPlayerUnits);
        long regionsEnd = nanoClock.getAsLong();

        int handovers = applyHandovers();
        int[] mailCounts = deliverMail();
        recordRewindFrame();
        long mergeEnd = nanoClock.getAsLong();

        replicator.buildStates(tick, regionTicks, regions.regionCount());
        replicate();
        long end = nanoClock.getAsLong();
        reportUpdateLatencies();
        learnCosts(end - start, regionsEnd - boundaryEnd);

        try {
            observer.onTickEnd(tick);
        } catch (RuntimeException e) {
            listener.onError("action observer at tick " + tick, e);
        }
        if (spectatorFeed != SpectatorFeed.NONE) {
            try {
                spectatorFeed.onTickEnd(tick, serverTimeMs, worldReader);
            } catch (RuntimeException e) {
                listener.onError("spectator feed at tick " + tick, e);
            }
        }
        if (journal != TickJournal.NONE) {
            try {
                journal.onTick(tick, serverTimeMs, applied, stateHash(), plan);
            } catch (RuntimeException e) {
                listener.onError("journal at tick " + tick, e);
            }
        }
        for (int k = 0; k < regions.regionCount(); k++) {
            RegionTick region = regionTicks.get(k);
            listener.onRegionTick(tick, region.regionId(), regions.regionCellCount(k), region.entities.size(),
                region.durationNanos);
        }
        listener.onTickProfile(new TickProfile(tick, regions.regionCount(), regions.activeCellCount(), awakeEntities, commands,
            mailCounts[0], mailCounts[1], handovers, boundaryEnd - start, regionsEnd - boundaryEnd,
            mergeEnd - regionsEnd, end - mergeEnd));
        tick++;
        playerCount = players.size();
        entityCount = world.entityCount();
        regionCount = regions.regionCount();
        completedTicks = tick;
    }

    /**
     * Makes the next tick plan its load from recorded inputs, as the tick that recorded them did,
     * instead of from this simulation's configuration and measurements: for a replay of a journal
     * (see {@link TickJournal#onTick(long, long, List, long, PlanInputs)}). Tick thread, before
     * {@link #tick}; applies to one tick only.
     *
     * @param inputs the recorded inputs of the tick about to run
     */
    public void replayPlan(PlanInputs inputs) {
        this.replayPlan = Objects.requireNonNull(inputs, "inputs");
    }

    /**
     * Learns the prices of the cost model's units from this tick's phases, measured as capacity: wall
     * time × workers, since the pool's workers are the world's whether busy or waiting on the tick
     * thread. The region phase prices region work; the rest of the tick (commands, actions, planning,
     * merge, snapshots: most of it per player) prices player work. Used from the next tick on.
     */
    private void learnCosts(long tickNanos, long regionNanos) {
        if (!loadConfig.learnCosts()) {
            return;
        }
        int workers = pool.workers();
        regionCost.sample(regionNanos * workers, planner.lastRegionUnits());
        playerCost.sample((tickNanos - regionNanos) * workers, planner.lastPlayerUnits());
    }

    /**
     * Attaches the journal that records every tick's commands and state hash (the audit log). Call
     * before the first tick, on the tick thread.
     *
     * @param journal the journal, or {@link TickJournal#NONE}
     */
    public void journal(TickJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * The hash of the simulated state: the world's {@link World#stateHash()} with the action engine's
     * state (health, versions, items, inventories) folded in. Equal for two runs of
     * the same configuration, seed and commands, for any number of workers. Tick thread only.
     *
     * @return the hash
     */
    public long stateHash() {
        long hash = actionEngine.hash(world.stateHash());
        // A world without bodies hashes as it did before physics existed.
        return bodies.size() == 0 ? hash : World.fold(hash, bodies.stateHash());
    }

    /**
     * Sets who hears about kills and the end of every tick for the spectators (the gateway's spectator
     * views). Tick thread, or before the first tick. The feed only reads: a simulation with a feed
     * ticks exactly as one without.
     *
     * @param feed the feed, or {@link SpectatorFeed#NONE}
     */
    public void spectatorFeed(SpectatorFeed feed) {
        this.spectatorFeed = Objects.requireNonNull(feed, "feed");
    }

    /** The world as a tick left it, for the spectator feed; tick thread only. */
    private final WorldReader worldReader = new WorldReader() {
        private final IntList found = new IntList(64);

        @Override
        public double widthMetres() {
            return world.config().widthMetres();
        }

        @Override
        public double heightMetres() {
            return world.config().heightMetres();
        }

        @Override
        public List<dev.ludus.protocol.EntityState> area(double xMetres, double yMetres, double radiusMetres) {
            found.clear();
            int count = world.query(xMetres, yMetres, radiusMetres, found);
            List<dev.ludus.protocol.EntityState> entities = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int slot = found.get(i);
                entities.add(new dev.ludus.protocol.EntityState(world.id(slot), world.kind(slot), world.x(slot),
                    world.y(slot), world.vx(slot), world.vy(slot)));
            }
            return entities;
        }

        @Override
        public dev.ludus.protocol.EntityState entity(long entityId) {
            int slot = world.slotOf(entityId);
            return slot < 0 ? null : new dev.ludus.protocol.EntityState(entityId, world.kind(slot), world.x(slot),
                world.y(slot), world.vx(slot), world.vy(slot));
        }

        @Override
        public int countPlayers(double cellMetres, int columns, int rows, int[] counts) {
            if (counts.length < (long) columns * rows) {
                throw new IllegalArgumentException("counts : " + counts.length + " cells (expected: >= " + columns
                    + " x " + rows + ")");
            }
            Arrays.fill(counts, 0, columns * rows, 0);
            for (ConnectedPlayer player : players.values()) {
                int column = Math.clamp((long) Math.floor(world.x(player.slot) / cellMetres), 0, columns - 1);
                int row = Math.clamp((long) Math.floor(world.y(player.slot) / cellMetres), 0, rows - 1);
                counts[row * columns + column]++;
            }
            return players.size();
        }
    };

    /**
     * Sets who hears about the players' shots, gains and violations (the cheat detectors). Tick thread,
     * or before the first tick.
     *
     * @param observer the observer
     */
    public void actionObserver(ActionObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        actionEngine.observer(observer);
    }

    /**
     * Removes a player from the world (anti-cheat, an operator): its link hears
     * {@link PlayerLink#onKicked} now, and its entity leaves at the next tick through a queued
     * {@link Command.Leave}, so the audit log records the leave and a replay repeats it. Tick thread
     * only (an {@link ActionObserver} may call it from its callbacks).
     *
     * @param entityId the player's entity
     * @param reason   a human-readable reason for the client
     * @return false when no player has that entity
     */
    public boolean kick(long entityId, String reason) {
        ConnectedPlayer player = playersByEntity.get(entityId);
        if (player == null) {
            return false;
        }
        try {
            player.link.onKicked(reason);
        } catch (RuntimeException e) {
            listener.onError("kick of player " + entityId, e);
        }
        submit(new Command.Leave(player.connectionId));
        return true;
    }

    /**
     * @return the engine that validates and applies the players' actions and holds health,
     *     inventories and versions; tick thread only
     */
    public ActionEngine actions() {
        return actionEngine;
    }

    /**
     * Splits every parallel phase across the workers however little work it holds (normally small
     * phases run on the tick thread); for tests that must exercise the threads on small worlds.
     */
    void splitEveryPhase() {
        pool.splitAlways();
    }

    /** Stops the worker threads. The simulation must not be ticked afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    /** @return the world; only the tick thread may touch it while the simulation runs */
    public World world() {
        return world;
    }

    /** @return threads that tick regions and build snapshots, the tick thread included */
    public int workers() {
        return pool.workers();
    }

    /** @return ticks completed so far; safe from any thread */
    public long completedTicks() {
        return completedTicks;
    }

    /** @return players in the world after the last tick; safe from any thread */
    public int playerCount() {
        return playerCount;
    }

    /** @return live entities after the last tick; safe from any thread */
    public int entityCount() {
        return entityCount;
    }

    /** @return regions in the last tick; safe from any thread */
    public int regionCount() {
        return regionCount;
    }

    /**
     * @return ticks whose regions were formed during the previous tick's replication phase (the
     *     players had not moved since), rather than at the tick's start; tick thread only
     */
    public long reformsOverlapped() {
        return reformsReused;
    }

    /** @return commands waiting for the next tick; safe from any thread */
    public int inboxSize() {
        return inbox.size();
    }

    // ------------------------------------------------------------------ boundary

    /** Joins and leaves now, in arrival order; moves kept, in arrival order, for their regions. */
    private int applyCommands() {
        moves.clear();
        actions.clear();
        applied.clear();
        boolean journaling = journal != TickJournal.NONE;
        SplittableRandom random = new SplittableRandom(Seeds.of(seed, Seeds.BOUNDARY, tick));
        int count = 0;
        Command command;
        while ((command = inbox.poll()) != null) {
            count++;
            if (journaling) {
                applied.add(command);
            }
            try {
                switch (command) {
                    case Command.Join join -> join(join, random);
                    case Command.Move move -> moves.add(move);
                    case Command.Leave leave -> leave(leave);
                    case Command.Halt halt -> halt(halt);
                    case Command.Act act -> actions.add(act);
                    case Command.Violation violation -> actions.add(violation);
                    case Command.Update update -> actions.add(update);
                    case Command.ShadowBan ban -> actions.add(ban);
                }
            } catch (RuntimeException e) {
                listener.onError("command " + command + " at tick " + tick, e);
            }
        }
        return count;
    }

    /**
     * Claimed positions checked, actions validated, ordered and applied, out-of-tick updates made, in
     * that order; every answer and changed status sent to its player (DESIGN.md §4 steps 2-4).
     */
    private void resolveActions() {
        for (Command.Move move : moves) {
            ConnectedPlayer player = players.get(move.connectionId());
            if (player == null) {
                continue;
            }
            try {
                ActionReason reason = actionEngine.checkMove(player.entityId, tick, move.viewTick(), move.hasClaim(),
                    move.claimX(), move.claimY());
                if (reason != null) {
                    sendResult(player, new ServerMessage.ActionResult(move.seq(), "input", false, reason,
                        "claimed position rejected (" + reason.code() + "); the server's position stands", null, 0));
                }
            } catch (RuntimeException e) {
                listener.onError("move check " + move + " at tick " + tick, e);
            }
        }
        for (Command command : actions) {
            try {
                switch (command) {
                    case Command.Act act -> {
                        ConnectedPlayer player = players.get(act.connectionId());
                        if (player != null && act.seq() > player.ackSeq) {
                            actionEngine.submit(player.entityId, act.seq(), act.viewTick(), act.request());
                            player.ackSeq = act.seq();
                            player.lastInputTick = tick;
                            if (act.request() instanceof dev.ludus.sim.action.ActionRequest.Attack) {
                                player.lastCombatTick = tick;
                            } else {
                                player.lastTradeTick = tick;
                            }
                        }
                    }
                    case Command.Violation violation -> {
                        ConnectedPlayer player = players.get(violation.connectionId());
                        if (player != null) {
                            observer.onViolation(player.entityId, violation.code());
                        }
                    }
                    case Command.Update update -> update.reply().accept(
                        actionEngine.update(update.entityId(), update.expectedVersion(), update.item(), update.delta()));
                    case Command.ShadowBan ban -> actionEngine.shadowBan(ban.entityId(), ban.banned());
                    default -> throw new IllegalStateException("not an action: " + command);
                }
            } catch (RuntimeException e) {
                listener.onError("command " + command + " at tick " + tick, e);
            }
        }
        try {
            actionEngine.resolve(tick, results);
        } catch (RuntimeException e) {
            listener.onError("actions at tick " + tick, e);
        }
        for (long entityId : actionEngine.changedPlayers()) {
            ConnectedPlayer player = playersByEntity.get(entityId);
            if (player == null) {
                continue;
            }
            try {
                player.link.onStatus(new ServerMessage.Status(tick, actionEngine.health(entityId),
                    actionEngine.inventory(entityId), actionEngine.version(entityId)));
            } catch (RuntimeException e) {
                listener.onError("status for player " + entityId + " at tick " + tick, e);
            }
        }
        actionEngine.changedPlayers().clear();
    }

    /** The action engine's answers go to the players' links, its kills to the spectators' feed. */
    private final ActionEngine.ResultSink results = new ActionEngine.ResultSink() {
        @Override
        public void onResult(long playerId, long seq, String action, ActionReason reason, String detail,
                             dev.ludus.protocol.HitZone hit, int damage) {
            ConnectedPlayer player = playersByEntity.get(playerId);
            if (player != null) {
                sendResult(player, new ServerMessage.ActionResult(seq, action, reason == null, reason, detail, hit, damage));
            }
        }

        @Override
        public void onKill(long killerId, long victimId, dev.ludus.protocol.EntityKind victimKind) {
            try {
                spectatorFeed.onKill(tick, killerId, victimId, victimKind);
            } catch (RuntimeException e) {
                listener.onError("spectator feed, kill at tick " + tick, e);
            }
        }
    };

    private void sendResult(ConnectedPlayer player, ServerMessage.ActionResult result) {
        listener.onActionResult(player.entityId, result.action(), result.reason());
        try {
            player.link.onActionResult(result);
        } catch (RuntimeException e) {
            listener.onError("action result for player " + player.entityId + " at tick " + tick, e);
        }
    }

    /** Positions at the end of this tick of every entity a region ticked, for lag compensation. */
    private void recordRewindFrame() {
        awakeLists.clear();
        for (int k = 0; k < regions.regionCount(); k++) {
            awakeLists.add(regionTicks.get(k).entities);
        }
        actionEngine.recordFrame(tick, awakeLists);
    }

    /**
     * This tick's regions: those formed during the last tick's replication phase when the players
     * stand exactly where they stood then (no join, leave or move since), else formed now. Both are
     * {@link Regionizer#reform} of the same positions, so the choice changes nothing but the time.
     */
    private void formRegions() {
        int count = players.size();
        if (playerX.length < count) {
            playerX = new double[Math.max(count, playerX.length * 2)];
            playerY = new double[playerX.length];
        }
        int i = 0;
        for (ConnectedPlayer player : players.values()) {
            playerX[i] = world.x(player.slot);
            playerY[i] = world.y(player.slot);
            i++;
        }
        boolean reused = nextRegions != null && count == formedCount
            && Arrays.equals(playerX, 0, count, formedX, 0, count) && Arrays.equals(playerY, 0, count, formedY, 0, count);
        if (reused) {
            regions = nextRegions;
            reformsReused++;
        } else {
            regions = regionizer.reform(playerX, playerY, count);
        }
        nextRegions = null;
        int regionCount = regions.regionCount();
        while (regionTicks.size() < regionCount) {
            regionTicks.add(new RegionTick(world, MERGE_RADIUS_CELLS * world.config().cellSizeMetres()));
        }
        double dt = world.config().tickSeconds();
        for (int k = 0; k < regionCount; k++) {
            regionTicks.get(k).reset(regions, k, tick, dt, seed);
        }
        for (Command.Move move : moves) {
            ConnectedPlayer player = players.get(move.connectionId());
            if (player != null) {
                regionTicks.get(regions.regionOfCell(world.cellOf(player.slot))).moves.add(move);
            }
        }
        // Each awake entity to its region, in increasing slot order. Sorted during the last replication
        // when the regions are reused and nothing has spawned, despawned or been moved since; else now.
        if (reused && world.version() == nextEntitiesVersion) {
            for (int k = 0; k < regionCount; k++) {
                nextEntities.set(k, regionTicks.get(k).swapEntities(nextEntities.get(k)));
            }
        } else {
            sortIntoRegions(regions, regionCount, ordinal -> regionTicks.get(ordinal).entities);
        }
        // Most entities first, so that the last region to start is a small one; ordinals break ties.
        if (regionOrder.length < regionCount) {
            regionOrder = new long[Math.max(regionCount, regionOrder.length * 2)];
        }
        for (int k = 0; k < regionCount; k++) {
            regionOrder[k] = pool.workers() == 1 ? k : ((long) -regionTicks.get(k).entities.size() << 32) | k;
        }
        Arrays.sort(regionOrder, 0, regionCount);
    }

    /**
     * Appends every live entity in an active cell of {@code map} to its region's list, in increasing
     * slot order: one pass over the slots, in memory order. Neighbours in slots are often neighbours in
     * space (spawn order), so the cell-to-region lookup is skipped while the cell repeats.
     */
    private void sortIntoRegions(RegionMap map, int regionCount, java.util.function.IntFunction<IntList> listOf) {
        int limit = world.slotLimit();
        int lastCell = -1;
        IntList last = null;
        for (int slot = 0; slot < limit; slot++) {
            int cell = world.cellOrAbsent(slot);
            if (cell < 0) {
                continue;
            }
            if (cell != lastCell) {
                lastCell = cell;
                last = map.isActive(cell) ? listOf.apply(map.regionOfCell(cell)) : null;
            }
            if (last != null) {
                last.add(slot);
            }
        }
    }

    // ------------------------------------------------------------------ plan

    /** Session factors per region, then the planner's decisions (DESIGN.md §5). */
    private void planTick() {
        int regionCount = regions.regionCount();
        if (planner == null) {
            planner = new TickPlanner(loadConfig, regions.cellCount());
            rings = new PlayerRings(regions.columns(), regions.rows());
            steppers = new dev.ludus.sim.physics.PhysicsStepper[pool.workers()];
            neighbourhoods = new RegionNeighbourhood[pool.workers()];
            for (int w = 0; w < steppers.length; w++) {
                steppers[w] = new dev.ludus.sim.physics.PhysicsStepper(physicsConfig, world.obstacles());
                neighbourhoods[w] = new RegionNeighbourhood(world);
            }
        }
        rings.begin(tick);
        if (regionPlayers.length < regionCount) {
            int size = Math.max(regionCount, regionPlayers.length * 2);
            regionPlayerUnits = new long[size];
            regionPlayers = new int[size];
            regionActivity = new dev.ludus.sim.schedule.Activity[size];
            regionPremium = new boolean[size];
        }
        Arrays.fill(regionPlayerUnits, 0, regionCount, 0);
        Arrays.fill(regionPlayers, 0, regionCount, 0);
        Arrays.fill(regionActivity, 0, regionCount, dev.ludus.sim.schedule.Activity.IDLE);
        Arrays.fill(regionPremium, 0, regionCount, false);
        long recent = ACTIVITY_MEMORY_SECONDS * world.config().tickRateHz();
        for (ConnectedPlayer player : players.values()) {
            int k = regions.regionOfCell(world.cellOf(player.slot));
            if (k < 0) {
                continue;
            }
            regionPlayers[k]++;
            regionPlayerUnits[k] += TickPlanner.PLAYER_UNITS + (long) player.lastSnapshotSize * TickPlanner.VIEWED_ENTITY_UNITS;
            regionPremium[k] |= player.premium;
            if (player.lastCombatTick >= 0 && tick - player.lastCombatTick <= recent) {
                regionActivity[k] = dev.ludus.sim.schedule.Activity.COMBAT;
            } else if (player.lastTradeTick >= 0 && tick - player.lastTradeTick <= recent
                && regionActivity[k] == dev.ludus.sim.schedule.Activity.IDLE) {
                regionActivity[k] = dev.ludus.sim.schedule.Activity.TRADING;
            }
        }
        if (replayPlan != null) {
            plan = replayPlan;
            replayPlan = null;
        } else if (plan == null || plan.regionPicosPerUnit() != regionCost.picosPerUnit()
            || plan.playerPicosPerUnit() != playerCost.picosPerUnit() || plan.throttle() != loadConfig.throttle()
            || plan.budgetNanos() != loadConfig.budgetUnitsPerTick()) {
            plan = new PlanInputs(loadConfig.throttle(), loadConfig.budgetUnitsPerTick(), regionCost.picosPerUnit(),
                playerCost.picosPerUnit());
        }
        planner.plan(tick, regions, regionTicks, regionCount, regionPlayerUnits, regionPlayers, regionActivity,
            regionPremium, plan);
        try {
            listener.onPlan(tick, plan, planner.physicsLevel(), planner.aiThrottleLevel(), planner.slowestDilation());
        } catch (RuntimeException e) {
            listener.onError("plan listener at tick " + tick, e);
        }
        for (int k = 0; k < regionCount; k++) {
            RegionTick region = regionTicks.get(k);
            region.rings = rings;
            region.dilate(region.dilation);
        }
        if (bodies.size() > 0) {
            bodies.assign(regions);
        }
    }

    /** Players whose input this tick applied: how long until their snapshot was handed over. */
    private void reportUpdateLatencies() {
        for (ConnectedPlayer player : players.values()) {
            if (player.lastInputTick == tick) {
                try {
                    listener.onUpdateLatency(player.entityId, player.premium,
                        Math.max(0, player.snapshotDoneNanos - tickStartNanos));
                } catch (RuntimeException e) {
                    listener.onError("update latency at tick " + tick, e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ regions

    private void tickRegions() {
        awakeEntities = 0;
        for (int k = 0; k < regions.regionCount(); k++) {
            awakeEntities += regionTicks.get(k).entities.size();
        }
        world.lockStructure(true);
        try {
            pool.run(regions.regionCount(), awakeEntities >= SPLIT_MIN_ENTITIES,
                (unit, worker) -> tickRegion(regionTicks.get((int) regionOrder[unit]), worker));
        } finally {
            world.lockStructure(false);
        }
    }

    /** One region's tick, on a worker: reads and writes only its own cells (and reads dormant ones). */
    private void tickRegion(RegionTick region, int worker) {
        long start = nanoClock.getAsLong();
        int ordinal = region.ordinal();
        IntList owned = region.entities;
        for (int i = 0; i < owned.size(); i++) {
            int slot = owned.get(i);
            if (world.kind(slot) == dev.ludus.protocol.EntityKind.PLAYER) {
                rings.markAround(regions, ordinal, world.cellOf(slot));
            }
        }
        for (Command.Move move : region.moves) {
            try {
                move(move);
            } catch (RuntimeException e) {
                region.fail("command " + move + " at tick " + tick, e);
            }
        }
        try {
            rules.onTick(region);
        } catch (RuntimeException e) {
            region.fail("game rules in region " + region.regionId() + " at tick " + tick, e);
        }
        if (bodies.size() > 0) {
            stepPhysics(region, worker);
        }
        double dt = region.dtSeconds();
        double[] target = region.target;
        IntList entities = region.entities;
        for (int i = 0; i < entities.size(); i++) {
            int slot = entities.get(i);
            if (!world.advance(slot, dt, target)) {
                continue;
            }
            int cell = world.cellAt(target[0], target[1]);
            if (cell == world.cellOf(slot) || regions.regionOfCell(cell) == ordinal) {
                world.placeInRegion(slot, target[0], target[1]);
            } else {
                region.handOver(slot, target[0], target[1]);
            }
        }
        region.durationNanos = nanoClock.getAsLong() - start;
    }

    /**
     * DESIGN.md §4 step 5: the region's rigid bodies, after the rules set velocities and before
     * movement is integrated (players shove bodies from where the tick found them), at the planner's
     * precision level; the work is reported to the planner's cost model.
     */
    private void stepPhysics(RegionTick region, int worker) {
        dev.ludus.sim.space.IntList owned = bodies.ofRegion(region.ordinal());
        if (owned.size() == 0) {
            return;
        }
        dev.ludus.sim.physics.PhysicsStepper stepper = steppers[worker];
        long start = nanoClock.getAsLong();
        try {
            stepper.step(bodies, owned, neighbourhoods[worker].rings(rings), tick,
                region.dtSeconds(), planner.physicsLevel(), region.levelOfDetail(),
                !region.levelOfDetail() || region.ambientGranted());
            region.countPhysics(stepper.bodiesStepped(), stepper.nearUnits(), stepper.midUnits());
            showBodies(region, owned, stepper.near());
        } catch (RuntimeException e) {
            region.fail("physics in region " + region.regionId() + " at tick " + tick, e);
        }
        region.physicsNanos += nanoClock.getAsLong() - start;
    }

    /**
     * Moves each of the region's prop entities onto its body, as any entity moves in the region phase
     * (within the region's cells, else handed over at the boundary). A prop's velocity is its body's
     * when the body was stepped as near (every tick), else 0: mid bodies move only every few ticks and
     * far ones not at all, so a velocity there would make clients' dead reckoning drift.
     */
    private void showBodies(RegionTick region, dev.ludus.sim.space.IntList owned, dev.ludus.sim.space.IntList near) {
        int ordinal = region.ordinal();
        // The stepper lists its near bodies in the order of the region's own list: one walk covers both.
        int nextNear = 0;
        for (int i = 0; i < owned.size(); i++) {
            int body = owned.get(i);
            boolean isNear = nextNear < near.size() && near.get(nextNear) == body;
            if (isNear) {
                nextNear++;
            }
            int slot = world.slotOf(bodies.entityId(body));
            if (slot < 0) {
                continue;
            }
            world.setVelocity(slot, isNear ? bodies.vx(body) : 0, isNear ? bodies.vy(body) : 0);
            double x = bodies.x(body);
            double y = bodies.y(body);
            if (x == world.x(slot) && y == world.y(slot)) {
                continue;
            }
            int cell = world.cellAt(x, y);
            if (cell == world.cellOf(slot) || regions.regionOfCell(cell) == ordinal) {
                world.placeInRegion(slot, x, y);
            } else {
                region.handOver(slot, x, y);
            }
        }
    }

    // ------------------------------------------------------------------ merge

    /** Applies every region's handovers in increasing slot order; returns how many. */
    private int applyHandovers() {
        int count = 0;
        for (int k = 0; k < regions.regionCount(); k++) {
            RegionTick region = regionTicks.get(k);
            region.reportFailures(listener);
            count += region.handoverSlots.size();
        }
        if (count == 0) {
            return 0;
        }
        if (handoverKeys.length < count) {
            handoverKeys = new long[Math.max(count, handoverKeys.length * 2)];
            handoverPositions = new double[2 * handoverKeys.length];
        }
        int n = 0;
        for (int k = 0; k < regions.regionCount(); k++) {
            RegionTick region = regionTicks.get(k);
            for (int i = 0; i < region.handoverSlots.size(); i++) {
                // A slot is owned by one region, so it has one handover at most: sorting by slot is total.
                handoverKeys[n] = ((long) region.handoverSlots.get(i) << 32) | n;
                handoverPositions[2 * n] = region.handoverPositions[2 * i];
                handoverPositions[2 * n + 1] = region.handoverPositions[2 * i + 1];
                n++;
            }
        }
        Arrays.sort(handoverKeys, 0, n);
        for (int i = 0; i < n; i++) {
            int slot = (int) (handoverKeys[i] >>> 32);
            int index = (int) handoverKeys[i];
            world.place(slot, handoverPositions[2 * index], handoverPositions[2 * index + 1]);
        }
        return n;
    }

    /** Delivers the tick's mail in (target, sender region, send order) order; returns {all, cross-region}. */
    private int[] deliverMail() {
        mail.clear();
        int crossRegion = 0;
        for (int k = 0; k < regions.regionCount(); k++) {
            RegionTick region = regionTicks.get(k);
            mail.addAll(region.outbox);
            crossRegion += region.crossRegionMail;
        }
        if (mail.isEmpty()) {
            return new int[] {0, 0};
        }
        // Regions are listed in id order and each outbox in send order; a stable sort by target keeps both.
        mail.sort(java.util.Comparator.comparingLong(Mail::targetEntityId));
        SplittableRandom random = new SplittableRandom(Seeds.of(seed, Seeds.MAIL, tick));
        for (Mail item : mail) {
            try {
                rules.onMail(world, item, random);
            } catch (RuntimeException e) {
                listener.onError("mail " + item + " at tick " + tick, e);
            }
        }
        return new int[] {mail.size(), crossRegion};
    }

    private void join(Command.Join join, SplittableRandom random) {
        if (players.containsKey(join.connectionId())) {
            join.link().onJoinRefused(new ServerMessage.ErrorMessage(ErrorCode.ALREADY_LOGGED_IN,
                "connection " + join.connectionId() + " already has a player"));
            return;
        }
        if (playersByName.containsKey(nameKey(join.name()))) {
            join.link().onJoinRefused(new ServerMessage.ErrorMessage(ErrorCode.NAME_TAKEN,
                "login.name : \"" + join.name() + "\" (expected: a name no connected player uses)"));
            return;
        }
        WorldConfig config = world.config();
        if (players.size() >= config.maxPlayers()) {
            join.link().onJoinRefused(new ServerMessage.ErrorMessage(ErrorCode.SERVER_FULL,
                "the world holds its capacity of " + config.maxPlayers() + " players"));
            return;
        }
        double x;
        double y;
        int draws = 0;
        do {
            if (join.hasArrivalPoint()) {
                // Within the spawn radius (at least 2 m) of the arrival point, clamped to the world.
                double angle = random.nextDouble() * 2 * Math.PI;
                double distance = Math.max(2, config.spawnRadiusMetres()) * Math.sqrt(random.nextDouble());
                x = Math.clamp(join.arriveXMetres() + distance * Math.cos(angle), 0, config.widthMetres());
                y = Math.clamp(join.arriveYMetres() + distance * Math.sin(angle), 0, config.heightMetres());
            } else if (config.spawnSquareMetres() > 0) {
                // Uniform over the spawn square clipped to the world.
                double half = config.spawnSquareMetres() / 2;
                double minX = Math.max(0, config.spawnXMetres() - half);
                double minY = Math.max(0, config.spawnYMetres() - half);
                x = minX + random.nextDouble() * (Math.min(config.widthMetres(), config.spawnXMetres() + half) - minX);
                y = minY + random.nextDouble() * (Math.min(config.heightMetres(), config.spawnYMetres() + half) - minY);
            } else {
                // Uniform over the spawn disc: radius ~ sqrt(u) keeps the density even.
                double angle = random.nextDouble() * 2 * Math.PI;
                double distance = config.spawnRadiusMetres() * Math.sqrt(random.nextDouble());
                x = config.spawnXMetres() + distance * Math.cos(angle);
                y = config.spawnYMetres() + distance * Math.sin(angle);
            }
            // Never inside a rock: draw again (the game keeps the spawn area mostly clear).
        } while (world.obstacles().contains(x, y) && ++draws < MAX_SPAWN_DRAWS);
        int slot = world.spawn(dev.ludus.protocol.EntityKind.PLAYER, x, y);
        ConnectedPlayer player = new ConnectedPlayer(join.connectionId(), join.name(), join.link(), slot, world.id(slot));
        player.premium = join.premium();
        try {
            join.link().onJoined(new ServerMessage.Welcome(join.session(), player.entityId, config.tickRateHz(),
                config.widthMetres(), config.heightMetres(), config.aoiRadiusMetres(), config.spawnXMetres(),
                config.spawnYMetres(), config.playerSpeedMetresPerSecond()));
        } catch (RuntimeException e) {
            // The player never learnt it joined: leave no entity and no taken name behind.
            world.despawn(slot);
            throw e;
        }
        players.put(join.connectionId(), player);
        playersByName.put(nameKey(join.name()), player);
        playersByEntity.put(player.entityId, player);
        actionEngine.addPlayer(player.entityId, join.rankBucket());
        if (join.healthPoints() != Command.Join.FULL_HEALTH) {
            actionEngine.restoreHealth(player.entityId, join.healthPoints());
        }
    }

    /** A detached player stands still; its moves queued earlier this tick are superseded (skipped by their region). */
    private void halt(Command.Halt halt) {
        ConnectedPlayer player = players.get(halt.connectionId());
        if (player == null) {
            return;
        }
        for (Command.Move move : moves) {
            if (move.connectionId() == halt.connectionId()) {
                player.lastMoveSeq = Math.max(player.lastMoveSeq, move.seq());
                player.ackSeq = Math.max(player.ackSeq, move.seq());
            }
        }
        world.setVelocity(player.slot, 0, 0);
    }

    /** Names are unique regardless of case, so "Alice" cannot pose as "alice". */
    private static String nameKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private void move(Command.Move move) {
        ConnectedPlayer player = players.get(move.connectionId());
        if (player == null || move.seq() <= player.lastMoveSeq) {
            return;
        }
        double dx = move.dx();
        double dy = move.dy();
        double length = Math.hypot(dx, dy);
        if (length > 1) {
            dx /= length;
            dy /= length;
        }
        double speed = world.config().playerSpeedMetresPerSecond();
        world.setVelocity(player.slot, dx * speed, dy * speed);
        player.lastInputTick = tick;
        player.lastMoveSeq = move.seq();
        player.ackSeq = Math.max(player.ackSeq, move.seq());
    }

    private void leave(Command.Leave leave) {
        ConnectedPlayer player = players.remove(leave.connectionId());
        if (player != null) {
            try {
                player.link.onLeft(new DepartedPlayer(player.entityId, player.name, world.x(player.slot), world.y(player.slot),
                    Math.max(0, actionEngine.health(player.entityId)), actionEngine.inventory(player.entityId)));
            } catch (RuntimeException e) {
                listener.onError("leave of player " + player.entityId, e);
            }
            playersByName.remove(nameKey(player.name));
            playersByEntity.remove(player.entityId);
            actionEngine.removePlayer(player.entityId);
            // Despawned before the observer hears of it: an observer that throws must not leave a ghost entity behind.
            world.despawn(player.slot);
            try {
                observer.onLeave(player.entityId);
            } catch (RuntimeException e) {
                listener.onError("leave observer of player " + player.entityId, e);
            }
        }
    }

    // ------------------------------------------------------------------ replication

    private void replicate() {
        int count = players.size();
        // Unit 0, beside the snapshots, forms the next tick's regions from the positions now (DESIGN.md
        // §2: the driver re-forms regions after the merge) and lists their entities; it reads only the
        // positions copied here and fills the regionizer's other map.
        if (formedX.length < count) {
            formedX = new double[Math.max(count, formedX.length * 2)];
            formedY = new double[formedX.length];
        }
        int p = 0;
        for (ConnectedPlayer player : players.values()) {
            formedX[p] = world.x(player.slot);
            formedY[p] = world.y(player.slot);
            p++;
        }
        formedCount = count;
        nextEntitiesVersion = world.version();
        // Enough lists for any region count the reform can return (at most one region per player).
        while (nextEntities.size() < count) {
            nextEntities.add(new IntList(64));
        }
        replicator.replicate(players.values(), serverTimeMs, () -> {
            RegionMap next = regionizer.reform(formedX, formedY, count);
            int nextCount = next.regionCount();
            for (int k = 0; k < nextCount; k++) {
                nextEntities.get(k).clear();
            }
            sortIntoRegions(next, nextCount, nextEntities::get);
            nextRegions = next;
        });
    }
}
