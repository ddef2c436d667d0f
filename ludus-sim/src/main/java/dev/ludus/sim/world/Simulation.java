package dev.ludus.sim.world;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.space.IntList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One world and its tick: the single writer of the world's state.
 *
 * <p>Other threads only {@link #submit} commands; {@link #tick} (called by one thread at a time,
 * the tick driver) drains them, runs the game's rules, integrates movement and sends every player a
 * snapshot of its area of interest. One tick's steps, in order:
 * <ol>
 *   <li>apply queued commands (joins, moves, leaves) in arrival order;</li>
 *   <li>{@link GameRules#onTick} (NPC behaviour);</li>
 *   <li>{@link World#step} by {@link WorldConfig#tickSeconds()};</li>
 *   <li>replication: each player gets the entities within {@link WorldConfig#aoiRadiusMetres()} of
 *       its own entity, with the ids that left its area since the last snapshot its link took.</li>
 * </ol>
 * A failure in one unit of work (one command, one player's snapshot) is reported to the
 * {@link SimulationListener} and the tick goes on.
 */
public final class Simulation {
    private final World world;
    private final GameRules rules;
    private final SimulationListener listener;
    private final SplittableRandom random;
    private final Queue<Command> inbox = new ConcurrentLinkedQueue<>();
    private final Map<Long, Player> players = new LinkedHashMap<>();
    private final Map<String, Player> playersByName = new LinkedHashMap<>();
    private final IntList visible = new IntList(256);

    private long tick;
    private volatile long completedTicks;
    private volatile int playerCount;
    private volatile int entityCount;

    /**
     * Builds the world and lets the game populate it.
     *
     * @param config   the world's shape; seeds the random generator with {@link WorldConfig#seed()}
     * @param rules    the game
     * @param listener receives per-tick figures and failures; called on the tick thread
     */
    public Simulation(WorldConfig config, GameRules rules, SimulationListener listener) {
        this.world = new World(config);
        this.rules = Objects.requireNonNull(rules, "rules");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = new SplittableRandom(config.seed());
        rules.populate(world, random);
        entityCount = world.entityCount();
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
        applyCommands();
        double dt = world.config().tickSeconds();
        try {
            rules.onTick(world, tick, dt, random);
        } catch (RuntimeException e) {
            listener.onError("game rules at tick " + tick, e);
        }
        world.step(dt);
        replicate(serverTimeMs);
        tick++;
        playerCount = players.size();
        entityCount = world.entityCount();
        completedTicks = tick;
    }

    /** @return the world; only the tick thread may touch it while the simulation runs */
    public World world() {
        return world;
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

    /** @return commands waiting for the next tick; safe from any thread */
    public int inboxSize() {
        return inbox.size();
    }

    private void applyCommands() {
        Command command;
        while ((command = inbox.poll()) != null) {
            try {
                switch (command) {
                    case Command.Join join -> join(join);
                    case Command.Move move -> move(move);
                    case Command.Leave leave -> leave(leave);
                }
            } catch (RuntimeException e) {
                listener.onError("command " + command + " at tick " + tick, e);
            }
        }
    }

    private void join(Command.Join join) {
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
        // Uniform over the spawn disc: radius ~ sqrt(u) keeps the density even.
        double angle = random.nextDouble() * 2 * Math.PI;
        double distance = config.spawnRadiusMetres() * Math.sqrt(random.nextDouble());
        int slot = world.spawn(dev.ludus.protocol.EntityKind.PLAYER,
            config.spawnXMetres() + distance * Math.cos(angle), config.spawnYMetres() + distance * Math.sin(angle));
        Player player = new Player(join.connectionId(), join.name(), join.link(), slot, world.id(slot));
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
    }

    /** Names are unique regardless of case, so "Alice" cannot pose as "alice". */
    private static String nameKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private void move(Command.Move move) {
        Player player = players.get(move.connectionId());
        if (player == null || move.seq() <= player.ackSeq) {
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
        player.ackSeq = move.seq();
    }

    private void leave(Command.Leave leave) {
        Player player = players.remove(leave.connectionId());
        if (player != null) {
            playersByName.remove(nameKey(player.name));
            world.despawn(player.slot);
        }
    }

    private void replicate(long serverTimeMs) {
        double radius = world.config().aoiRadiusMetres();
        for (Player player : players.values()) {
            try {
                visible.clear();
                int count = world.query(world.x(player.slot), world.y(player.slot), radius, visible);
                List<EntityState> entities = new ArrayList<>(count);
                long[] current = player.currentIds(count);
                for (int i = 0; i < count; i++) {
                    int slot = visible.get(i);
                    long id = world.id(slot);
                    current[i] = id;
                    entities.add(new EntityState(id, world.kind(slot), world.x(slot), world.y(slot),
                        world.vx(slot), world.vy(slot)));
                }
                Arrays.sort(current, 0, count);
                boolean taken = player.link.onSnapshot(new ServerMessage.Snapshot(tick, serverTimeMs, player.ackSeq,
                    entities, player.removedSinceTaken()));
                if (taken) {
                    player.markTaken();
                }
            } catch (RuntimeException e) {
                listener.onError("snapshot for connection " + player.connectionId + " at tick " + tick, e);
            }
        }
    }

    /** A connected player: its entity, its last applied input and what its last taken snapshot held. */
    private static final class Player {
        final long connectionId;
        final String name;
        final PlayerLink link;
        final int slot;
        final long entityId;
        long ackSeq = -1;
        private long[] takenIds = new long[0];
        private int takenCount;
        private long[] currentIds = new long[64];
        private int currentCount;

        Player(long connectionId, String name, PlayerLink link, int slot, long entityId) {
            this.connectionId = connectionId;
            this.name = name;
            this.link = link;
            this.slot = slot;
            this.entityId = entityId;
        }

        /** @return the buffer to fill with this tick's {@code count} visible ids, sorted afterwards */
        long[] currentIds(int count) {
            if (currentIds.length < count) {
                currentIds = new long[Math.max(count, currentIds.length * 2)];
            }
            currentCount = count;
            return currentIds;
        }

        /** This tick's snapshot was taken: it becomes the baseline for the next {@code removed}. */
        void markTaken() {
            long[] spare = takenIds;
            takenIds = currentIds;
            takenCount = currentCount;
            currentIds = spare;
        }

        /** Ids in the last taken snapshot and not in the current one; both arrays are sorted. */
        List<Long> removedSinceTaken() {
            List<Long> removed = null;
            int i = 0;
            int j = 0;
            while (i < takenCount) {
                long id = takenIds[i];
                while (j < currentCount && currentIds[j] < id) {
                    j++;
                }
                if (j >= currentCount || currentIds[j] != id) {
                    if (removed == null) {
                        removed = new ArrayList<>();
                    }
                    removed.add(id);
                }
                i++;
            }
            return removed == null ? List.of() : removed;
        }
    }
}
