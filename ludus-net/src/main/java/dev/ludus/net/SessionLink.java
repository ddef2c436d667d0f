package dev.ludus.net;

import dev.ludus.platform.session.Session;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.DepartedPlayer;
import dev.ludus.sim.world.PlayerLink;

/**
 * The world's link to one player for the player's whole stay, across connections: it forwards to the
 * connection the player's session is bound to now, numbers reliable events through the session (kept
 * for a resume while no connection is bound), carries its activity notifications the same way, and
 * tells the sessions when the player leaves so its data is parked or carried to another server.
 *
 * <p>Thread-safe: the world calls it on the tick thread and its workers; connections re-bind it on
 * their event loops (volatile fields; numbering holds the session's monitor).
 */
final class SessionLink implements PlayerLink {
    /** What happens to the player's data when it leaves the world. */
    enum Departure {
        /** Nothing kept: it logged out, was kicked, or the server does not resume sessions. */
        LEAVE,
        /** Its grace window passed: its critical data is parked for its next login. */
        PARK,
        /** It is transferred: its data goes to another server in a handoff token. */
        TRANSFER
    }

    private final GatewaySessions sessions;
    private final long worldConnectionId;
    private final java.util.concurrent.atomic.AtomicReference<PlayerProxy> proxy = new java.util.concurrent.atomic.AtomicReference<>();
    private final boolean deltas;
    private volatile Session<ServerMessage, PlayerProxy> session;
    private volatile long entityId = -1;
    /** The newest snapshot the world offered, bound or not: a resumed connection gets it at once. */
    private volatile ServerMessage.Snapshot latest;
    private volatile Departure departure = Departure.LEAVE;
    /** The player's activity notifications for the session's whole life, or null (no activities, or not yet). */
    private volatile ActivityProxy activities;
    /**
     * The notice numbered while detached, completed at the resume that replays it (or failed when the
     * session ends first); at most one, since the activity lane has one write in flight per player.
     * Guarded by the session's monitor.
     */
    private java.util.concurrent.CompletableFuture<Void> detachedNotice;
    private volatile String transferUrl;
    private volatile String transferServer;

    SessionLink(GatewaySessions sessions, long worldConnectionId, PlayerProxy proxy, boolean deltas) {
        this.sessions = sessions;
        this.worldConnectionId = worldConnectionId;
        this.proxy.set(proxy);
        this.deltas = deltas;
    }

    @Override
    public void onJoined(ServerMessage.Welcome welcome) {
        entityId = welcome.entityId();
        proxy.get().onJoined(welcome);
    }

    @Override
    public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        proxy.get().onJoinRefused(reason);
    }

    @Override
    public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
        latest = snapshot;
        PlayerProxy bound = proxy.get();
        if (bound != null) {
            return bound.onSnapshot(snapshot);
        }
        // Detached: nobody to send it to, but spectators still follow the player.
        sessions.offerToSpectators(entityId, snapshot);
        return true;
    }

    @Override
    public void onActionResult(ServerMessage.ActionResult result) {
        sendReliable(result);
    }

    @Override
    public void onStatus(ServerMessage.Status status) {
        sendReliable(status);
    }

    @Override
    public void onKicked(String reason) {
        departure = Departure.LEAVE;
        Session<ServerMessage, PlayerProxy> current = session;
        if (current != null) {
            // Ended now, so the kicked client cannot resume in the tick before its leave applies.
            sessions.registry().end(current);
        }
        PlayerProxy bound = proxy.get();
        if (bound != null) {
            bound.onKicked(reason);
        }
    }

    @Override
    public void onLeft(DepartedPlayer player) {
        sessions.onLeft(this, player);
    }

    /**
     * Numbers a reliable event through the session and hands it to the bound connection; before the
     * session opens (or without one) it goes to the connection as it is.
     */
    void sendReliable(ServerMessage message) {
        Session<ServerMessage, PlayerProxy> current = session;
        if (current != null) {
            sessions.registry().send(current, message);
            return;
        }
        PlayerProxy bound = proxy.get();
        if (bound != null) {
            bound.sendReliable(message);
        }
    }

    /**
     * Numbers an activity notice through the session like every other reliable event (docs/protocol.md
     * §19.2), so a resume replays it if the client missed it. Any thread (the activity lane).
     *
     * @param notice the notice
     * @return completes when the session took it with a connection bound (from then on its events ring
     *     answers for it); while detached it is kept in the ring and completes at the resume that replays
     *     it; fails when the session has ended (the lane keeps the notice stored for the next login)
     */
    java.util.concurrent.CompletionStage<Void> sendNotice(ServerMessage notice) {
        Session<ServerMessage, PlayerProxy> current = session;
        if (current == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no session yet"));
        }
        synchronized (current) {
            if (sessions.registry().send(current, notice) < 0) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException(current + " ended"));
            }
            if (current.state() == Session.State.ONLINE) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
            detachedNotice = new java.util.concurrent.CompletableFuture<>();
            return detachedNotice;
        }
    }

    /** The session was resumed: a notice numbered while detached was replayed with the missed events. */
    void onResumed() {
        settleDetachedNotice(true);
    }

    /** @return the activity sink of this player's session, or null */
    ActivityProxy activities() {
        return activities;
    }

    /** @param sink the activity sink of this player's session (kept across resumes) */
    void activities(ActivityProxy sink) {
        activities = sink;
    }

    /** The player left the world: its activity notices go offline (stored for its next login). */
    void activitiesOffline(dev.ludus.platform.activity.ActivityService service) {
        ActivityProxy sink = activities;
        activities = null;
        if (sink != null && service != null) {
            service.offline(sink.player(), sink);
        }
        settleDetachedNotice(false);
    }

    private void settleDetachedNotice(boolean delivered) {
        Session<ServerMessage, PlayerProxy> current = session;
        if (current == null) {
            return;
        }
        java.util.concurrent.CompletableFuture<Void> pending;
        synchronized (current) {
            pending = detachedNotice;
            detachedNotice = null;
        }
        if (pending == null) {
            return;
        }
        if (delivered) {
            pending.complete(null);
        } else {
            pending.completeExceptionally(new IllegalStateException(current + " ended before a resume"));
        }
    }

    /** @param next the connection now carrying the player, or null: nobody */
    void bind(PlayerProxy next) {
        proxy.set(next);
    }

    /** @param dropped a connection that closed: the link forgets it unless another connection was bound since */
    void unbind(PlayerProxy dropped) {
        proxy.compareAndSet(dropped, null);
    }

    /** @return the newest snapshot the world offered for this player, or null before the first */
    ServerMessage.Snapshot latest() {
        return latest;
    }

    /** @return whether the player's login asked for delta frames (a resumed connection gets them too) */
    boolean deltas() {
        return deltas;
    }

    void session(Session<ServerMessage, PlayerProxy> opened) {
        session = opened;
    }

    Session<ServerMessage, PlayerProxy> session() {
        return session;
    }

    long worldConnectionId() {
        return worldConnectionId;
    }

    long entityId() {
        return entityId;
    }

    Departure departure() {
        return departure;
    }

    void departure(Departure next) {
        departure = next;
    }

    void transferTo(String url, String server) {
        transferUrl = url;
        transferServer = server;
        departure = Departure.TRANSFER;
    }

    String transferUrl() {
        return transferUrl;
    }

    String transferServer() {
        return transferServer;
    }
}
