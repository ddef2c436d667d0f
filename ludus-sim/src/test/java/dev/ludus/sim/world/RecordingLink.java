package dev.ludus.sim.world;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A fake connection: keeps everything the world sends it, in order. */
class RecordingLink implements PlayerLink {
    final List<ServerMessage.Welcome> welcomes = new ArrayList<>();
    final List<ServerMessage.ErrorMessage> refusals = new ArrayList<>();
    final List<ServerMessage.Snapshot> snapshots = new ArrayList<>();
    final List<ServerMessage.ActionResult> results = new ArrayList<>();
    final List<ServerMessage.Status> statuses = new ArrayList<>();
    final List<DepartedPlayer> departures = new ArrayList<>();

    @Override
    public void onLeft(DepartedPlayer player) {
        departures.add(player);
    }

    @Override
    public void onActionResult(ServerMessage.ActionResult result) {
        results.add(result);
    }

    @Override
    public void onStatus(ServerMessage.Status status) {
        statuses.add(status);
    }

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        welcomes.add(welcome);
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        refusals.add(reason);
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        snapshots.add(snapshot);
        return true;
    }

    /** @return the player's entity id, or 0 before it joined */
    long entityIdOrZero() {
        return welcomes.isEmpty() ? 0 : welcomes.getFirst().entityId();
    }

    long entityId() {
        if (welcomes.size() != 1) {
            throw new AssertionError("expected exactly one welcome, got " + welcomes);
        }
        return welcomes.getFirst().entityId();
    }

    ServerMessage.Snapshot lastSnapshot() {
        if (snapshots.isEmpty()) {
            throw new AssertionError("no snapshot received");
        }
        return snapshots.getLast();
    }

    List<Long> visibleIds() {
        return lastSnapshot().entities().stream().map(EntityState::id).toList();
    }

    Optional<EntityState> lastSeen(long id) {
        return lastSnapshot().entities().stream().filter(e -> e.id() == id).findFirst();
    }

    /** How many snapshots so far listed {@code id} as removed. */
    long timesRemoved(long id) {
        return snapshots.stream().flatMap(s -> s.removed().stream()).filter(r -> r == id).count();
    }
}
