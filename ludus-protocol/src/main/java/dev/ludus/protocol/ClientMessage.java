package dev.ludus.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message a client sends to the server.
 *
 * <p>Constructors validate their arguments and throw {@link ProtocolException} with a stable
 * {@link ErrorCode}, so a record that exists is always well-formed; the codecs rely on this to turn
 * bad input into an {@code error} reply rather than a crash.
 */
public sealed interface ClientMessage extends Message {

    /**
     * Join the world under a display name.
     *
     * @param name   1 to {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9_-]}
     * @param deltas opt in to delta snapshots: the server then sends {@code delta} messages against the
     *               last frame the client acknowledged with {@link Ack}, instead of full {@code snapshot}s
     *               (absent: false, so clients written before deltas keep working unchanged)
     */
    record Login(String name, boolean deltas) implements ClientMessage {
        /** Longest accepted display name, in characters. */
        public static final int MAX_NAME_LENGTH = 32;
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME_LENGTH + "}");

        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the name is empty, too long
         *     or has characters outside {@code [A-Za-z0-9_-]}
         */
        public Login {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "login.name : \"" + Texts.clip(name) + "\" (expected: 1-" + MAX_NAME_LENGTH
                        + " characters of A-Z a-z 0-9 _ -)");
            }
        }

        /**
         * A login with full snapshots.
         *
         * @param name the display name
         */
        public Login(String name) {
            this(name, false);
        }

        @Override
        public String type() {
            return "login";
        }
    }

    /**
     * The client holds the frame (a {@code snapshot} or {@code delta}) of this tick and will decode the
     * next {@code delta} against it. Acknowledging every frame received is the simplest correct client;
     * the server keeps the last {@value #ACK_HISTORY} frames it sent, so an ack may lag by that many.
     *
     * @param tick the frame's tick, {@code >= 0}; a tick never sent is answered with
     *             {@link ErrorCode#ACK_UNKNOWN_TICK}, one below the last acknowledged with
     *             {@link ErrorCode#ACK_NOT_INCREASING}
     */
    record Ack(long tick) implements ClientMessage {
        /** Frames the server keeps per client as possible baselines (Quake III's {@code PACKET_BACKUP}). */
        public static final int ACK_HISTORY = 32;

        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when {@code tick < 0} */
        public Ack {
            if (tick < 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "ack.tick : " + tick + " (expected: >= 0)");
            }
        }

        @Override
        public String type() {
            return "ack";
        }
    }

    /**
     * A message in the connection's input sequence (moves and actions share it): numbered, and
     * stamped with the tick the client was showing.
     */
    sealed interface Sequenced extends ClientMessage {
        /** @return the sequence number, {@code >= 0}; each message's is the previous one's plus one */
        long seq();

        /**
         * @return the tick of the latest snapshot the client had shown when it sent the message, or -1
         *     when it does not say; hit tests rewind to it (lag compensation), clamped by measured latency
         */
        long viewTick();
    }

    /**
     * One player input: the direction the player wants to move in.
     *
     * <p>The server multiplies the direction by the entity's speed; a direction longer than 1 is
     * normalised to length 1 (so a client cannot move faster by sending a long vector), a shorter one
     * moves proportionally slower (an analog stick), and {@code (0, 0)} stops. The direction holds
     * until the next input.
     *
     * @param seq      the client's sequence number, {@code >= 0}; one more than its previous input or
     *                 action. Snapshots acknowledge the highest applied value as {@code ackSeq}.
     * @param move     the wanted direction, finite components
     * @param viewTick the tick of the snapshot shown when sending, {@code >= -1} (-1: not given)
     * @param pos      where the client's prediction has the player, metres, or {@code null}; never
     *                 taken as the position (the server is authoritative) but checked: an impossible
     *                 claim (speed, acceleration, teleport, through an obstacle) is answered with an
     *                 {@code action_result} and counted by the cheat detectors
     */
    record Input(long seq, Vec2 move, long viewTick, Vec2 pos) implements Sequenced {
        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when {@code seq < 0} or {@code viewTick < -1}
         */
        public Input {
            requireSeq(seq, "input");
            requireViewTick(viewTick, "input");
            Objects.requireNonNull(move, "move");
        }

        /**
         * An input with only a direction.
         *
         * @param seq  the sequence number
         * @param move the direction
         */
        public Input(long seq, Vec2 move) {
            this(seq, move, -1, null);
        }

        @Override
        public String type() {
            return "input";
        }
    }

    /**
     * Attack an entity (a player or an NPC).
     *
     * @param seq      the sequence number (see {@link Input})
     * @param target   the target's entity id, {@code >= 0}
     * @param weapon   melee or ranged
     * @param aim      the aim direction from the attacker, finite, any length; {@code (0, 0)} passes
     *                 decoding and is rejected by the world with {@link ActionReason#INVALID_AIM}
     * @param viewTick the tick shown when firing, {@code >= -1}
     */
    record Attack(long seq, long target, Weapon weapon, Vec2 aim, long viewTick) implements Sequenced {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a number is out of range */
        public Attack {
            requireSeq(seq, "attack");
            requireId(target, "attack.target");
            requireViewTick(viewTick, "attack");
            Objects.requireNonNull(weapon, "weapon");
            Objects.requireNonNull(aim, "aim");
        }

        @Override
        public String type() {
            return "attack";
        }
    }

    /**
     * Pick up an item lying within reach.
     *
     * @param seq      the sequence number
     * @param item     the item's entity id, {@code >= 0}
     * @param viewTick the tick shown, {@code >= -1}
     */
    record PickUp(long seq, long item, long viewTick) implements Sequenced {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a number is out of range */
        public PickUp {
            requireSeq(seq, "pickup");
            requireId(item, "pickup.item");
            requireViewTick(viewTick, "pickup");
        }

        @Override
        public String type() {
            return "pickup";
        }
    }

    /**
     * Harvest one unit from a resource node within reach.
     *
     * @param seq      the sequence number
     * @param node     the node's entity id, {@code >= 0}
     * @param viewTick the tick shown, {@code >= -1}
     */
    record Harvest(long seq, long node, long viewTick) implements Sequenced {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a number is out of range */
        public Harvest {
            requireSeq(seq, "harvest");
            requireId(node, "harvest.node");
            requireViewTick(viewTick, "harvest");
        }

        @Override
        public String type() {
            return "harvest";
        }
    }

    /**
     * Offer a swap to a nearby player, or accept its mirror-image offer: the swap happens when both
     * players have offered each other the same goods, atomically, if both still hold them.
     *
     * @param seq       the sequence number
     * @param partner   the other player's entity id, {@code >= 0}
     * @param giveItem  item name given, matching {@link ClientMessage#ITEM_PATTERN}
     * @param giveCount how many, 1 to {@link ClientMessage#MAX_COUNT}
     * @param wantItem  item name wanted
     * @param wantCount how many, 1 to {@link ClientMessage#MAX_COUNT}
     * @param viewTick  the tick shown, {@code >= -1}
     */
    record Trade(long seq, long partner, String giveItem, int giveCount, String wantItem, int wantCount, long viewTick)
        implements Sequenced {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a field is out of range */
        public Trade {
            requireSeq(seq, "trade");
            requireId(partner, "trade.partner");
            requireItem(giveItem, "trade.give.item");
            requireCount(giveCount, "trade.give.count");
            requireItem(wantItem, "trade.want.item");
            requireCount(wantCount, "trade.want.count");
            requireViewTick(viewTick, "trade");
        }

        @Override
        public String type() {
            return "trade";
        }
    }

    /**
     * Use (consume) one item from the inventory, e.g. drink a potion.
     *
     * @param seq      the sequence number
     * @param item     the item name
     * @param viewTick the tick shown, {@code >= -1}
     */
    record Use(long seq, String item, long viewTick) implements Sequenced {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when a field is out of range */
        public Use {
            requireSeq(seq, "use");
            requireItem(item, "use.item");
            requireViewTick(viewTick, "use");
        }

        @Override
        public String type() {
            return "use";
        }
    }

    /**
     * Asks to watch, as a spectator, a player's area of interest or a fixed area of the world, delayed, or
     * a stretch of a recorded game (docs/protocol.md §18). Only a connection that has not logged in may
     * spectate, and a spectating connection never logs in.
     *
     * @param target         the followed player's entity id, {@code >= 0}; -1 when {@code area} is given
     *                       ({@link ErrorCode#UNKNOWN_TARGET} when no player in the world has it)
     * @param delayMs        how far behind the live game the spectator watches, milliseconds, 0 to
     *                       {@value #MAX_DELAY_MS} ({@link ErrorCode#INVALID_DELAY} outside); {@value #DEFAULT_DELAY_MS}
     *                       when absent. The delay keeps a spectator from relaying live positions to a player
     *                       (ghosting). A replay ignores it: what it shows is over
     * @param area           the area to watch instead of a player, or null
     * @param replayFromTick the tick a replay starts at, {@code >= 0}, or -1 to watch the live game; a replay
     *                       needs a server serving a recorded log ({@link ErrorCode#REPLAY_UNAVAILABLE} otherwise,
     *                       {@link ErrorCode#TICK_OUTSIDE_LOG} when the log does not hold the tick)
     */
    record Spectate(long target, long delayMs, SpectateArea area, long replayFromTick) implements ClientMessage {
        /** The delay when the client gives none: 30 s, a common tournament anti-ghosting delay. */
        public static final long DEFAULT_DELAY_MS = 30_000;
        /** The longest delay, 5 minutes: the server keeps this much history per view. */
        public static final long MAX_DELAY_MS = 300_000;

        /**
         * @throws ProtocolException {@link ErrorCode#MISSING_FIELD} when neither a target nor an area is given,
         *     {@link ErrorCode#INVALID_FIELD} for both, a target below -1 or a replay tick below -1,
         *     {@link ErrorCode#INVALID_DELAY} for a delay out of range
         */
        public Spectate {
            if (target < -1 || target == -1 && area == null) {
                throw new ProtocolException(target == -1 ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD,
                    target == -1 ? "spectate.target or spectate.area is required"
                        : "spectate.target : " + target + " (expected: >= 0)");
            }
            if (target >= 0 && area != null) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "spectate : target " + target + " and an area"
                    + " (expected: one of them)");
            }
            if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
                throw new ProtocolException(ErrorCode.INVALID_DELAY,
                    "spectate.delayMs : " + delayMs + " (expected: 0 to " + MAX_DELAY_MS + ")");
            }
            if (replayFromTick < -1) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "spectate.replay.fromTick : " + replayFromTick + " (expected: >= 0)");
            }
        }

        /**
         * Follows a player, live and delayed.
         *
         * @param target  the player's entity id, {@code >= 0}
         * @param delayMs the delay, milliseconds
         */
        public Spectate(long target, long delayMs) {
            this(target, delayMs, null, -1);
        }

        /**
         * Watches an area, live and delayed.
         *
         * @param area    the area
         * @param delayMs the delay, milliseconds
         */
        public Spectate(SpectateArea area, long delayMs) {
            this(-1, delayMs, java.util.Objects.requireNonNull(area, "area"), -1);
        }

        /** @return whether this asks for a stretch of a recorded game rather than the live one */
        public boolean isReplay() {
            return replayFromTick >= 0;
        }

        @Override
        public String type() {
            return "spectate";
        }
    }

    /**
     * Binds a new connection to a session whose connection dropped (docs/protocol.md §19): the same
     * player and entity, the reliable events numbered after {@code lastEventSeq}, then live play. Only
     * on a connection that has not logged in.
     *
     * @param session      the session's latest access token
     * @param lastEventSeq the number of the last reliable event the client processed, {@code >= 0} (0: none)
     */
    record Resume(String session, long lastEventSeq) implements ClientMessage {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} for an empty token or a negative number */
        public Resume {
            Objects.requireNonNull(session, "session");
            if (session.isEmpty() || lastEventSeq < 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "resume : session of " + session.length()
                    + " characters, lastEventSeq " + lastEventSeq + " (expected: a token and lastEventSeq >= 0)");
            }
        }

        @Override
        public String type() {
            return "resume";
        }
    }

    /** Asks for a fresh access token for this connection's session; answered with {@code session}. */
    record Refresh() implements ClientMessage {
        @Override
        public String type() {
            return "refresh";
        }
    }

    /**
     * Arrives on this server with a handoff token another server issued in a {@code transfer}: the player
     * joins where it stood there, with its inventory, without a login. Only on a connection that has not
     * logged in; answered like a login, with {@code welcome}.
     *
     * @param token the handoff token
     */
    record Handoff(String token) implements ClientMessage {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} for an empty token */
        public Handoff {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "handoff.token : \"\" (expected: a token)");
            }
        }

        @Override
        public String type() {
            return "handoff";
        }
    }

    /**
     * Controls the replay this connection watches (docs/protocol.md §18.4): pause or resume it, change its
     * speed, or seek to another tick. At least one field is given; the others stay as they are.
     *
     * @param paused   {@code 1}: pause, {@code 0}: resume, {@code -1}: unchanged
     * @param speed    recorded time per wall time, {@value #MIN_SPEED} to {@value #MAX_SPEED}, or NaN: unchanged
     * @param fromTick a tick to seek to, {@code >= 0}, or -1: no seek
     */
    record ReplayControl(int paused, double speed, long fromTick) implements ClientMessage {
        /** The slowest replay: a quarter of the recorded pace. */
        public static final double MIN_SPEED = 0.25;
        /** The fastest replay: eight times the recorded pace. */
        public static final double MAX_SPEED = 8;

        /**
         * @throws ProtocolException {@link ErrorCode#MISSING_FIELD} when nothing is asked,
         *     {@link ErrorCode#INVALID_FIELD} for a speed outside {@value #MIN_SPEED} to {@value #MAX_SPEED}
         *     (or infinite), a {@code paused} other than -1, 0 or 1, or a tick below -1
         */
        public ReplayControl {
            if (paused < -1 || paused > 1) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "replay.control.paused : " + paused
                    + " (expected: true or false)");
            }
            if (!Double.isNaN(speed) && !(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "replay.control.speed : " + speed
                    + " (expected: " + MIN_SPEED + " to " + MAX_SPEED + ")");
            }
            if (fromTick < -1) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "replay.control.fromTick : " + fromTick
                    + " (expected: >= 0)");
            }
            if (paused == -1 && Double.isNaN(speed) && fromTick == -1) {
                throw new ProtocolException(ErrorCode.MISSING_FIELD, "replay.control needs paused, speed or fromTick");
            }
        }

        /** @return whether the control sets {@code paused} */
        public boolean setsPaused() {
            return paused >= 0;
        }

        /** @return whether the control sets the speed */
        public boolean setsSpeed() {
            return !Double.isNaN(speed);
        }

        /** @return whether the control seeks */
        public boolean seeks() {
            return fromTick >= 0;
        }

        @Override
        public String type() {
            return "replay.control";
        }
    }

    /** Ends the session now: the player leaves the world at once instead of waiting out the grace window. */
    record Logout() implements ClientMessage {
        @Override
        public String type() {
            return "logout";
        }
    }

    /**
     * Buy an item of the game's catalogue with premium currency (GEM), through the ledger: the same
     * {@code key} always means the same purchase, so a client that lost the answer (a dropped
     * connection) sends it again with the same key and is charged once. Answered with
     * {@link ServerMessage.PurchaseResult}. Needs a login; not part of the input sequence.
     *
     * @param key the client's idempotency key for this purchase, 1 to 64 characters of {@code [A-Za-z0-9._:-]}
     *            (a UUID fits); keys are per player
     * @param sku the catalogue's SKU, 1 to 64 characters of {@code [a-z0-9_]}
     */
    record Buy(String key, String sku) implements ClientMessage {
        private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
        private static final Pattern SKU = Pattern.compile("[a-z0-9_]{1,64}");

        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the key or the SKU breaks its rule */
        public Buy {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sku, "sku");
            if (!KEY.matcher(key).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "buy.key : \"" + Texts.clip(key)
                    + "\" (expected: 1-64 characters of A-Z a-z 0-9 . _ : -)");
            }
            if (!SKU.matcher(sku).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "buy.sku : \"" + Texts.clip(sku)
                    + "\" (expected: 1-64 characters of a-z 0-9 _)");
            }
        }

        @Override
        public String type() {
            return "buy";
        }
    }

    /**
     * Queue an idle activity task (docs/activities.md). Not part of the input sequence: the answer is a
     * {@code queue_updated} (and {@code task_started} when the queue was empty) or an {@code error} with an
     * activity code such as {@code unknown_task} or {@code missing_tool}.
     *
     * @param task  the catalogue task's id as received, 1 to 64 characters (the server says whether it exists)
     * @param count units to perform; the server accepts 1 to 1000 ({@code invalid_parameters} otherwise)
     */
    record ActivityStart(String task, int count) implements ClientMessage {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the task is empty or longer than 64 characters */
        public ActivityStart {
            requireActivityText(task, "activity.start.task");
        }

        @Override
        public String type() {
            return "activity.start";
        }
    }

    /**
     * Cancel one of the player's queued or running tasks (a running one earns nothing).
     *
     * @param taskId the task's id from its notices, 1 to 64 characters
     */
    record ActivityCancel(String taskId) implements ClientMessage {
        /** @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the id is empty or longer than 64 characters */
        public ActivityCancel {
            requireActivityText(taskId, "activity.cancel.taskId");
        }

        @Override
        public String type() {
            return "activity.cancel";
        }
    }

    /** Ask for the player's activity queue; answered with a {@code queue_updated} whose {@code seq} is 0. */
    record ActivityList() implements ClientMessage {
        @Override
        public String type() {
            return "activity.list";
        }
    }

    private static void requireActivityText(String text, String field) {
        Objects.requireNonNull(text, field);
        if (text.isEmpty() || text.length() > 64) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " : \"" + Texts.clip(text) + "\" (expected: 1-64 characters)");
        }
    }

    /** Item names: lower-case letters, digits and underscores, 1 to 32 characters. */
    String ITEM_PATTERN = "[a-z0-9_]{1,32}";
    /** Largest count one trade moves. */
    int MAX_COUNT = 1_000_000;

    private static void requireSeq(long seq, String type) {
        if (seq < 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, type + ".seq : " + seq + " (expected: >= 0)");
        }
    }

    private static void requireViewTick(long viewTick, String type) {
        if (viewTick < -1) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                type + ".viewTick : " + viewTick + " (expected: >= 0, or -1 for none)");
        }
    }

    private static void requireId(long id, String field) {
        if (id < 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " : " + id + " (expected: an entity id >= 0)");
        }
    }

    private static void requireCount(int count, String field) {
        if (count < 1 || count > MAX_COUNT) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, field + " : " + count + " (expected: 1 to " + MAX_COUNT + ")");
        }
    }

    private static void requireItem(String item, String field) {
        Objects.requireNonNull(item, field);
        if (!ItemNames.isValid(item)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                field + " : \"" + Texts.clip(item) + "\" (expected: 1-32 characters of a-z 0-9 _)");
        }
    }

    /**
     * A latency probe; the server answers with {@link ServerMessage.Pong} carrying the same {@code t}.
     *
     * @param t any finite client value, typically the client's clock in milliseconds
     */
    record Ping(double t) implements ClientMessage {
        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when {@code t} is not finite
         */
        public Ping {
            if (!Double.isFinite(t)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "ping.t : " + t + " (expected: a finite number)");
            }
        }

        @Override
        public String type() {
            return "ping";
        }
    }
}
