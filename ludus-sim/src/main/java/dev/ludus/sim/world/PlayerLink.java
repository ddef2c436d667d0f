package dev.ludus.sim.world;

import dev.ludus.protocol.ServerMessage;

/**
 * The world's way back to one connected player (a port the gateway implements).
 *
 * <p>Called on the tick thread. Implementations must not block: they hand the message to the
 * connection's own thread and return.
 */
public interface PlayerLink {

    /** @param welcome the player joined; snapshots follow from the next tick */
    void onJoined(ServerMessage.Welcome welcome);

    /** @param reason the join was refused ({@code name_taken}, {@code server_full}); the connection may try again */
    void onJoinRefused(ServerMessage.ErrorMessage reason);

    /** @param snapshot the player's area of interest at one tick */
    void onSnapshot(ServerMessage.Snapshot snapshot);
}
