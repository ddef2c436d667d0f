package dev.ludus.testkit;

import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client without a network: it submits commands straight into the world's inbox and records
 * everything the world sends it. Not thread-safe: use from the thread that ticks the world.
 */
public final class FakeClient implements PlayerLink {
    private final TestWorld world;
    private final long connectionId;
    private final List<ServerMessage> received = new ArrayList<>();
    private ServerMessage.Welcome welcome;
    private long seq;
    private boolean congested;

    FakeClient(TestWorld world, long connectionId) {
        this.world = world;
        this.connectionId = connectionId;
    }

    /**
     * Asks to join; the answer comes with the next tick.
     *
     * @param name the display name
     * @return this client
     */
    public FakeClient login(String name) {
        world.simulation().submit(new Command.Join(connectionId, name, "session-" + connectionId, this));
        return this;
    }

    /**
     * Sends a move input with the next sequence number.
     *
     * @param dx direction x
     * @param dy direction y
     * @return the sequence number used
     */
    public long move(double dx, double dy) {
        seq++;
        world.simulation().submit(new Command.Move(connectionId, seq, dx, dy));
        return seq;
    }

    /** Disconnects; the player leaves with the next tick. */
    public void disconnect() {
        world.simulation().submit(new Command.Leave(connectionId));
    }

    @Override
    public void onJoined(ServerMessage.Welcome message) {
        welcome = message;
        received.add(message);
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        received.add(reason);
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        if (congested) {
            return false;
        }
        received.add(snapshot);
        return true;
    }

    /**
     * Makes the client refuse snapshots (as a connection with a full send buffer does) or take them again.
     *
     * @param isCongested whether snapshots are refused
     */
    public void congested(boolean isCongested) {
        this.congested = isCongested;
    }

    /** @return the welcome, if the world accepted the login */
    public Optional<ServerMessage.Welcome> welcome() {
        return Optional.ofNullable(welcome);
    }

    /** @return the id of this client's entity; throws when not joined */
    public long entityId() {
        return welcome().orElseThrow(() -> new IllegalStateException("not joined")).entityId();
    }

    /** @return every message received, in order */
    public List<ServerMessage> received() {
        return List.copyOf(received);
    }

    /** @return the most recent snapshot, if any */
    public Optional<ServerMessage.Snapshot> lastSnapshot() {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (received.get(i) instanceof ServerMessage.Snapshot snapshot) {
                return Optional.of(snapshot);
            }
        }
        return Optional.empty();
    }

    /**
     * @param entityId an entity
     * @return that entity as this client last saw it, if it was in the last snapshot
     */
    public Optional<EntityState> lastSeen(long entityId) {
        return lastSnapshot().flatMap(s -> s.entities().stream().filter(e -> e.id() == entityId).findFirst());
    }
}
