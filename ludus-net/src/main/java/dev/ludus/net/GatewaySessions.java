package dev.ludus.net;

import dev.ludus.platform.activity.ActivityService;
import dev.ludus.platform.session.ParkedPlayer;
import dev.ludus.platform.session.ParkedPlayerStore;
import dev.ludus.platform.session.Session;
import dev.ludus.platform.session.SessionConfig;
import dev.ludus.platform.session.SessionError;
import dev.ludus.platform.session.SessionException;
import dev.ludus.platform.session.SessionRegistry;
import dev.ludus.platform.session.SessionTokens;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.DepartedPlayer;
import dev.ludus.sim.world.Simulation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of sessions (docs/protocol.md §19): the registry of live sessions, the links
 * that carry each player across connections, the sweep that parks players whose grace window passed,
 * the parked-player store (written off the tick thread), transfers and revocations, and their meters.
 *
 * <p>Thread-safe: connections call it from their event loops, the world from the tick thread, the
 * sweep from an event loop's scheduler.
 */
final class GatewaySessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewaySessions.class);
    /** Attempts to park a player's data before giving up (and logging it): the store may be briefly down. */
    private static final int PARK_ATTEMPTS = 5;

    private final SessionRegistry<ServerMessage, PlayerProxy> registry;
    private final ParkedPlayerStore store;
    private final Simulation simulation;
    private final SpectatorHub spectators;
    private final long staleTimeoutMillis;
    private final Map<Long, SessionLink> links = new ConcurrentHashMap<>();
    private final ExecutorService storage = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
        .name("ludus-sessions").factory());
    final Counter resumed;
    final Counter parked;
    final Counter revoked;
    final Counter transfersOut;
    final Counter transfersIn;
    final Counter staleClosed;
    final Counter parkFailures;
    private final MeterRegistry meters;
    /** The activity lane whose notices the sessions carry, or null. */
    private final ActivityService activities;

    GatewaySessions(SessionConfig config, SessionTokens tokens, ParkedPlayerStore store, long staleTimeoutMillis,
                    Simulation simulation, SpectatorHub spectators, MeterRegistry meters, ActivityService activities) {
        this.activities = activities;
        this.registry = new SessionRegistry<>(tokens, config,
            (proxy, seq, event) -> proxy.sendReliable(new ServerMessage.Numbered(seq, event)), new SecureRandom());
        this.store = store;
        this.simulation = simulation;
        this.spectators = spectators;
        this.staleTimeoutMillis = staleTimeoutMillis;
        this.meters = meters;
        Gauge.builder("ludus.sessions", registry, SessionRegistry::size)
            .description("Live sessions (online or waiting for a resume)").register(meters);
        Gauge.builder("ludus.sessions.detached", registry, SessionRegistry::detached)
            .description("Sessions whose connection dropped, waiting in their grace window").register(meters);
        resumed = Counter.builder("ludus.session.resumes").tag("result", "ok")
            .description("Resume requests, by result (ok or the error code)").register(meters);
        parked = Counter.builder("ludus.sessions.parked").description("Players parked after their grace window").register(meters);
        revoked = Counter.builder("ludus.sessions.revoked").description("Sessions revoked by an operator").register(meters);
        transfersOut = Counter.builder("ludus.session.transfers").tag("direction", "out")
            .description("Players transferred to (out) or accepted from (in) another server").register(meters);
        transfersIn = Counter.builder("ludus.session.transfers").tag("direction", "in")
            .description("Players transferred to (out) or accepted from (in) another server").register(meters);
        staleClosed = Counter.builder("ludus.connections.closed").tag("reason", "stale")
            .description("Connections closed by the server").register(meters);
        parkFailures = Counter.builder("ludus.sessions.park.failures")
            .description("Parked players whose data could not be stored after every attempt").register(meters);
    }

    SessionRegistry<ServerMessage, PlayerProxy> registry() {
        return registry;
    }

    ParkedPlayerStore store() {
        return store;
    }

    /** @return whether a dropped connection's player waits for a resume (a grace window above 0) */
    boolean resumable() {
        return registry.config().graceMillis() > 0;
    }

    long staleTimeoutMillis() {
        return staleTimeoutMillis;
    }

    void refused(SessionError error) {
        Counter.builder("ludus.session.resumes").tag("result", error.code())
            .description("Resume requests, by result (ok or the error code)").register(meters).increment();
    }

    SessionLink newLink(long worldConnectionId, PlayerProxy proxy, boolean deltas) {
        SessionLink link = new SessionLink(this, worldConnectionId, proxy, deltas);
        links.put(worldConnectionId, link);
        return link;
    }

    SessionLink link(long worldConnectionId) {
        return links.get(worldConnectionId);
    }

    /**
     * Server shutdown: every player in the world is asked to leave it and be parked (position, health, inventory), its
     * session ended, so a restart or another server on the same database gives it back at the next login instead of
     * losing it with the process. The leaves apply at the world's next tick; {@link #close()} then waits for the parking.
     *
     * @return how many players were asked to leave
     */
    int parkAll() {
        int leaving = 0;
        for (SessionLink link : links.values()) {
            link.departure(SessionLink.Departure.PARK);
            Session<ServerMessage, PlayerProxy> session = link.session();
            if (session != null) {
                // Ended first: the connection's coming close finds nothing to detach and leaves the departure alone.
                registry.end(session);
            }
            simulation.submit(new Command.Leave(link.worldConnectionId()));
            leaving++;
        }
        return leaving;
    }

    void offerToSpectators(long entityId, ServerMessage.Snapshot snapshot) {
        if (entityId >= 0 && spectators.isWatched(entityId)) {
            spectators.onSnapshot(entityId, snapshot);
        }
    }

    /** Ends the detached sessions whose window passed: their players leave the world and their data is parked. */
    void sweep() {
        for (Session<ServerMessage, PlayerProxy> session : registry.expire(System.nanoTime(), System.currentTimeMillis())) {
            SessionLink link = links.get(session.simConnectionId());
            if (link != null) {
                link.departure(SessionLink.Departure.PARK);
            }
            LOG.info("{}: grace window passed, parking the player", session);
            spectators.onPlayerLeft(session.entityId());
            simulation.submit(new Command.Leave(session.simConnectionId()));
        }
    }

    /**
     * Revokes a player's session: its connection is closed with {@value #CLOSE_REVOKED}, the player leaves
     * the world, and none of its tokens works again.
     *
     * @return false when the player has no session
     */
    boolean revoke(String player) {
        Optional<SessionRegistry.Resumed<ServerMessage, PlayerProxy>> ended = registry.revoke(player, System.currentTimeMillis());
        if (ended.isEmpty()) {
            return false;
        }
        Session<ServerMessage, PlayerProxy> session = ended.get().session();
        revoked.increment();
        SessionLink link = links.get(session.simConnectionId());
        if (link != null) {
            link.departure(SessionLink.Departure.LEAVE);
            link.bind(null);
        }
        PlayerProxy connection = ended.get().previous();
        if (connection != null) {
            connection.closeSession(CLOSE_REVOKED, "session revoked");
        }
        spectators.onPlayerLeft(session.entityId());
        simulation.submit(new Command.Leave(session.simConnectionId()));
        return true;
    }

    /**
     * Moves a connected player to another server: it leaves this world, and its connection receives a
     * {@code transfer} with a handoff token for {@code server}.
     *
     * @throws SessionException {@link SessionError#SESSION_UNKNOWN} without a session,
     *     {@link SessionError#SESSION_DETACHED} while its connection is down
     */
    void transfer(String player, String server, String url) {
        Session<ServerMessage, PlayerProxy> session = registry.find(player).orElseThrow(() ->
            new SessionException(SessionError.SESSION_UNKNOWN, "player \"" + player + "\" has no session here"));
        if (session.state() != Session.State.ONLINE) {
            throw new SessionException(SessionError.SESSION_DETACHED, "player \"" + player
                + "\" is disconnected; it can be transferred once it resumes");
        }
        SessionLink link = links.get(session.simConnectionId());
        if (link == null) {
            // Left the world between the two lookups.
            throw new SessionException(SessionError.SESSION_UNKNOWN, "player \"" + player + "\" has left the world");
        }
        link.transferTo(url, server);
        spectators.onPlayerLeft(session.entityId());
        simulation.submit(new Command.Leave(session.simConnectionId()));
    }

    /**
     * The world removed the player: its activity notices go offline (stored for its next login); its data
     * is parked, carried to another server, or dropped with its session. Tick thread.
     */
    void onLeft(SessionLink link, DepartedPlayer player) {
        links.remove(link.worldConnectionId(), link);
        // Every departure passes here, a kick included (its connection's close finds the session ended and tells nobody):
        // the spectators hear it now if the paths that end a session early have not told them already (idempotent).
        spectators.onPlayerLeft(player.entityId());
        link.activitiesOffline(activities);
        Session<ServerMessage, PlayerProxy> session = link.session();
        ParkedPlayer data = new ParkedPlayer(player.name(), player.xMetres(), player.yMetres(), player.health(),
            player.inventory());
        SessionLink.Departure departure = link.departure();
        if (departure == SessionLink.Departure.TRANSFER && (session == null || session.connection() == null)) {
            // The connection dropped after the transfer began: no client can take the token, so the player is parked here
            // instead (its next login on this server restores it) rather than lost with an undelivered token.
            LOG.info("{}: transfer to {} without a connection, parking the player instead", session, link.transferServer());
            departure = SessionLink.Departure.PARK;
        }
        switch (departure) {
            case PARK -> {
                parked.increment();
                parkSoon(data);
                if (session != null) {
                    // Ended already when its grace window passed or the server stops; a transfer that lost its connection ends here.
                    registry.end(session);
                }
            }
            case TRANSFER -> {
                long now = System.currentTimeMillis();
                String token = registry.handoff(data, link.transferServer(), now);
                transfersOut.increment();
                registry.send(session, new ServerMessage.Transfer(link.transferUrl(), link.transferServer(), token,
                    now + registry.config().handoffTtlMillis()));
                PlayerProxy connection = registry.end(session);
                if (connection != null) {
                    connection.closeSession(1000, "transferred to " + link.transferServer());
                }
            }
            case LEAVE -> {
                if (session != null) {
                    registry.end(session);
                }
            }
        }
    }

    /** Parks off the tick thread; on it when the storage thread has already stopped (a leave that came late at shutdown). */
    private void parkSoon(ParkedPlayer data) {
        try {
            storage.execute(() -> park(data));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            park(data);
        }
    }

    private void park(ParkedPlayer data) {
        for (int attempt = 1; attempt <= PARK_ATTEMPTS; attempt++) {
            try {
                store.save(data);
                return;
            } catch (RuntimeException e) {
                LOG.warn("parking {} failed (attempt {} of {})", data.player(), attempt, PARK_ATTEMPTS, e);
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        parkFailures.increment();
        LOG.error("could not park {}: its position and inventory are lost", data);
    }

    /** Loads a parked player's data off the event loop; completes with empty when there is none. */
    java.util.concurrent.CompletableFuture<Optional<ParkedPlayer>> loadParked(String player) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> store.load(player), storage);
    }

    /** Forgets a parked player's data once it is back in the world. */
    void unpark(String player) {
        storage.execute(() -> {
            try {
                store.remove(player);
            } catch (RuntimeException e) {
                LOG.warn("could not forget the parked data of {}; it is restored again at its next login", player, e);
            }
        });
    }

    /** WebSocket close code for a revoked session (RFC 6455 §7.4.2: 4000-4999 are the application's). */
    static final int CLOSE_REVOKED = 4003;
    /** WebSocket close code for a connection whose session was resumed on another one. */
    static final int CLOSE_SUPERSEDED = 4002;

    @Override
    public void close() {
        storage.shutdown();
        try {
            // The players parked at shutdown are written here: one store write each, retried on failure.
            storage.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
