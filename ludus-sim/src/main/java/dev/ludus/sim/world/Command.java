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
     */
    record Join(long connectionId, String name, String session, PlayerLink link) implements Command {
        /** @throws NullPointerException when an argument is null */
        public Join {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(link, "link");
        }
    }

    /**
     * A player's move input.
     *
     * @param connectionId the connection
     * @param seq          the input's sequence number, increasing per connection (checked by the gateway)
     * @param dx           wanted direction x, finite; normalised when longer than 1
     * @param dy           wanted direction y, finite
     */
    record Move(long connectionId, long seq, double dx, double dy) implements Command {
    }

    /**
     * The connection closed; its player leaves the world.
     *
     * @param connectionId the connection
     */
    record Leave(long connectionId) implements Command {
    }
}
