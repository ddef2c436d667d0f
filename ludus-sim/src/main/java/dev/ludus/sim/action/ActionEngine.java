package dev.ludus.sim.action;

import dev.ludus.protocol.ActionReason;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.HitZone;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.space.IntList;
import dev.ludus.sim.world.World;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Validates, orders and applies the players' actions of one world, once per tick (DESIGN.md §4,
 * steps 2 to 4), and keeps the game state they change: health, inventories, items on the ground,
 * resource nodes, and a version per entity for optimistic concurrency.
 *
 * <p>One tick's actions go through three stages in {@link #resolve}:
 * <ol>
 *   <li><b>validate</b>, in arrival order, against the state at the tick's start: the target exists
 *       and is of the right kind, was inside the player's area of interest, is in range and (for
 *       shots) in line of sight after lag compensation, the cooldown has passed, the items named
 *       exist and are held. A failed check answers the action at once with an {@link ActionReason};
 *       violations are reported to the {@link ActionObserver}.</li>
 *   <li><b>order</b>: each valid action gets a lag-compensated client time, the tick the player saw
 *       ({@code viewTick}) clamped by the latency measured for that player, and the actions are sorted
 *       by that time, then by a tie-break drawn from (world seed, player id, tick), then by arrival.
 *       A player's own actions keep their sequence order. Actions that touch a common entity (the
 *       actor, the target, the item, the node, the trade partner) form one <em>interaction group</em>
 *       (union-find over the entities); groups share nothing, so the order between groups cannot
 *       change any outcome.</li>
 *   <li><b>apply</b>, group by group in that order, re-checking what an earlier action of the same
 *       tick may have changed: two pick-ups of one item, two harvests of a node's last unit, a trade
 *       of an item just used. The first in order wins; the other is answered {@code item_gone},
 *       {@code node_depleted} or {@code not_in_inventory}, and nothing is duplicated. Every change
 *       bumps the changed entity's version.</li>
 * </ol>
 * Everything is a function of the world, the engine's state, the actions in arrival order and the
 * seed: replaying the same inputs gives the same outcomes.
 *
 * <p>Lag compensation follows Valve's Source engine (Bernier, GDC 2001): the target is tested where it
 * was in the snapshot the shooter saw, at most {@link ActionConfig#maxRewindTicks()} back. The rewind
 * is clamped to the player's measured latency (the smallest recent {@code tick - viewTick}, rising
 * slowly, over moves and actions) plus {@link ActionConfig#latencyToleranceTicks()}, so a client
 * cannot buy a deeper rewind by claiming an old view.
 *
 * <p>Not thread-safe: the tick thread calls everything, between the region phases (spawning and
 * despawning must be allowed).
 */
public final class ActionEngine {
    private static final int MELEE = 0;
    private static final int RANGED = 1;
    private static final int HARVEST = 2;
    private static final int USE = 3;
    private static final int ARRIVAL_BITS = 24;
    private static final int TIEBREAK_BITS = 24;

    private final World world;
    private final ActionConfig config;
    private final long seed;
    private final double tickSeconds;
    private final RewindBuffer rewind;
    private ActionObserver observer = new ActionObserver() { };

    private final Map<Long, Actor> actors = new HashMap<>();
    /** Players with an open trade offer, in the order they opened it. */
    private final List<Actor> offering = new ArrayList<>();
    private Actor[] actorBySlot = new Actor[1024];
    private long[] owner = new long[1024];
    private int[] health = new int[1024];
    private long[] version = new long[1024];
    private int[] itemOf = new int[1024];
    private int[] units = new int[1024];

    private Pending[] queue = new Pending[64];
    private int queued;
    private long[] order = new long[64];
    private int[] parent = new int[64];
    private final dev.ludus.sim.space.LongIntMap elementOf = new dev.ludus.sim.space.LongIntMap(256);
    private int[] firstOf = new int[64];
    private int[] actorsOf = new int[64];
    private long[] lastActorOf = new long[64];
    private long[] groupOrder = new long[64];
    private final Set<Long> changed = new LinkedHashSet<>();
    private final double[] at = new double[2];
    /** Answers built once per item, so applying an action does not build strings. */
    private final String[] pickedUp;
    private final String[] harvested;
    private final String[] used;

    /** NPC strikes queued by the game rules, applied at the next resolve in the order queued. */
    private long[] strikeAttacker = new long[16];
    private long[] strikeTarget = new long[16];
    private int[] strikeDamage = new int[16];
    private int strikes;
    /** Written by the tick thread only; volatile so metrics may read them from any thread. */
    private volatile long strikesLanded;
    private volatile long strikesDodged;

    private long accepted;
    private final long[] rejected = new long[ActionReason.values().length];
    private long groups;
    private long contestedGroups;

    /**
     * @param world  the world whose entities the actions touch
     * @param config the rules
     * @param seed   the world's seed (tie-breaks)
     * @throws IllegalArgumentException when {@code maxRewindTicks} exceeds 65,535
     */
    public ActionEngine(World world, ActionConfig config, long seed) {
        this.world = Objects.requireNonNull(world, "world");
        this.config = Objects.requireNonNull(config, "config");
        if (config.maxRewindTicks() > 0xFFFF) {
            throw new IllegalArgumentException("maxRewindTicks : " + config.maxRewindTicks() + " (expected: <= 65535)");
        }
        this.seed = seed;
        this.tickSeconds = world.config().tickSeconds();
        this.rewind = new RewindBuffer(config.maxRewindTicks() + 1);
        int items = config.items().size();
        pickedUp = new String[items];
        harvested = new String[items];
        used = new String[items];
        for (int i = 0; i < items; i++) {
            pickedUp[i] = "picked up " + config.items().get(i);
            harvested[i] = "harvested 1 " + config.items().get(i);
            used[i] = "used " + config.items().get(i);
        }
    }

    /** @return the rules */
    public ActionConfig config() {
        return config;
    }

    /**
     * Sets who hears about shots, gains and violations (the cheat detectors).
     *
     * @param observer the observer
     */
    public void observer(ActionObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    // ------------------------------------------------------------------ entities

    /**
     * Registers a player's entity so it can act, hold items and be attacked as a player.
     *
     * @param entityId   the player's entity
     * @param rankBucket the player's skill bucket from the rating service, {@code >= 0}; the detectors
     *                   compare a player with its bucket's population
     * @throws IllegalArgumentException when the entity is not a live player or the bucket is negative
     */
    public void addPlayer(long entityId, int rankBucket) {
        int slot = world.slotOf(entityId);
        if (slot < 0 || world.kind(slot) != EntityKind.PLAYER || rankBucket < 0) {
            throw new IllegalArgumentException("player " + entityId + ", bucket " + rankBucket
                + " (expected: a live player entity and a bucket >= 0)");
        }
        Actor actor = new Actor(entityId, slot, rankBucket, config.items().size());
        actors.put(entityId, actor);
        ensureSlots(slot + 1);
        state(slot);
        actorBySlot[slot] = actor;
    }

    /**
     * Shadow-bans a player or lifts it: a shadow-banned player's attacks are answered exactly as
     * before (the client cannot tell) but take no health from anyone, so a cheater the detectors are
     * sure of stops spoiling other players' games without learning which of its tricks was caught.
     *
     * @param playerId the player
     * @param banned   whether its attacks stop counting
     * @return false when no such player is registered
     */
    public boolean shadowBan(long playerId, boolean banned) {
        Actor actor = actorOf(playerId);
        if (actor == null) {
            return false;
        }
        actor.shadowBanned = banned;
        return true;
    }

    /**
     * Sets a registered player's health from outside the game: a parked or handed-off player arrives
     * with the health it left with (docs/protocol.md §19.3). Bumps the player's version and marks it
     * changed, so its status is sent. Tick thread, at the tick boundary (the world's join).
     *
     * @param playerId     the player
     * @param healthPoints the health, {@code >= 0}; capped to 1 to {@link ActionConfig#maxHealth()} (a
     *                     player is never restored dead: a killed player respawns at once)
     * @return false when no such player is registered
     * @throws IllegalArgumentException when the health is negative
     */
    public boolean restoreHealth(long playerId, int healthPoints) {
        if (healthPoints < 0) {
            throw new IllegalArgumentException("healthPoints : " + healthPoints + " (expected: >= 0)");
        }
        Actor actor = actorOf(playerId);
        if (actor == null) {
            return false;
        }
        health[state(actor.slot)] = Math.clamp(healthPoints, 1, config.maxHealth());
        changed(actor);
        return true;
    }

    /**
     * Forgets a player (it left); its open trade offer goes with it.
     *
     * @param entityId the player's entity
     */
    public void removePlayer(long entityId) {
        Actor actor = actors.remove(entityId);
        if (actor != null && actorBySlot[actor.slot] == actor) {
            actorBySlot[actor.slot] = null;
        }
    }

    /**
     * Spawns an item lying in the world.
     *
     * @param item the item name
     * @param x    metres
     * @param y    metres
     * @return the item's slot
     * @throws IllegalArgumentException when the game does not know the item
     */
    public int spawnItem(String item, double x, double y) {
        int id = requireItem(item);
        int slot = world.spawn(EntityKind.ITEM, x, y);
        ensureSlots(slot + 1);
        state(slot);
        itemOf[slot] = id;
        return slot;
    }

    /**
     * Spawns a resource node.
     *
     * @param item   the item one harvest yields
     * @param amount units it holds, {@code >= 1}
     * @param x      metres
     * @param y      metres
     * @return the node's slot
     * @throws IllegalArgumentException when the item is unknown or the amount below 1
     */
    public int spawnResource(String item, int amount, double x, double y) {
        int id = requireItem(item);
        if (amount < 1) {
            throw new IllegalArgumentException("amount : " + amount + " (expected: >= 1)");
        }
        int slot = world.spawn(EntityKind.RESOURCE, x, y);
        ensureSlots(slot + 1);
        state(slot);
        itemOf[slot] = id;
        units[slot] = amount;
        return slot;
    }

    /**
     * @param entityId an entity
     * @return its version (0 before its first change), or -1 when it does not exist
     */
    public long version(long entityId) {
        int slot = world.slotOf(entityId);
        return slot < 0 ? -1 : version[state(slot)];
    }

    /**
     * @param entityId an entity
     * @return its health, or -1 when it does not exist
     */
    public int health(long entityId) {
        int slot = world.slotOf(entityId);
        return slot < 0 ? -1 : health[state(slot)];
    }

    /**
     * An entity's health without touching the engine's state, for game rules reading it during the
     * region phase (the engine is written only at the tick boundary, so any number of region workers
     * may call this at once then).
     *
     * @param slot a live entity's slot
     * @return its health; full health for an entity the engine has not dealt with yet
     */
    public int healthOfSlot(int slot) {
        return slot < owner.length && owner[slot] == world.id(slot) ? health[slot] : config.maxHealth();
    }

    /**
     * @param entityId a resource node
     * @return units left, or -1 when it is not a live node
     */
    public int unitsLeft(long entityId) {
        int slot = world.slotOf(entityId);
        return slot < 0 || world.kind(slot) != EntityKind.RESOURCE ? -1 : units[state(slot)];
    }

    /**
     * @param playerId a player's entity
     * @return its inventory, item name to count (counts {@code >= 1}), or an empty map for no such player
     */
    public SortedMap<String, Integer> inventory(long playerId) {
        SortedMap<String, Integer> inventory = new TreeMap<>();
        Actor actor = actors.get(playerId);
        if (actor != null) {
            for (int i = 0; i < actor.inventory.length; i++) {
                if (actor.inventory[i] > 0) {
                    inventory.put(config.items().get(i), actor.inventory[i]);
                }
            }
        }
        return inventory;
    }

    /**
     * Players whose health, inventory or position the last {@link #resolve} or {@link #update}
     * changed, in the order they changed; the caller sends them their status and then clears it.
     *
     * @return the live set
     */
    public Set<Long> changedPlayers() {
        return changed;
    }

    // ------------------------------------------------------------------ optimistic concurrency

    /**
     * Changes a player's inventory from outside the tick with optimistic concurrency: applied only
     * when the player's version is still {@code expectedVersion}. A caller that gets
     * {@code version_conflict} reads the version again and retries (see {@link OptimisticUpdate}).
     *
     * @param entityId        the player
     * @param expectedVersion the version the caller read
     * @param item            the item
     * @param delta           the change; the count must stay {@code >= 0}
     * @return the outcome
     */
    public UpdateResult update(long entityId, long expectedVersion, String item, int delta) {
        Actor actor = actors.get(entityId);
        if (actor == null) {
            return new UpdateResult(false, "unknown_entity", -1);
        }
        long current = version[actor.slot];
        int id = config.itemId(item);
        if (id < 0) {
            return new UpdateResult(false, "unknown_item", current);
        }
        if (current != expectedVersion) {
            return new UpdateResult(false, "version_conflict", current);
        }
        if ((long) actor.inventory[id] + delta < 0 || (long) actor.inventory[id] + delta > Integer.MAX_VALUE) {
            return new UpdateResult(false, "insufficient", current);
        }
        actor.inventory[id] += delta;
        changed(actor);
        return new UpdateResult(true, null, version[actor.slot]);
    }

    // ------------------------------------------------------------------ movement claims

    /**
     * Checks a move input's claimed position and feeds its {@code viewTick} to the latency estimate.
     * Called at the tick boundary, in arrival order, before the tick moves anyone. A claim is valid
     * when, against the player's previous claim, it moved no faster than the speed limit allows over
     * the ticks between them plus {@link ActionConfig#slackTicks()} (times 1 + tolerance), changed
     * velocity no faster than the acceleration limit, crossed no obstacle, and stays within what the
     * player's latency explains of the server's own position. Whatever the verdict, the server's
     * position stands; after a rejection the next claim is compared with the server's position.
     *
     * @param playerId the player
     * @param tick     the tick about to run
     * @param viewTick the tick the client showed, or -1
     * @param hasClaim whether a position is claimed
     * @param claimX   metres
     * @param claimY   metres
     * @return null when acceptable (or the player is unknown), else the reason
     */
    public ActionReason checkMove(long playerId, long tick, long viewTick, boolean hasClaim, double claimX, double claimY) {
        Actor actor = actorOf(playerId);
        if (actor == null) {
            return null;
        }
        if (viewTick > tick - 1) {
            return reject(actor, ActionReason.INVALID_VIEW_TICK);
        }
        observeLatency(actor, tick, viewTick);
        if (!hasClaim) {
            return null;
        }
        double speed = world.config().playerSpeedMetresPerSecond();
        double serverX = world.x(actor.slot);
        double serverY = world.y(actor.slot);
        double latencyTicks = Double.isNaN(actor.latency) ? 0 : actor.latency;
        double desync = Math.hypot(claimX - serverX, claimY - serverY);
        double desyncAllowed = speed * tickSeconds * (latencyTicks + config.slackTicks() + 1) * (1 + config.speedTolerance())
            + config.desyncMetres();
        ActionReason reason = null;
        if (!actor.hasClaim) {
            if (desync > desyncAllowed + config.teleportMetres()) {
                reason = ActionReason.TELEPORT;
            }
        } else {
            long ticks = Math.max(1, tick - actor.claimTick);
            double dx = claimX - actor.claimX;
            double dy = claimY - actor.claimY;
            double distance = Math.hypot(dx, dy);
            double allowed = speed * tickSeconds * (ticks + config.slackTicks()) * (1 + config.speedTolerance());
            double seconds = ticks * tickSeconds;
            double vx = dx / seconds;
            double vy = dy / seconds;
            if (distance > allowed + config.teleportMetres() || desync > desyncAllowed + config.teleportMetres()) {
                reason = ActionReason.TELEPORT;
            } else if (distance > allowed || desync > desyncAllowed) {
                reason = ActionReason.SPEED;
            } else if (Math.hypot(vx - actor.claimVx, vy - actor.claimVy) > config.maxAccelMetresPerSecond2() * seconds) {
                reason = ActionReason.ACCELERATION;
            } else if (world.obstacles().blocked(actor.claimX, actor.claimY, claimX, claimY)) {
                reason = ActionReason.OBSTACLE;
            } else {
                actor.claimVx = vx;
                actor.claimVy = vy;
            }
        }
        if (reason != null) {
            // Compare the next claim with where the server has the player, not with the bad claim.
            actor.hasClaim = true;
            actor.claimX = serverX;
            actor.claimY = serverY;
            actor.claimVx = 0;
            actor.claimVy = 0;
            actor.claimTick = tick;
            return reject(actor, reason);
        }
        actor.hasClaim = true;
        actor.claimX = claimX;
        actor.claimY = claimY;
        actor.claimTick = tick;
        return null;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Queues an action for the next {@link #resolve}. Actions of unknown players are dropped there.
     *
     * @param playerId the acting player's entity
     * @param seq      the action's sequence number, echoed in its result
     * @param viewTick the tick the client showed, or -1
     * @param request  the action
     */
    public void submit(long playerId, long seq, long viewTick, ActionRequest request) {
        Objects.requireNonNull(request, "request");
        if (queued == queue.length) {
            queue = Arrays.copyOf(queue, queued * 2);
        }
        Pending pending = queue[queued];
        if (pending == null) {
            pending = new Pending();
            queue[queued] = pending;
        }
        pending.playerId = playerId;
        pending.seq = seq;
        pending.viewTick = viewTick;
        pending.request = request;
        pending.arrival = queued;
        queued++;
    }

    /**
     * Queues an NPC's melee strike on a player. Game rules decide strikes during the region phase and
     * queue them at the tick boundary (from {@link dev.ludus.sim.world.GameRules#onMail}, on the tick
     * thread); the next {@link #resolve} applies them in the order queued, before the players' actions of
     * that tick, so a player answers a strike in the same tick order as any other hit.
     *
     * <p>A strike lands only if, when applied, the attacker is a live NPC, the target a registered live
     * player, and the two are at most {@link ActionConfig#meleeRangeMetres()} plus
     * {@link ActionConfig#bodyRadiusMetres()} apart (the players' melee reach): a player who stepped out
     * of reach in the meantime dodges it, and a dead NPC strikes no one. A landed strike takes
     * {@code damage} health, bumps the player's version and sends its status; at 0 health the player is
     * killed and respawns as after any kill, and {@link ResultSink#onKill} reports the NPC as the killer.
     * Everything follows from the world and the queue order, so replays reproduce it.
     *
     * @param attackerId the striking NPC's entity id
     * @param targetId   the player's entity id
     * @param damage     health taken, 1 to {@link ActionConfig#maxHealth()}
     * @throws IllegalArgumentException when {@code damage} is out of range
     */
    public void strike(long attackerId, long targetId, int damage) {
        if (damage < 1 || damage > config.maxHealth()) {
            throw new IllegalArgumentException("damage : " + damage + " (expected: 1 to " + config.maxHealth() + ")");
        }
        if (strikes == strikeTarget.length) {
            strikeAttacker = Arrays.copyOf(strikeAttacker, strikes * 2);
            strikeTarget = Arrays.copyOf(strikeTarget, strikes * 2);
            strikeDamage = Arrays.copyOf(strikeDamage, strikes * 2);
        }
        strikeAttacker[strikes] = attackerId;
        strikeTarget[strikes] = targetId;
        strikeDamage[strikes] = damage;
        strikes++;
    }

    /** @return NPC strikes that landed since the engine was made; safe to read from any thread */
    public long strikesLanded() {
        return strikesLanded;
    }

    /**
     * @return NPC strikes that found their target out of reach, or a party gone, since the engine was
     *         made; safe to read from any thread
     */
    public long strikesDodged() {
        return strikesDodged;
    }

    private void applyStrikes(long tick, ResultSink results) {
        for (int i = 0; i < strikes; i++) {
            int attacker = world.slotOf(strikeAttacker[i]);
            Actor victim = actorOf(strikeTarget[i]);
            if (attacker < 0 || world.kind(attacker) != EntityKind.NPC || victim == null || victim.diedTick == tick
                || distance(attacker, victim.slot) > config.meleeRangeMetres() + config.bodyRadiusMetres()) {
                strikesDodged++;
                continue;
            }
            int target = state(victim.slot);
            health[target] -= strikeDamage[i];
            changed(victim);
            strikesLanded++;
            if (health[target] <= 0) {
                kill(target, victim, tick);
                results.onKill(strikeAttacker[i], victim.id, EntityKind.PLAYER);
            }
        }
        strikes = 0;
    }

    /** @return actions queued for the next resolve */
    public int queued() {
        return queued;
    }

    /**
     * Applies the queued NPC strikes ({@link #strike}), then validates, orders and applies the queued
     * actions (see the class comment), answering each through {@code results} exactly once, then
     * expires old trade offers. Call at the start of a tick, before
     * the regions move anyone, with spawning allowed.
     *
     * @param tick    the tick about to run
     * @param results receives one answer per queued action of a known player
     */
    public void resolve(long tick, ResultSink results) {
        applyStrikes(tick, results);
        int valid = 0;
        ensureOrderCapacity(queued);
        for (int i = 0; i < queued; i++) {
            Pending p = queue[i];
            Actor actor = actorOf(p.playerId);
            if (actor == null) {
                p.request = null;
                continue;
            }
            p.actor = actor;
            ActionReason reason = validate(p, actor, tick);
            if (reason != null) {
                answer(results, p, reason, reason.description(), null, 0);
            } else {
                order[valid++] = orderKey(p, actor, tick);
            }
        }
        Arrays.sort(order, 0, valid);
        formGroups(valid);
        for (int k = 0; k < valid; k++) {
            Pending p = queue[(int) (order[(int) groupOrder[k]] & ((1L << ARRIVAL_BITS) - 1))];
            apply(p, p.actor, tick, results);
        }
        for (int i = 0; i < queued; i++) {
            queue[i].request = null;
            queue[i].actor = null;
        }
        queued = 0;
        // Only players with an open offer are looked at, not every player.
        offering.removeIf(actor -> {
            if (actor.offer != null && tick - actor.offerTick >= config.tradeOfferTicks()) {
                actor.offer = null;
            }
            return actor.offer == null;
        });
    }

    /** The answers {@link #resolve} gives. */
    @FunctionalInterface
    public interface ResultSink {
        /**
         * One action's answer.
         *
         * @param playerId the actor
         * @param seq      the action's sequence number
         * @param action   the action's wire name
         * @param reason   null when accepted
         * @param detail   a human-readable account
         * @param hit      where an accepted attack struck, else null
         * @param damage   damage dealt by an accepted attack, else 0
         */
        void onResult(long playerId, long seq, String action, ActionReason reason, String detail, HitZone hit, int damage);

        /**
         * An accepted attack killed its target, reported before the attacker's answer (whose detail is
         * {@code killed}). The default ignores it. Kills follow from the tick's commands alone, so they
         * are the same in a replay of the audit log.
         *
         * @param killerId   the attacker
         * @param victimId   the killed entity (a player, which respawns, or an NPC, which is gone)
         * @param victimKind {@link EntityKind#PLAYER} or {@link EntityKind#NPC}
         */
        default void onKill(long killerId, long victimId, EntityKind victimKind) {
        }
    }

    // ------------------------------------------------------------------ rewind

    /**
     * Records where the given entities are now, as the end of {@code tick}, for lag compensation.
     * Call after the tick's movement, once per tick, with every awake entity (a player can only see
     * and shoot awake ones).
     *
     * @param tick  the tick just simulated
     * @param slots the awake entities' slots, in any number of lists
     */
    public void recordFrame(long tick, List<IntList> slots) {
        rewind.begin(tick, world.slotLimit());
        for (IntList list : slots) {
            for (int i = 0; i < list.size(); i++) {
                int slot = list.get(i);
                if (!world.isLive(slot)) {
                    continue;
                }
                rewind.record(tick, slot, world.id(slot), world.x(slot), world.y(slot));
            }
        }
    }

    // ------------------------------------------------------------------ state hash and statistics

    /**
     * Folds the engine's state (per live entity: health, version, item, units; per player: inventory)
     * into a hash, in slot order, as {@link World#stateHash()} does for positions.
     *
     * @param hash the hash so far
     * @return the new hash
     */
    public long hash(long hash) {
        long h = hash;
        int limit = Math.min(world.slotLimit(), owner.length);
        for (int slot = 0; slot < limit; slot++) {
            if (!world.isLive(slot) || owner[slot] != world.id(slot)) {
                continue;
            }
            h = World.fold(h, health[slot]);
            h = World.fold(h, version[slot]);
            h = World.fold(h, ((long) itemOf[slot] << 32) | (units[slot] & 0xFFFFFFFFL));
            Actor actor = actorBySlot[slot];
            if (actor != null) {
                for (int count : actor.inventory) {
                    h = World.fold(h, count);
                }
            }
        }
        return h;
    }

    /** @return actions applied since the engine was made */
    public long accepted() {
        return accepted;
    }

    /**
     * @param reason a reason
     * @return actions and claims rejected for it since the engine was made
     */
    public long rejected(ActionReason reason) {
        return rejected[reason.ordinal()];
    }

    /** @return interaction groups formed since the engine was made */
    public long groups() {
        return groups;
    }

    /** @return interaction groups that held actions of more than one player */
    public long contestedGroups() {
        return contestedGroups;
    }

    // ------------------------------------------------------------------ validation

    private ActionReason validate(Pending p, Actor actor, long tick) {
        if (p.viewTick > tick - 1) {
            return reject(actor, ActionReason.INVALID_VIEW_TICK);
        }
        observeLatency(actor, tick, p.viewTick);
        p.rewindTicks = rewindTicks(actor, tick, p.viewTick);
        // A player's later action never gets an earlier client time than its earlier one.
        if (actor.lastOrderTick == tick) {
            p.rewindTicks = Math.min(p.rewindTicks, actor.lastRewind);
        }
        actor.lastOrderTick = tick;
        actor.lastRewind = p.rewindTicks;
        return switch (p.request) {
            case ActionRequest.Attack attack -> validateAttack(p, actor, attack, tick);
            case ActionRequest.PickUp pickUp -> validateReach(actor, pickUp.item(), EntityKind.ITEM, ActionReason.ITEM_GONE);
            case ActionRequest.Harvest harvest -> {
                if (tick < actor.cooldown[HARVEST]) {
                    yield reject(actor, ActionReason.COOLDOWN);
                }
                ActionReason reason = validateReach(actor, harvest.node(), EntityKind.RESOURCE, ActionReason.TARGET_GONE);
                if (reason == null) {
                    actor.cooldown[HARVEST] = tick + config.harvestCooldownTicks();
                }
                yield reason;
            }
            case ActionRequest.Trade trade -> validateTrade(actor, trade);
            case ActionRequest.UseItem use -> {
                int item = config.itemId(use.item());
                if (item < 0) {
                    yield reject(actor, ActionReason.UNKNOWN_ITEM);
                }
                if (tick < actor.cooldown[USE]) {
                    yield reject(actor, ActionReason.COOLDOWN);
                }
                if (actor.inventory[item] < 1) {
                    observer.onViolation(actor.id, "inventory");
                    yield reject(actor, ActionReason.NOT_IN_INVENTORY);
                }
                actor.cooldown[USE] = tick + config.useCooldownTicks();
                yield null;
            }
        };
    }

    private ActionReason validateAttack(Pending p, Actor actor, ActionRequest.Attack attack, long tick) {
        if (!(Math.hypot(attack.aimX(), attack.aimY()) > 0) || !Double.isFinite(attack.aimX()) || !Double.isFinite(attack.aimY())) {
            return reject(actor, ActionReason.INVALID_AIM);
        }
        int kind = attack.weapon() == Weapon.MELEE ? MELEE : RANGED;
        if (tick < actor.cooldown[kind]) {
            return reject(actor, ActionReason.COOLDOWN);
        }
        int target = world.slotOf(attack.target());
        if (target < 0) {
            return reject(actor, world.wasIssued(attack.target()) ? ActionReason.TARGET_GONE : ActionReason.UNKNOWN_TARGET);
        }
        if (target == actor.slot || (world.kind(target) != EntityKind.PLAYER && world.kind(target) != EntityKind.NPC)) {
            return reject(actor, ActionReason.INVALID_TARGET);
        }
        Actor victim = actorBySlot[target];
        if (victim != null && victim.diedTick > tick - 1 - p.rewindTicks) {
            // A player keeps its id when it dies and respawns: the body this shooter saw is gone, the spawn is not its target.
            return reject(actor, ActionReason.TARGET_GONE);
        }
        if (!rewind.positionAt(tick - 1 - p.rewindTicks, target, attack.target(), at)) {
            at[0] = world.x(target);
            at[1] = world.y(target);
        }
        double ax = world.x(actor.slot);
        double ay = world.y(actor.slot);
        double distance = Math.hypot(at[0] - ax, at[1] - ay);
        if (distance > world.config().aoiRadiusMetres()) {
            return reject(actor, ActionReason.NOT_VISIBLE);
        }
        double range = kind == MELEE ? config.meleeRangeMetres() : config.rangedRangeMetres();
        if (distance > range + config.bodyRadiusMetres()) {
            return reject(actor, ActionReason.OUT_OF_RANGE);
        }
        if (kind == RANGED && world.obstacles().blocked(ax, ay, at[0], at[1])) {
            return reject(actor, ActionReason.NO_LINE_OF_SIGHT);
        }
        p.targetX = at[0];
        p.targetY = at[1];
        actor.cooldown[kind] = tick + (kind == MELEE ? config.meleeCooldownTicks() : config.rangedCooldownTicks());
        return null;
    }

    private ActionReason validateReach(Actor actor, long id, EntityKind kind, ActionReason gone) {
        int slot = world.slotOf(id);
        if (slot < 0) {
            return reject(actor, world.wasIssued(id) ? gone : ActionReason.UNKNOWN_TARGET);
        }
        if (world.kind(slot) != kind) {
            return reject(actor, ActionReason.INVALID_TARGET);
        }
        if (distance(actor.slot, slot) > config.reachMetres()) {
            return reject(actor, ActionReason.OUT_OF_RANGE);
        }
        return null;
    }

    private ActionReason validateTrade(Actor actor, ActionRequest.Trade trade) {
        if (trade.partner() == actor.id) {
            return reject(actor, ActionReason.TRADE_WITH_SELF);
        }
        int give = config.itemId(trade.giveItem());
        int want = config.itemId(trade.wantItem());
        if (give < 0 || want < 0 || trade.giveCount() < 1 || trade.wantCount() < 1) {
            return reject(actor, ActionReason.UNKNOWN_ITEM);
        }
        int slot = world.slotOf(trade.partner());
        if (slot < 0) {
            return reject(actor, world.wasIssued(trade.partner()) ? ActionReason.PARTNER_UNAVAILABLE : ActionReason.UNKNOWN_TARGET);
        }
        if (actorBySlot[slot] == null || actorBySlot[slot].id != trade.partner()) {
            return reject(actor, ActionReason.INVALID_TARGET);
        }
        if (distance(actor.slot, slot) > config.tradeRangeMetres()) {
            return reject(actor, ActionReason.OUT_OF_RANGE);
        }
        if (actor.inventory[give] < trade.giveCount()) {
            observer.onViolation(actor.id, "inventory");
            return reject(actor, ActionReason.NOT_IN_INVENTORY);
        }
        return null;
    }

    private ActionReason reject(Actor actor, ActionReason reason) {
        rejected[reason.ordinal()]++;
        if (reason.isViolation()) {
            observer.onViolation(actor.id, reason.code());
        }
        return reason;
    }

    // ------------------------------------------------------------------ ordering

    /** Fast down, slow up: the smallest recent {@code tick - 1 - viewTick}, rising by a tenth per sample. */
    private static void observeLatency(Actor actor, long tick, long viewTick) {
        if (viewTick < 0) {
            return;
        }
        double observed = tick - 1 - viewTick;
        if (Double.isNaN(actor.latency) || observed < actor.latency) {
            actor.latency = observed;
        } else {
            actor.latency += 0.1 * (observed - actor.latency);
        }
    }

    private int rewindTicks(Actor actor, long tick, long viewTick) {
        double latency = Double.isNaN(actor.latency) ? 0 : actor.latency;
        long allowed = Math.min(config.maxRewindTicks(), (long) Math.floor(latency) + config.latencyToleranceTicks());
        long wanted = viewTick < 0 ? (long) Math.floor(latency) : tick - 1 - viewTick;
        return (int) Math.max(0, Math.min(wanted, allowed));
    }

    /** (client time ascending = rewind descending, seeded tie-break, arrival) packed into one long. */
    private long orderKey(Pending p, Actor actor, long tick) {
        long time = config.maxRewindTicks() - p.rewindTicks;
        long tieBreak = World.fold(World.fold(seed, actor.id), tick) >>> (64 - TIEBREAK_BITS);
        return (time << (TIEBREAK_BITS + ARRIVAL_BITS)) | (tieBreak << ARRIVAL_BITS) | p.arrival;
    }

    /**
     * Union-find over the entities the ordered actions touch; fills {@link #groupOrder} with the
     * actions group by group (groups in order of their first action), each group in action order.
     */
    private void formGroups(int valid) {
        elementOf.clear();
        if (parent.length < 2 * valid) {
            parent = new int[Math.max(2 * valid, parent.length * 2)];
        }
        int elements = 0;
        for (int k = 0; k < valid; k++) {
            Pending p = queue[(int) (order[k] & ((1L << ARRIVAL_BITS) - 1))];
            int a = element(p.actor.id, elements);
            if (a == elements) {
                elements++;
            }
            long other = touched(p.request);
            if (other >= 0) {
                int b = element(other, elements);
                if (b == elements) {
                    elements++;
                }
                union(a, b);
            }
            p.element = a;
        }
        // First position of each root in action order, then sort (first position, position).
        if (firstOf.length < elements) {
            firstOf = new int[Math.max(elements, firstOf.length * 2)];
            actorsOf = new int[firstOf.length];
            lastActorOf = new long[firstOf.length];
        }
        Arrays.fill(firstOf, 0, elements, -1);
        for (int k = 0; k < valid; k++) {
            Pending p = queue[(int) (order[k] & ((1L << ARRIVAL_BITS) - 1))];
            int root = find(p.element);
            if (firstOf[root] < 0) {
                firstOf[root] = k;
                groups++;
                lastActorOf[root] = p.actor.id;
                actorsOf[root] = 1;
            } else if (lastActorOf[root] != p.actor.id && actorsOf[root] == 1) {
                actorsOf[root] = 2;
                contestedGroups++;
            }
            groupOrder[k] = ((long) firstOf[root] << 32) | k;
        }
        Arrays.sort(groupOrder, 0, valid);
    }

    private int element(long entityId, int next) {
        int existing = elementOf.get(entityId);
        if (existing >= 0) {
            return existing;
        }
        elementOf.put(entityId, next);
        parent[next] = next;
        return next;
    }

    private int find(int element) {
        int root = element;
        while (parent[root] != root) {
            root = parent[root];
        }
        int e = element;
        while (parent[e] != root) {
            int next = parent[e];
            parent[e] = root;
            e = next;
        }
        return root;
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private static long touched(ActionRequest request) {
        return switch (request) {
            case ActionRequest.Attack attack -> attack.target();
            case ActionRequest.PickUp pickUp -> pickUp.item();
            case ActionRequest.Harvest harvest -> harvest.node();
            case ActionRequest.Trade trade -> trade.partner();
            case ActionRequest.UseItem _ -> -1;
        };
    }

    // ------------------------------------------------------------------ apply

    private void apply(Pending p, Actor actor, long tick, ResultSink results) {
        if (actor.diedTick == tick) {
            answer(results, p, ActionReason.DEAD, ActionReason.DEAD.description(), null, 0);
            return;
        }
        switch (p.request) {
            case ActionRequest.Attack attack -> applyAttack(p, actor, attack, tick, results);
            case ActionRequest.PickUp pickUp -> {
                int slot = world.slotOf(pickUp.item());
                if (slot < 0) {
                    answer(results, p, ActionReason.ITEM_GONE, "another player picked it up first", null, 0);
                    return;
                }
                int item = itemOf[state(slot)];
                world.despawn(slot);
                actor.inventory[item]++;
                changed(actor);
                answer(results, p, null, pickedUp[item], null, 0);
            }
            case ActionRequest.Harvest harvest -> {
                int slot = world.slotOf(harvest.node());
                if (slot < 0 || units[state(slot)] < 1) {
                    answer(results, p, ActionReason.NODE_DEPLETED, "the node has no unit left", null, 0);
                    return;
                }
                units[slot]--;
                version[slot]++;
                actor.inventory[itemOf[slot]]++;
                changed(actor);
                observer.onResourceGain(actor.id, tick, 1);
                answer(results, p, null, harvested[itemOf[slot]], null, 0);
            }
            case ActionRequest.Trade trade -> applyTrade(p, actor, trade, tick, results);
            case ActionRequest.UseItem use -> {
                int item = config.itemId(use.item());
                if (actor.inventory[item] < 1) {
                    answer(results, p, ActionReason.NOT_IN_INVENTORY, "no " + use.item() + " left", null, 0);
                    return;
                }
                actor.inventory[item]--;
                if (item == config.itemId(config.healItem())) {
                    health[actor.slot] = Math.min(config.maxHealth(), health[actor.slot] + config.healAmount());
                }
                changed(actor);
                answer(results, p, null, used[item], null, 0);
            }
        }
    }

    private void applyAttack(Pending p, Actor actor, ActionRequest.Attack attack, long tick, ResultSink results) {
        int target = world.slotOf(attack.target());
        Actor killedFirst = target < 0 ? null : actorBySlot[target];
        if (target < 0 || (killedFirst != null && killedFirst.diedTick == tick)) {
            // An NPC is despawned when it dies; a player respawns under the same id, killed earlier in this tick.
            answer(results, p, ActionReason.TARGET_GONE, "the target died or left first", null, 0);
            return;
        }
        double ax = world.x(actor.slot);
        double ay = world.y(actor.slot);
        double wx = p.targetX - ax;
        double wy = p.targetY - ay;
        HitZone zone;
        int damage;
        if (attack.weapon() == Weapon.MELEE) {
            // Reach was checked in validation, and only a death moves a player between the two.
            zone = HitZone.BODY;
            damage = config.meleeDamage();
        } else {
            double length = Math.hypot(attack.aimX(), attack.aimY());
            double ux = attack.aimX() / length;
            double uy = attack.aimY() / length;
            double along = wx * ux + wy * uy;
            double miss = Math.abs(wx * uy - wy * ux);
            if (along < 0 || along > config.rangedRangeMetres() + config.bodyRadiusMetres()) {
                zone = HitZone.NONE;
            } else if (miss <= config.headRadiusMetres()) {
                zone = HitZone.HEAD;
            } else if (miss <= config.bodyRadiusMetres()) {
                zone = HitZone.BODY;
            } else {
                zone = HitZone.NONE;
            }
            damage = zone == HitZone.HEAD ? config.headDamage() : zone == HitZone.BODY ? config.bodyDamage() : 0;
            observeAim(actor, attack, ux, uy, tick);
        }
        observer.onShot(actor.id, actor.rankBucket, zone != HitZone.NONE, zone == HitZone.HEAD);
        String detail;
        if (damage > 0 && actor.shadowBanned) {
            detail = "hit";
        } else if (damage > 0) {
            state(target);
            health[target] -= damage;
            Actor victim = actorBySlot[target];
            if (victim != null) {
                changed(victim);
            } else {
                version[target]++;
            }
            detail = health[target] <= 0 ? "killed" : "hit";
            if (health[target] <= 0) {
                long victimId = world.id(target);
                EntityKind victimKind = world.kind(target);
                kill(target, victim, tick);
                results.onKill(actor.id, victimId, victimKind);
            }
        } else {
            detail = "missed";
        }
        answer(results, p, null, detail, zone, damage);
    }

    private void observeAim(Actor actor, ActionRequest.Attack attack, double ux, double uy, long tick) {
        long since = tick - actor.lastShotTick;
        if (actor.lastShotTick >= 0 && since <= 2L * world.config().tickRateHz()) {
            if (actor.lastShotTarget != attack.target()) {
                observer.onReaction(actor.id, since * tickSeconds * 1000);
            }
            if (since <= config.rangedCooldownTicks() * 5L) {
                double cos = Math.clamp(ux * actor.aimX + uy * actor.aimY, -1.0, 1.0);
                observer.onAimSnap(actor.id, Math.toDegrees(Math.acos(cos)));
            }
        }
        actor.lastShotTick = tick;
        actor.lastShotTarget = attack.target();
        actor.aimX = ux;
        actor.aimY = uy;
    }

    /** A player respawns at the spawn point with full health; an NPC dies and drops loot. */
    private void kill(int slot, Actor victim, long tick) {
        if (victim != null) {
            victim.diedTick = tick;
            health[slot] = config.maxHealth();
            world.moveTo(slot, world.config().spawnXMetres(), world.config().spawnYMetres());
            victim.hasClaim = false;
            return;
        }
        double x = world.x(slot);
        double y = world.y(slot);
        world.despawn(slot);
        spawnItem(config.lootItem(), x, y);
    }

    private void applyTrade(Pending p, Actor actor, ActionRequest.Trade trade, long tick, ResultSink results) {
        int give = config.itemId(trade.giveItem());
        int want = config.itemId(trade.wantItem());
        if (actor.inventory[give] < trade.giveCount()) {
            answer(results, p, ActionReason.NOT_IN_INVENTORY, "you no longer hold " + trade.giveCount() + " " + trade.giveItem(),
                null, 0);
            return;
        }
        // Validated this tick, and players leave only between ticks: the partner is there.
        Actor partner = actorOf(trade.partner());
        ActionRequest.Trade offer = partner.offer;
        boolean mirrors = offer != null && offer.partner() == actor.id && offer.giveItem().equals(trade.wantItem())
            && offer.giveCount() == trade.wantCount() && offer.wantItem().equals(trade.giveItem())
            && offer.wantCount() == trade.giveCount();
        if (!mirrors) {
            if (actor.offer == null) {
                offering.add(actor);
            }
            actor.offer = trade;
            actor.offerTick = tick;
            answer(results, p, null, "offer open", null, 0);
            return;
        }
        partner.offer = null;
        if (partner.inventory[want] < trade.wantCount()) {
            answer(results, p, ActionReason.PARTNER_UNAVAILABLE,
                "player " + partner.id + " no longer holds " + trade.wantCount() + " " + trade.wantItem(), null, 0);
            return;
        }
        actor.inventory[give] -= trade.giveCount();
        partner.inventory[give] += trade.giveCount();
        partner.inventory[want] -= trade.wantCount();
        actor.inventory[want] += trade.wantCount();
        changed(actor);
        changed(partner);
        answer(results, p, null, "traded", null, 0);
    }

    private void answer(ResultSink results, Pending p, ActionReason reason, String detail, HitZone hit, int damage) {
        if (reason == null) {
            accepted++;
        }
        results.onResult(p.playerId, p.seq, p.request.name(), reason, detail, hit, damage);
    }

    private void changed(Actor actor) {
        version[actor.slot]++;
        changed.add(actor.id);
    }

    // ------------------------------------------------------------------ slots

    /** The registered player with that entity id, or null; no boxing. */
    private Actor actorOf(long entityId) {
        int slot = world.slotOf(entityId);
        if (slot < 0 || slot >= actorBySlot.length) {
            return null;
        }
        Actor actor = actorBySlot[slot];
        return actor != null && actor.id == entityId ? actor : null;
    }

    private double distance(int a, int b) {
        return Math.hypot(world.x(a) - world.x(b), world.y(a) - world.y(b));
    }

    private int requireItem(String item) {
        int id = config.itemId(item);
        if (id < 0) {
            throw new IllegalArgumentException("item : \"" + item + "\" (expected: one of " + config.items() + ")");
        }
        return id;
    }

    /** Makes the slot's state belong to the entity living there now; returns the slot. */
    private int state(int slot) {
        ensureSlots(slot + 1);
        long id = world.id(slot);
        if (owner[slot] != id) {
            owner[slot] = id;
            health[slot] = config.maxHealth();
            version[slot] = 0;
            itemOf[slot] = -1;
            units[slot] = 0;
            actorBySlot[slot] = actors.get(id);
        }
        return slot;
    }

    private void ensureSlots(int slots) {
        if (slots <= owner.length) {
            return;
        }
        int capacity = Math.max(slots, owner.length * 2);
        owner = Arrays.copyOf(owner, capacity);
        health = Arrays.copyOf(health, capacity);
        version = Arrays.copyOf(version, capacity);
        itemOf = Arrays.copyOf(itemOf, capacity);
        units = Arrays.copyOf(units, capacity);
        actorBySlot = Arrays.copyOf(actorBySlot, capacity);
    }

    private void ensureOrderCapacity(int count) {
        if (order.length < count) {
            order = new long[Math.max(count, order.length * 2)];
            groupOrder = new long[order.length];
        }
    }


    /** A queued action; pooled. */
    private static final class Pending {
        long playerId;
        long seq;
        long viewTick;
        ActionRequest request;
        int arrival;
        Actor actor;
        int rewindTicks;
        double targetX;
        double targetY;
        int element;
    }

    /** A player as the engine keeps it. */
    private static final class Actor {
        final long id;
        final int slot;
        final int rankBucket;
        final int[] inventory;
        final long[] cooldown = new long[4];
        double latency = Double.NaN;
        long lastOrderTick = -1;
        int lastRewind;
        boolean hasClaim;
        double claimX;
        double claimY;
        double claimVx;
        double claimVy;
        long claimTick;
        long lastShotTick = -1;
        long diedTick = -1;
        boolean shadowBanned;
        long lastShotTarget = -1;
        double aimX;
        double aimY;
        ActionRequest.Trade offer;
        long offerTick;

        Actor(long id, int slot, int rankBucket, int items) {
            this.id = id;
            this.slot = slot;
            this.rankBucket = rankBucket;
            this.inventory = new int[items];
        }
    }
}
