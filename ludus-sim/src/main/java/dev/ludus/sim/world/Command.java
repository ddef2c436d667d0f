package dev.ludus.sim.world;

import java.util.Objects;

/**
 * A request from outside the tick (a network connection, a service) to change the world. Commands
 * are queued into a {@link Simulation}'s inbox from any thread and applied by the tick thread at the
 * start of the next tick, in arrival order.
 */
public sealed interface Command {

    /**
     * The connection the command comes from.
     *
     * @return an id unique among open connections, chosen by the gateway
     */
    long connectionId();

    /**
     * A connection asks to join the world as a player.
     *
     * @param connectionId the connection
     * @param name         a display name already validated by the protocol
     * @param session      the session token the gateway issued
     * @param link         where the world sends the answer and then the snapshots
     * @param rankBucket   the player's skill bucket from the rating service, {@code >= 0} (0: unrated);
     *                     the cheat detectors compare a player with its bucket's population
     * @param premium      whether the player has premium status (from the account service, never from
     *                     the client): the scheduler ranks work near premium players higher, and their
     *                     snapshots are built first
     * @param arriveXMetres where the player arrives instead of the spawn area (a portal, a party's
     *                     location chosen by the server's placement), metres; NaN for the spawn area
     * @param arriveYMetres the same for y; NaN exactly when {@code arriveXMetres} is
     * @param healthPoints the health the player arrives with (a parked or handed-off player's stored health),
     *                     {@code >= 0}, capped by the world to 1 to its maximum health; {@link #FULL_HEALTH}
     *                     (-1) for the game's full health
     */
    record Join(long connectionId, String name, String session, PlayerLink link, int rankBucket, boolean premium,
                double arriveXMetres, double arriveYMetres, int healthPoints)
        implements Command {
        /** {@link #healthPoints()} of a player that arrives with full health. */
        public static final int FULL_HEALTH = -1;

        /**
         * @throws NullPointerException when an argument is null
         * @throws IllegalArgumentException when the bucket is negative, the arrival point half given or
         *     infinite, or the health below {@link #FULL_HEALTH}
         */
        public Join {
            if (healthPoints < FULL_HEALTH) {
                throw new IllegalArgumentException("healthPoints : " + healthPoints
                    + " (expected: >= 0, or -1 for full health)");
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(link, "link");
            if (rankBucket < 0) {
                throw new IllegalArgumentException("rankBucket : " + rankBucket + " (expected: >= 0)");
            }
            if (Double.isNaN(arriveXMetres) != Double.isNaN(arriveYMetres)
                || Double.isInfinite(arriveXMetres) || Double.isInfinite(arriveYMetres)) {
                throw new IllegalArgumentException("arrive : " + arriveXMetres + ", " + arriveYMetres
                    + " (expected: both finite, or both NaN for the spawn area)");
            }
        }

        /**
         * A player arriving with full health.
         *
         * @param connectionId  the connection
         * @param name          the display name
         * @param session       the session token
         * @param link          the link
         * @param rankBucket    the rating service's skill bucket, {@code >= 0}
         * @param premium       premium status
         * @param arriveXMetres where the player arrives, metres, or NaN for the spawn area
         * @param arriveYMetres likewise y
         */
        public Join(long connectionId, String name, String session, PlayerLink link, int rankBucket, boolean premium,
                    double arriveXMetres, double arriveYMetres) {
            this(connectionId, name, session, link, rankBucket, premium, arriveXMetres, arriveYMetres, FULL_HEALTH);
        }

        /**
         * A player arriving in the spawn area.
         *
         * @param connectionId the connection
         * @param name         the display name
         * @param session      the session token
         * @param link         the link
         * @param rankBucket   the rating service's skill bucket, {@code >= 0}
         * @param premium      premium status
         */
        public Join(long connectionId, String name, String session, PlayerLink link, int rankBucket, boolean premium) {
            this(connectionId, name, session, link, rankBucket, premium, Double.NaN, Double.NaN, FULL_HEALTH);
        }

        /** @return whether the player arrives at a chosen point rather than in the spawn area */
        public boolean hasArrivalPoint() {
            return !Double.isNaN(arriveXMetres);
        }

        /**
         * An unrated player (bucket 0).
         *
         * @param connectionId the connection
         * @param name         the display name
         * @param session      the session token
         * @param link         the link
         */
        public Join(long connectionId, String name, String session, PlayerLink link) {
            this(connectionId, name, session, link, 0, false);
        }

        /**
         * A standard (not premium) player of a rank bucket.
         *
         * @param connectionId the connection
         * @param name         the display name
         * @param session      the session token
         * @param link         the link
         * @param rankBucket   the rating service's skill bucket, {@code >= 0}
         */
        public Join(long connectionId, String name, String session, PlayerLink link, int rankBucket) {
            this(connectionId, name, session, link, rankBucket, false);
        }
    }

    /**
     * A player's move input.
     *
     * @param connectionId the connection
     * @param seq          the input's sequence number, increasing per connection (checked by the gateway)
     * @param dx           wanted direction x, finite; normalised when longer than 1
     * @param dy           wanted direction y, finite
     * @param viewTick     the tick of the snapshot the client showed when it sent the input, or -1 when unknown
     * @param claimX       where the client's prediction put the player, metres, or NaN when not claimed
     * @param claimY       likewise y; the server never takes a claim as the position, it validates it
     *                     (speed, acceleration, teleport, obstacles) and reports what is impossible
     */
    record Move(long connectionId, long seq, double dx, double dy, long viewTick, double claimX, double claimY)
        implements Command {

        /**
         * A move without view tick or claimed position.
         *
         * @param connectionId the connection
         * @param seq          the sequence number
         * @param dx           direction x
         * @param dy           direction y
         */
        public Move(long connectionId, long seq, double dx, double dy) {
            this(connectionId, seq, dx, dy, -1, Double.NaN, Double.NaN);
        }

        /** @return whether the client claimed a position */
        public boolean hasClaim() {
            return !Double.isNaN(claimX) && !Double.isNaN(claimY);
        }
    }

    /**
     * A player action other than movement (attack, pick up, harvest, trade, use).
     *
     * @param connectionId the connection
     * @param seq          the action's sequence number, in the same sequence as the connection's moves
     * @param viewTick     the tick of the snapshot the client showed when it acted, or -1 when unknown;
     *                     hit tests rewind to it (lag compensation), clamped by the measured latency
     * @param request      what the player asks for
     */
    record Act(long connectionId, long seq, long viewTick, dev.ludus.sim.action.ActionRequest request)
        implements Command {
        /** @throws NullPointerException when the request is null */
        public Act {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * A message the gateway rejected before it reached the world because it broke the connection's
     * sequence (a forged gap or a replayed frame); the world counts it as evidence for the detectors.
     *
     * @param connectionId the connection
     * @param seq          the sequence number the message carried
     * @param code         the stable rejection code, e.g. {@code seq_gap}
     */
    record Violation(long connectionId, long seq, String code) implements Command {
        /** @throws NullPointerException when the code is null */
        public Violation {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * A change to an entity's game state from outside the tick (a service, another server), applied
     * with optimistic concurrency: only when the entity's version is still {@code expectedVersion}.
     * The answer goes to {@code reply} on the tick thread.
     *
     * @param entityId        the entity
     * @param expectedVersion the version the caller read, from {@code Simulation#entityVersion}
     * @param item            the inventory item to change
     * @param delta           how many to add (negative: remove); the result must not go below zero
     * @param reply           receives the outcome; must not block
     */
    record Update(long entityId, long expectedVersion, String item, int delta,
                  java.util.function.Consumer<dev.ludus.sim.action.UpdateResult> reply) implements Command {
        /** @throws NullPointerException when the item or reply is null */
        public Update {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(reply, "reply");
        }

        /** @return -1: an update comes from no connection */
        @Override
        public long connectionId() {
            return -1;
        }
    }

    /**
     * The player's connection dropped and its session waits for a resume (docs/protocol.md §19.3): the
     * player stands still (zero velocity) until its next move. Moves of the same connection that arrived
     * before it in the same tick are superseded by it. A command, so the audit log records it and a
     * replay repeats it.
     *
     * @param connectionId the connection the world knows the player by
     */
    record Halt(long connectionId) implements Command {
    }

    /**
     * The connection closed; its player leaves the world.
     *
     * @param connectionId the connection
     */
    record Leave(long connectionId) implements Command {
    }

    /**
     * Shadow-bans a player or lifts it (anti-cheat): its attacks are answered as usual but take no
     * health (see {@code ActionEngine#shadowBan}). A command, so the audit log records it and a replay
     * repeats it.
     *
     * @param entityId the player's entity
     * @param banned   whether the ban is on
     */
    record ShadowBan(long entityId, boolean banned) implements Command {
        /** @return -1: a sanction comes from no connection */
        @Override
        public long connectionId() {
            return -1;
        }
    }
}
