package dev.ludus.server.audit;

import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.PlayerLink;

/**
 * The link a replayed join gets: a client that takes every snapshot and reads nothing. What the world
 * sends never changes its state, so dropping it keeps the replay's state hashes those of the run.
 */
enum DroppingLink implements PlayerLink {
    INSTANCE;

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        // dropped
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        // dropped
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        return true;
    }
}
