package dev.ludus.testkit;

import dev.ludus.protocol.ErrorCode;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A population of synthetic players: streams of {@link Command}s that look like play, for the
 * headless {@code simulate} command and for deterministic tests.
 *
 * <p>Each player is a client without a network. It joins with a {@link Command.Join} whose
 * {@link dev.ludus.sim.world.PlayerLink} is the player itself: it learns its entity id from the
 * welcome and reads its own position from each snapshot, and steers from that reported position, as a
 * real client does. It sends a {@link Command.Move} (unit or zero direction, sequence numbers 1, 2, 3,
 * ... per connection) only when its direction changes by more than 2 degrees, or every
 * 1 s while moving, and a {@link Command.Leave} when it logs out.
 * The {@link Scenario} decides who is online when; each player's {@link Behaviour} decides how it moves:
 *
 * <table>
 *   <caption>Behaviour parameters</caption>
 *   <tr><th>parameter</th><th>value</th><th>why</th></tr>
 *   <tr><td>wanderers / travellers</td><td>50 % / 50 %</td><td>a mix of local roaming and long trips
 *       between places, the two modes seen in measured virtual-world mobility (La and Michiardi,
 *       "Characterizing user mobility in Second Life", WOSN 2008)</td></tr>
 *   <tr><td>wander: heading held</td><td>exponential, mean 4 s; 20 % of holds are pauses</td><td>a
 *       memoryless decision process, as in the random-direction mobility models (Camp, Boleng and
 *       Davies, "A survey of mobility models for ad hoc network research", 2002); seconds-scale turns
 *       read as a player looking around</td></tr>
 *   <tr><td>wander: home radius</td><td>5 % of the smaller extent (50 m in 1 km)</td><td>wanderers stay
 *       in their own neighbourhood, spread uniformly over the world, instead of diffusing from spawn</td></tr>
 *   <tr><td>points of interest</td><td>one per 250 m x 250 m, 3 to 64, Zipf popularity (s = 1)</td>
 *       <td>player populations crowd a few popular places (Pittman and GauthierDickey, "A measurement
 *       study of virtual populations in massively multiplayer online games", NetGames 2007)</td></tr>
 *   <tr><td>travel: dwell at a point</td><td>exponential, mean 20 s</td><td>long enough to be seen as a
 *       crowd at the place, short enough that travellers keep crossing the world</td></tr>
 *   <tr><td>hotspots</td><td>a battle (radius 4 % of the smaller extent, at most 50 m; 60 % of
 *       flockers) and a market (1.5 x that radius; 40 %), centres in the middle 60 % of the world</td>
 *       <td>one dense fight and one looser crowd: the two densities a server must survive</td></tr>
 *   <tr><td>flock: pause between moves</td><td>exponential, mean 3 s</td><td>a crowd that keeps
 *       shuffling, so its members keep sending inputs</td></tr>
 *   <tr><td>input refresh while moving</td><td>1 s</td><td>a periodic movement heartbeat of the
 *       order MMO clients use (a chosen value, not a measured one); far below one input per tick,
 *       which is what inputs-on-change clients cost</td></tr>
 *   <tr><td>session / offline minimum</td><td>5 s / 2 s</td><td>no player flaps in and out within a
 *       few ticks</td></tr>
 *   <tr><td>refused login: retry after</td><td>2 s + exponential, mean 5 s</td><td>clients back off and
 *       spread their retries</td></tr>
 * </table>
 * The scenarios' own parameters (login ramp, flocking share, waves, churn) are on {@link Scenario}.
 *
 * <p>Players are named {@code syn-0} to {@code syn-(N-1)}, so two populations must not share a
 * world. Each login opens a new connection with the next id counting up from
 * {@link #FIRST_CONNECTION_ID}, clear of the small ids {@link TestWorld#connect()} hands out.
 *
 * <p>Deterministic: every random choice comes from a {@link SplittableRandom} seeded with the seed,
 * split once per player in index order; nothing reads a clock. The same configuration, scenario,
 * player count and seed, driven with the same ticks and answered by the same simulation, give the
 * same commands in the same order.
 *
 * <p>Not thread-safe: call {@link #tick} on the thread that ticks the simulation (the players are the
 * simulation's {@link dev.ludus.sim.world.PlayerLink}s, so the simulation calls them back during its
 * tick). A typical driver:
 * <pre>{@code
 * SyntheticPlayers players = new SyntheticPlayers(config, Scenario.HOTSPOT, 5_000, 42);
 * while (running) {
 *     players.tick(simulation);              // submits this tick's commands
 *     simulation.tick(clock.epochMillis());  // applies them; calls the players back
 * }
 * }</pre>
 */
public final class SyntheticPlayers {
    /** The first connection id; each login takes the next one. */
    public static final long FIRST_CONNECTION_ID = 1L << 32;

    /**
     * A place where flockers crowd.
     *
     * @param name         {@code battle} or {@code market}
     * @param xMetres      centre x
     * @param yMetres      centre y
     * @param radiusMetres flockers mill around within this distance of the centre
     */
    public record Hotspot(String name, double xMetres, double yMetres, double radiusMetres) {
    }

    /**
     * Commands issued and answers received since construction.
     *
     * @param joins        {@link Command.Join}s issued
     * @param moves        {@link Command.Move}s issued
     * @param leaves       {@link Command.Leave}s issued
     * @param refusedJoins joins the world refused ({@code server_full}, {@code name_taken}, ...)
     */
    public record Counts(long joins, long moves, long leaves, long refusedJoins) {
        /** @return all commands issued */
        public long commands() {
            return joins + moves + leaves;
        }
    }

    private final WorldConfig config;
    private final Scenario scenario;
    private final long seed;
    private final Landmarks landmarks;
    private final SyntheticPlayer[] players;
    private final int[] onlineByBehaviour = new int[Behaviour.values().length];
    private final int[] refusedByCode = new int[ErrorCode.values().length];
    private final List<Command> buffer = new ArrayList<>();

    private long startTick = -1;
    private long currentTick = -1;
    private long nextConnectionId = FIRST_CONNECTION_ID;
    private int online;
    private int joining;
    private long joins;
    private long moves;
    private long leaves;
    private long refusedJoins;

    /**
     * @param config   the world the players will join: its extents, tick rate and player speed
     * @param scenario who is online when, and what they do
     * @param players  the population, {@code >= 0}; at most this many are online at once
     * @param seed     seeds every random choice
     * @throws NullPointerException     when {@code config} or {@code scenario} is null
     * @throws IllegalArgumentException when {@code players < 0}
     */
    public SyntheticPlayers(WorldConfig config, Scenario scenario, int players, long seed) {
        this(config, scenario, players, seed, -1);
    }

    /**
     * A population that also fights: every player shoots at the NPCs it sees, with a skill drawn
     * uniformly from [0, 1] and a rank bucket ({@value #RANK_BUCKETS} buckets) from its skill plus a
     * little noise, as a matchmaker's rating would give; a share of them cheat, one labelled way each
     * (speed hack, teleport, aimbot, superhuman accuracy, rapid fire, item duplication, in turn).
     * Their moves carry the claimed position and the tick shown.
     *
     * @param config       the world
     * @param scenario     who is online when
     * @param players      the population, {@code >= 0}
     * @param seed         seeds every random choice
     * @param cheaterShare share of cheaters in {@code [0, 1]}, or a negative value for a population that
     *                     does not fight at all (as the four-argument constructor)
     * @throws IllegalArgumentException when {@code players < 0} or the share is above 1 or NaN
     */
    public SyntheticPlayers(WorldConfig config, Scenario scenario, int players, long seed, double cheaterShare) {
        this.config = Objects.requireNonNull(config, "config");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        if (players < 0) {
            throw new IllegalArgumentException("players : " + players + " (expected: >= 0)");
        }
        this.seed = seed;
        SplittableRandom root = new SplittableRandom(seed);
        this.landmarks = new Landmarks(config, scenario, root.split());
        this.players = new SyntheticPlayer[players];
        for (int i = 0; i < players; i++) {
            this.players[i] = new SyntheticPlayer(this, landmarks, root.split(), i, config.tickRateHz(),
                config.playerSpeedMetresPerSecond(), scenario);
        }
        if (Double.isNaN(cheaterShare) || cheaterShare > 1) {
            throw new IllegalArgumentException("cheaterShare : " + cheaterShare + " (expected: 0 to 1, or negative for no combat)");
        }
        if (cheaterShare >= 0) {
            SplittableRandom combat = root.split();
            long cheaters = Math.round(cheaterShare * players);
            Fighter.Cheat[] kinds = java.util.Arrays.copyOfRange(Fighter.Cheat.values(), 1, Fighter.Cheat.values().length);
            // Cheaters are a random subset, each one of the six kinds in turn.
            int[] order = combat.ints(0, players).distinct().limit(players).toArray();
            java.util.Set<Integer> cheating = new java.util.HashSet<>();
            for (int i = 0; i < cheaters; i++) {
                cheating.add(order[i]);
            }
            int next = 0;
            for (int i = 0; i < players; i++) {
                SplittableRandom own = combat.split();
                double skill = own.nextDouble();
                int rank = (int) Math.clamp(Math.floor(RANK_BUCKETS * (skill + 0.05 * own.nextGaussian())), 0, RANK_BUCKETS - 1);
                Fighter.Cheat cheat = cheating.contains(i) ? kinds[next++ % kinds.length] : Fighter.Cheat.NONE;
                this.players[i].fight(new Fighter(own, skill, rank, cheat, config.tickRateHz()));
            }
        }
    }

    /**
     * Gives the fighters the map's rocks, as a real client has its map: they then pick targets in
     * sight and stop shooting at one that went behind a rock. Call before the first tick.
     *
     * @param obstacles the world's obstacles
     * @return this population
     */
    public SyntheticPlayers map(dev.ludus.sim.space.Obstacles obstacles) {
        for (SyntheticPlayer player : players) {
            if (player.fighter() != null) {
                player.fighter().map(obstacles);
            }
        }
        return this;
    }

    /**
     * Gives premium status to a share of the players: every player whose index falls on the share's
     * stride ({@code floor(i * share)} steps up), so premium players are spread evenly over the
     * population and its behaviours. Call before the first tick.
     *
     * @param share premium share in {@code [0, 1]}
     * @return this population
     * @throws IllegalArgumentException when the share is outside [0, 1]
     */
    public SyntheticPlayers premium(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("premium share : " + share + " (expected: 0 to 1)");
        }
        for (int i = 0; i < players.length; i++) {
            players[i].premium((long) Math.floor((i + 1) * share) > (long) Math.floor(i * share));
        }
        return this;
    }

    /** Rank buckets of a combat population (a matchmaker's tiers). */
    public static final int RANK_BUCKETS = 10;

    /**
     * What the harness knows and the server must find out: one player's truth in a combat run.
     *
     * @param name       the player's name
     * @param cheat      how it cheats, {@code none} for an honest player (lower-case kind names)
     * @param skill      its true skill in [0, 1]
     * @param rankBucket the bucket its rating puts it in
     * @param entityIds  its entity ids, one per session so far
     */
    public record Label(String name, String cheat, double skill, int rankBucket, List<Long> entityIds) {
        /** @return whether the player cheats */
        public boolean cheater() {
            return !"none".equals(cheat);
        }
    }

    /** @return every player's truth, in player order; empty for a population that does not fight */
    public List<Label> labels() {
        List<Label> labels = new ArrayList<>();
        for (SyntheticPlayer player : players) {
            Fighter fighter = player.fighter();
            if (fighter != null) {
                labels.add(new Label(player.name(), fighter.cheat().name().toLowerCase(java.util.Locale.ROOT), fighter.skill(),
                    fighter.rankBucket(), List.copyOf(player.entityIds())));
            }
        }
        return labels;
    }

    /**
     * Produces the commands for one tick: logins and logouts the scenario calls for, then each online
     * player's inputs, in player order. Schedules count from the first tick passed here.
     *
     * @param tick the number of the simulation tick that will apply the commands (for a
     *             {@link Simulation}, its {@link Simulation#completedTicks()}), greater than any tick
     *             passed before; ticks may be skipped
     * @param out  receives the commands, appended; not cleared first
     * @return the number of commands appended
     * @throws IllegalArgumentException when {@code tick} is negative or not after the previous one
     */
    public int tick(long tick, List<? super Command> out) {
        Objects.requireNonNull(out, "out");
        if (tick < 0 || tick <= currentTick) {
            throw new IllegalArgumentException("tick : " + tick + " (expected: >= 0 and > the previous tick "
                + currentTick + ")");
        }
        if (startTick < 0) {
            startTick = tick;
        }
        currentTick = tick;
        long elapsedTicks = tick - startTick;
        double seconds = elapsedTicks * config.tickSeconds();
        double share = scenario.onlineShare(seconds);
        double rotation = scenario.churnRotation(seconds);
        int before = out.size();
        for (SyntheticPlayer player : players) {
            double position = player.place() + rotation;
            position -= Math.floor(position);
            player.tick(tick, elapsedTicks, position < share, out);
        }
        return out.size() - before;
    }

    /**
     * Produces this tick's commands (see {@link #tick(long, List)}) and submits them to a simulation,
     * taking the tick number from its {@link Simulation#completedTicks()}.
     *
     * @param simulation the world the players play in
     * @return the number of commands submitted
     */
    public int tick(Simulation simulation) {
        buffer.clear();
        int count = tick(simulation.completedTicks(), buffer);
        for (Command command : buffer) {
            simulation.submit(command);
        }
        buffer.clear();
        return count;
    }

    /** @return the scenario */
    public Scenario scenario() {
        return scenario;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the population size */
    public int players() {
        return players.length;
    }

    /** @return players the world has welcomed and that have not logged out */
    public int online() {
        return online;
    }

    /** @return players that asked to join and await the world's answer */
    public int joining() {
        return joining;
    }

    /**
     * @param behaviour a behaviour
     * @return online players with that behaviour
     */
    public int online(Behaviour behaviour) {
        return onlineByBehaviour[behaviour.ordinal()];
    }

    /** @return the hotspots flockers head for: two for {@link Scenario#HOTSPOT}, none otherwise */
    public List<Hotspot> hotspots() {
        return landmarks.hotspots();
    }

    /** @return commands issued and joins refused so far */
    public Counts counts() {
        return new Counts(joins, moves, leaves, refusedJoins);
    }

    /**
     * @param code an error code
     * @return joins the world refused with that code
     */
    public int refusedJoins(ErrorCode code) {
        return refusedByCode[code.ordinal()];
    }

    Landmarks landmarks() {
        return landmarks;
    }

    long currentTick() {
        return currentTick;
    }

    long nextConnectionId() {
        return nextConnectionId++;
    }

    void onJoinSent() {
        joins++;
        joining++;
    }

    void onJoined(Behaviour behaviour) {
        joining--;
        online++;
        onlineByBehaviour[behaviour.ordinal()]++;
    }

    void onJoinRefused(ErrorCode code) {
        joining--;
        refusedJoins++;
        refusedByCode[code.ordinal()]++;
    }

    void onMoveSent() {
        moves++;
    }

    void onLeft(Behaviour behaviour) {
        leaves++;
        online--;
        onlineByBehaviour[behaviour.ordinal()]--;
    }

    void onBehaviourChanged(Behaviour from, Behaviour to) {
        onlineByBehaviour[from.ordinal()]--;
        onlineByBehaviour[to.ordinal()]++;
    }
}
