package dev.ludus.protocol;

import java.util.List;
import java.util.Objects;

/** A message the server sends to a client. */
public sealed interface ServerMessage extends Message {

    /**
     * The answer to a successful {@code login}: who the player is and how the world runs.
     *
     * @param session     opaque session token for this connection
     * @param entityId    id of the player's own entity in snapshots
     * @param tickRate    simulation ticks per second (one snapshot per tick)
     * @param worldWidth  world extent east-west, metres (x runs from 0 to this)
     * @param worldHeight world extent north-south, metres
     * @param aoiRadius   area-of-interest radius, metres: snapshots carry the entities within it
     * @param spawnX      x of the world's spawn point, metres
     * @param spawnY      y of the world's spawn point, metres
     * @param maxSpeed    the player's speed for a unit move direction, metres per second
     */
    record Welcome(String session, long entityId, int tickRate, double worldWidth, double worldHeight,
                   double aoiRadius, double spawnX, double spawnY, double maxSpeed) implements ServerMessage {
        /** @throws NullPointerException when {@code session} is null */
        public Welcome {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /**
     * The state of the world around one player at one tick.
     *
     * @param tick         the tick that produced this state, counting from 0 at server start
     * @param serverTimeMs server wall-clock time at the start of that tick, Unix epoch milliseconds
     * @param ackSeq       the highest input {@code seq} applied so far, or -1 before the first input
     * @param entities     every entity inside the player's area of interest, its own entity included
     * @param removed      ids present in the previous snapshot sent to this client that are no longer in the area of
     *                     interest (moved away, or left the world)
     * @param timeScale    the time-dilation factor of the player's region at this tick, in (0, 1]: simulated
     *                     seconds per wall-clock second (1.0 when not dilated; DESIGN.md §5). Clients scale their
     *                     prediction and interpolation by it
     */
    record Snapshot(long tick, long serverTimeMs, long ackSeq, List<EntityState> entities, List<Long> removed,
                    double timeScale) implements ServerMessage {
        /**
         * Copies the lists, so a snapshot never changes after construction.
         *
         * @throws IllegalArgumentException when {@code timeScale} is not in (0, 1]
         */
        public Snapshot {
            entities = List.copyOf(entities);
            removed = List.copyOf(removed);
            requireTimeScale(timeScale);
        }

        /**
         * A snapshot of an undilated region ({@code timeScale} 1.0).
         *
         * @param tick         the tick
         * @param serverTimeMs the tick's start, Unix epoch milliseconds
         * @param ackSeq       the highest applied input seq, or -1
         * @param entities     the entities in the area of interest
         * @param removed      the ids that left it
         */
        public Snapshot(long tick, long serverTimeMs, long ackSeq, List<EntityState> entities, List<Long> removed) {
            this(tick, serverTimeMs, ackSeq, entities, removed, 1.0);
        }

        @Override
        public String type() {
            return "snapshot";
        }
    }

    /**
     * The state around one player at one tick as a change to a frame the client acknowledged (sent to
     * clients that logged in with {@code deltas}). Positions and velocities are quantized to
     * {@link DeltaEntity#METRES_PER_UNIT} (1 cm, 1 cm/s).
     *
     * @param tick         the tick that produced this state
     * @param baseTick     the tick of the acknowledged frame this one changes, or -1 when there is none: then
     *                     every entity is new (a full frame)
     * @param serverTimeMs server wall-clock time at the start of the tick, Unix epoch milliseconds
     * @param ackSeq       the highest input {@code seq} applied so far, or -1 before the first input
     * @param timeScale    the time-dilation factor of the player's region, in (0, 1] (see {@link Snapshot})
     * @param entities     entities that are new to the baseline or changed since it, each at most once;
     *                     an entity the baseline holds and this list omits is unchanged, or was deferred by the
     *                     bandwidth budget (the client keeps showing the baseline's values)
     * @param removed      ids the baseline holds that are no longer in the area of interest, ascending
     */
    record Delta(long tick, long baseTick, long serverTimeMs, long ackSeq, double timeScale, List<DeltaEntity> entities,
                 List<Long> removed) implements ServerMessage {
        /**
         * Copies the lists, so a delta never changes after construction.
         *
         * @throws IllegalArgumentException when {@code baseTick} is not -1 or below {@code tick}, or
         *                                  {@code timeScale} is not in (0, 1]
         */
        public Delta {
            entities = List.copyOf(entities);
            removed = List.copyOf(removed);
            requireTimeScale(timeScale);
            if (baseTick < -1 || baseTick >= tick && baseTick != -1) {
                throw new IllegalArgumentException("baseTick : " + baseTick + " (expected: -1, or 0 to " + (tick - 1) + ")");
            }
        }

        /** @return whether this frame has no baseline (every entity is new) */
        public boolean isFull() {
            return baseTick == -1;
        }

        @Override
        public String type() {
            return "delta";
        }
    }

    private static void requireTimeScale(double timeScale) {
        if (!(timeScale > 0 && timeScale <= 1)) {
            throw new IllegalArgumentException("timeScale : " + timeScale + " (expected: > 0 and <= 1)");
        }
    }

    /**
     * The answer to an accepted {@code spectate}: from now on the connection receives, every
     * {@code everyTicks} ticks, the followed player's area of interest or the watched area as it was
     * {@code delayMs} ago (or, for a replay, as the recorded game had it, from {@code replayFromTick} on),
     * as {@code snapshot} messages with {@code ackSeq} -1, and once a second a {@link SpectatorState}
     * (docs/protocol.md §18).
     *
     * @param target         the followed player's entity id, or -1 when an area is watched
     * @param delayMs        the delay, milliseconds, 0 to 300,000 (0 for a replay)
     * @param everyTicks     ticks between two spectator frames, {@code >= 1}
     * @param area           the watched area, or null when a player is followed
     * @param replayFromTick the replay's first tick, or -1 for the live game
     */
    record Spectating(long target, long delayMs, int everyTicks, SpectateArea area, long replayFromTick)
        implements ServerMessage {
        /**
         * Following a player in the live game.
         *
         * @param target     the player's entity id
         * @param delayMs    the delay, milliseconds
         * @param everyTicks ticks between two frames
         */
        public Spectating(long target, long delayMs, int everyTicks) {
            this(target, delayMs, everyTicks, null, -1);
        }

        @Override
        public String type() {
            return "spectating";
        }
    }

    /**
     * What spectators see beyond the entities, once a second and as delayed as their frames: who leads,
     * who killed whom, and where the players are (docs/protocol.md §18.2). Nothing in it is more than a
     * player could learn after the delay: kills are announced, and the heat map counts players per coarse
     * cell, not where each one stands.
     *
     * @param tick         the tick this state is of
     * @param serverTimeMs that tick's start, Unix epoch milliseconds
     * @param scoreboard   the leading players, at most {@value #TOP}, most kills first, then fewest deaths,
     *                     then lowest id
     * @param kills        the kills since the previous state sent on the same view (after the first state,
     *                     since the tick of the previous state), in the order they happened
     * @param heat         players per coarse cell of the world
     */
    record SpectatorState(long tick, long serverTimeMs, List<Score> scoreboard, List<Kill> kills, HeatMap heat)
        implements ServerMessage {
        /** Players listed on the scoreboard at most. */
        public static final int TOP = 10;

        /** Copies the lists, so a state never changes after construction. */
        public SpectatorState {
            scoreboard = List.copyOf(scoreboard);
            kills = List.copyOf(kills);
            Objects.requireNonNull(heat, "heat");
        }

        /**
         * One player's line on the scoreboard.
         *
         * @param id     the player's entity id
         * @param name   its display name
         * @param kills  players it killed, {@code >= 0}
         * @param deaths times it was killed, {@code >= 0}
         */
        public record Score(long id, String name, int kills, int deaths) {
            /** @throws NullPointerException when the name is null */
            public Score {
                Objects.requireNonNull(name, "name");
            }
        }

        /**
         * One kill of the feed.
         *
         * @param tick       the tick it happened at
         * @param killer     the attacker's entity id (a player)
         * @param victim     the killed entity's id
         * @param victimKind {@link EntityKind#PLAYER} (it respawned) or {@link EntityKind#NPC}
         */
        public record Kill(long tick, long killer, long victim, EntityKind victimKind) {
            /** @throws NullPointerException when the kind is null */
            public Kill {
                Objects.requireNonNull(victimKind, "victimKind");
            }
        }

        /**
         * Players per square cell of a coarse grid over the world, from its south-west corner.
         *
         * @param cellMetres the cells' side, metres, {@code > 0}
         * @param columns    cells along x (east), {@code >= 1}
         * @param rows       cells along y (north), {@code >= 1}
         * @param counts     {@code columns * rows} counts, row after row from the south:
         *                   {@code counts.get(row * columns + column)} covers x from {@code column * cellMetres}
         *                   and y from {@code row * cellMetres}
         */
        public record HeatMap(double cellMetres, int columns, int rows, List<Integer> counts) {
            /** @throws IllegalArgumentException when the counts do not fill the grid or a count is negative */
            public HeatMap {
                counts = List.copyOf(counts);
                if (!(cellMetres > 0) || columns < 1 || rows < 1 || counts.size() != (long) columns * rows) {
                    throw new IllegalArgumentException("heat : " + columns + " x " + rows + " cells of " + cellMetres
                        + " m with " + counts.size() + " counts (expected: cells > 0 m, columns x rows counts)");
                }
                for (int count : counts) {
                    if (count < 0) {
                        throw new IllegalArgumentException("heat.counts : " + count + " (expected: >= 0)");
                    }
                }
            }
        }

        @Override
        public String type() {
            return "spectator_state";
        }
    }

    /**
     * The answer to a {@code ping}.
     *
     * @param t            the client's value, unchanged
     * @param tick         the server's current tick
     * @param serverTimeMs server wall-clock time when answering, Unix epoch milliseconds
     */
    record Pong(double t, long tick, long serverTimeMs) implements ServerMessage {
        @Override
        public String type() {
            return "pong";
        }
    }

    /**
     * A rejection: the client's message was not applied.
     *
     * @param code    the stable code
     * @param message a human-readable explanation naming field, value and expectation
     */
    record ErrorMessage(ErrorCode code, String message) implements ServerMessage {
        /** @throws NullPointerException when an argument is null */
        public ErrorMessage {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /**
         * @param e a decoding or validation failure
         * @return the error reply for it
         */
        public static ErrorMessage of(ProtocolException e) {
            return new ErrorMessage(e.code(), e.getMessage());
        }

        @Override
        public String type() {
            return "error";
        }
    }

    /**
     * The world's answer to one action or to an impossible claimed position, sent once per such
     * message at the tick that resolved it.
     *
     * @param seq      the {@code seq} of the message answered
     * @param action   the message's type: {@code attack}, {@code pickup}, {@code harvest}, {@code trade},
     *                 {@code use}, or {@code input} for a rejected position claim
     * @param accepted whether the action was applied
     * @param reason   why it was rejected: {@code null} exactly when accepted
     * @param detail   a human-readable account (e.g. "picked up wood", "offer open until tick 420",
     *                 "player 17 picked it up first"); never null. For logs and people, not for parsing
     * @param hit      for an accepted attack, where it struck; {@code null} for other actions
     * @param damage   health taken from the target by an accepted attack, {@code >= 0}; else 0
     */
    record ActionResult(long seq, String action, boolean accepted, ActionReason reason, String detail, HitZone hit,
                        int damage) implements ServerMessage {
        /**
         * @throws NullPointerException     when action or detail is null
         * @throws IllegalArgumentException when a rejection has no reason, an acceptance has one, or the
         *                                  damage is negative
         */
        public ActionResult {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
            if (accepted == (reason != null)) {
                throw new IllegalArgumentException("reason : " + reason + " (expected: "
                    + (accepted ? "null when accepted" : "a reason when rejected") + ")");
            }
            if (damage < 0) {
                throw new IllegalArgumentException("damage : " + damage + " (expected: >= 0)");
            }
        }

        /**
         * An accepted action.
         *
         * @param seq    the seq answered
         * @param action the message type
         * @param detail what happened
         * @param hit    where an attack struck, or {@code null}
         * @param damage health taken by an attack, else 0
         * @return the result
         */
        public static ActionResult accept(long seq, String action, String detail, HitZone hit, int damage) {
            return new ActionResult(seq, action, true, null, detail, hit, damage);
        }

        /**
         * A rejected action.
         *
         * @param seq    the seq answered
         * @param action the message type
         * @param reason why
         * @param detail an account for people
         * @return the result
         */
        public static ActionResult reject(long seq, String action, ActionReason reason, String detail) {
            return new ActionResult(seq, action, false, Objects.requireNonNull(reason, "reason"), detail, null, 0);
        }

        @Override
        public String type() {
            return "action_result";
        }
    }

    /**
     * The player's own game state, sent at the end of every tick in which it changed.
     *
     * @param tick      the tick
     * @param health    0 to the game's maximum
     * @param inventory item name to count, counts {@code >= 1} (items at 0 are absent), sorted by name
     * @param version   the entity's version: increases with every change (optimistic concurrency)
     */
    record Status(long tick, int health, java.util.SortedMap<String, Integer> inventory, long version)
        implements ServerMessage {
        /** Copies the inventory, so a status never changes after construction. */
        public Status {
            inventory = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(inventory));
        }

        @Override
        public String type() {
            return "status";
        }
    }

    /**
     * The answer to a {@link ClientMessage.Buy}: committed (durable, charged once) or refused
     * (nothing applied).
     *
     * @param key           the buy's key
     * @param sku           the buy's SKU
     * @param status        {@code committed} or {@code refused}
     * @param transactionId the ledger's transaction id when committed, else empty
     * @param error         the stable code when refused ({@code insufficient_funds}, {@code unknown_sku},
     *                      {@code idempotency_conflict}, {@code store_unavailable}: retry with the same key), else empty
     * @param detail        an account for people, may be empty
     * @param replayed      true when the key had been committed before (nothing was charged again)
     */
    record PurchaseResult(String key, String sku, String status, String transactionId, String error, String detail,
                          boolean replayed) implements ServerMessage {
        /** Status of a committed purchase. */
        public static final String COMMITTED = "committed";
        /** Status of a refused purchase. */
        public static final String REFUSED = "refused";

        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the status is neither */
        public PurchaseResult {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sku, "sku");
            transactionId = transactionId == null ? "" : transactionId;
            error = error == null ? "" : error;
            detail = detail == null ? "" : detail;
            if (!COMMITTED.equals(status) && !REFUSED.equals(status)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "purchase_result.status : \"" + Texts.clip(String.valueOf(status))
                    + "\" (expected: committed or refused)");
            }
        }

        /** @return whether the purchase is committed */
        public boolean committed() {
            return COMMITTED.equals(status);
        }

        @Override
        public String type() {
            return "purchase_result";
        }
    }

    /**
     * One of the five activity notifications (docs/activities.md): {@code task_started},
     * {@code task_progress}, {@code task_completed}, {@code task_failed}, {@code queue_updated}. Stored
     * before it is sent, so a player who was offline receives them in {@code seq} order at the next login;
     * a delivery retried after a failed write may repeat one, so clients drop a {@code seq} they have seen.
     *
     * @param kind     the notification, one of the five types above
     * @param seq      its id, increasing for a player ({@code 0}: an answer to {@code activity.list}, not stored)
     * @param taskId   the task's id; empty for {@code queue_updated}
     * @param task     the catalogue task's id; empty for {@code queue_updated}
     * @param done     units done (progress) or succeeded (completion, failure); else 0
     * @param total    the task's units; 0 for {@code queue_updated}
     * @param atMs     when it happened in game time, epoch ms (a closed-form catch-up reports the task's own times)
     * @param endsAtMs when the task ends, epoch ms; 0 when not running
     * @param rewards  asset code to amount credited ({@code task_completed}); else empty
     * @param quality  crafting quality 1 to 100 ({@code task_completed} of a craft); else 0
     * @param reason   a stable code for {@code task_failed} (e.g. {@code crafting_failed}, {@code missing_tool}); else empty
     * @param queue    the player's active task ids, running first ({@code queue_updated}); else empty
     */
    record ActivityNotice(String kind, long seq, String taskId, String task, int done, int total, long atMs, long endsAtMs,
                          java.util.SortedMap<String, Long> rewards, int quality, String reason, List<String> queue)
        implements ServerMessage {
        /** The five kinds, as wire types. */
        public static final java.util.Set<String> KINDS = java.util.Set.of("task_started", "task_progress", "task_completed",
            "task_failed", "queue_updated");

        /** @throws IllegalArgumentException when the kind is not one of the five */
        public ActivityNotice {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind : " + kind + " (expected: one of " + new java.util.TreeSet<>(KINDS) + ")");
            }
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(reason, "reason");
            rewards = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(rewards));
            queue = List.copyOf(queue);
        }

        @Override
        public String type() {
            return kind;
        }
    }

    /**
     * A reliable event with its session sequence number (docs/protocol.md §19): action results, status,
     * purchase results, activity notifications and transfers are numbered from 1 for the session's whole
     * life, whichever connection carried them, so a client that reconnects sends the last number it
     * processed in {@code resume} and gets exactly the events after it. On the wire it is the event
     * itself with one more field, {@code "eventSeq"} in JSON and {@code event_seq} (119) on the protobuf
     * envelope.
     *
     * @param eventSeq the number, {@code >= 1}
     * @param event    the event; never itself numbered
     */
    record Numbered(long eventSeq, ServerMessage event) implements ServerMessage {
        /**
         * @throws IllegalArgumentException when the number is below 1 or the event is already numbered
         * @throws NullPointerException when the event is null
         */
        public Numbered {
            Objects.requireNonNull(event, "event");
            if (eventSeq < 1 || event instanceof Numbered) {
                throw new IllegalArgumentException("eventSeq : " + eventSeq + " of " + event.type()
                    + " (expected: >= 1, an event not numbered yet)");
            }
        }

        @Override
        public String type() {
            return event.type();
        }
    }

    /**
     * The answer to an accepted {@code resume}: the connection now carries the session's player again
     * (the same entity, the world parameters of its {@code welcome}); the events after the client's
     * {@code lastEventSeq} follow in order, then live play. The next snapshot is a full one: drop the
     * entity table and any delta baseline before it.
     *
     * @param session      the session's current access token (unchanged by a resume)
     * @param entityId     the player's entity
     * @param lastEventSeq the number of the last event the session sent before this resume
     * @param lastSeq      the last input or action {@code seq} the server accepted, -1 for none: continue
     *                     from it, and resend unacknowledged inputs above it
     */
    record Resumed(String session, long entityId, long lastEventSeq, long lastSeq) implements ServerMessage {
        /** @throws NullPointerException when the token is null */
        public Resumed {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return "resumed";
        }
    }

    /**
     * The session's access token and when it expires: sent after the {@code welcome} and in answer to
     * {@code refresh} (a refreshed token supersedes the older ones).
     *
     * @param session     the access token
     * @param expiresAtMs its expiry, Unix milliseconds
     */
    record SessionToken(String session, long expiresAtMs) implements ServerMessage {
        /** @throws NullPointerException when the token is null */
        public SessionToken {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return "session";
        }
    }

    /**
     * The player has been moved to another server: connect to {@code url} and send {@code handoff} with
     * the token before it expires; the player arrives there where it stood here, with its inventory,
     * without a new login. This server closes the connection after this message.
     *
     * @param url         the other server's WebSocket URL
     * @param server      the other server's id
     * @param token       the handoff token (single use)
     * @param expiresAtMs the token's expiry, Unix milliseconds
     */
    record Transfer(String url, String server, String token, long expiresAtMs) implements ServerMessage {
        /** @throws NullPointerException when a string is null */
        public Transfer {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String type() {
            return "transfer";
        }
    }
}
