package dev.ludus.platform.session;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions of one server (DESIGN.md: sessions; issue 8): opens them at login and signs their
 * tokens, numbers and keeps each session's reliable events, detaches a session when its connection
 * drops and resumes it on a new connection within the grace window, refreshes and revokes tokens,
 * ends the sessions whose window passed (the caller parks their players), and issues and accepts the
 * handoff tokens that carry a player to another server.
 *
 * <p>Thread-safe: any connection's thread may call it. Each session's changes hold that session's
 * monitor; the registry's maps are concurrent. {@link Delivery#deliver} runs under the session's
 * monitor and must not block (hand the event to the connection's own thread).
 *
 * @param <E> the event type (the gateway's server messages)
 * @param <C> the connection type (the gateway's connection handle)
 */
public final class SessionRegistry<E, C> {
    /**
     * Hands a numbered event to a connection.
     *
     * @param <E> the event type
     * @param <C> the connection type
     */
    @FunctionalInterface
    public interface Delivery<E, C> {
        /**
         * @param connection the session's current connection
         * @param seq        the event's number
         * @param event      the event
         */
        void deliver(C connection, long seq, E event);
    }

    /**
     * A session just opened. @param <E> events @param <C> connections
     *
     * @param session     the session
     * @param token       its first access token
     * @param expiresAtMs when that token expires, Unix milliseconds
     */
    public record Opened<E, C>(Session<E, C> session, String token, long expiresAtMs) {
    }

    /**
     * A session resumed on a new connection. @param <E> events @param <C> connections
     *
     * @param session  the session, now bound to the new connection
     * @param previous the connection it was still bound to (a half-open socket the server had not noticed
     *                 dropping), which the caller closes; null when it was detached
     * @param missed   the events after the client's {@code lastEventSeq}, in order, to send before any live one
     */
    public record Resumed<E, C>(Session<E, C> session, C previous, List<Session.Numbered<E>> missed) {
    }

    private static final int SESSION_ID_BYTES = 12;

    private final SessionTokens tokens;
    private final SessionConfig config;
    private final Delivery<E, C> delivery;
    private final SecureRandom random;
    private final Map<String, Session<E, C>> byId = new ConcurrentHashMap<>();
    private final Map<String, Session<E, C>> byPlayer = new ConcurrentHashMap<>();
    /** Revoked session ids, until their last token would have expired anyway (Unix milliseconds). */
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();
    /** Handoff tokens already accepted, until they expire (Unix milliseconds): each carries a player once. */
    private final Map<String, Long> handoffsUsed = new ConcurrentHashMap<>();

    /**
     * @param tokens   signs and verifies tokens
     * @param config   the settings
     * @param delivery hands numbered events to connections
     * @param random   where session ids come from
     */
    public SessionRegistry(SessionTokens tokens, SessionConfig config, Delivery<E, C> delivery, SecureRandom random) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.config = Objects.requireNonNull(config, "config");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @return the settings */
    public SessionConfig config() {
        return config;
    }

    /**
     * Opens a session for a player the world has just let in.
     *
     * @param player          the player's name
     * @param simConnectionId the connection id the world knows it by
     * @param entityId        its entity
     * @param connection      its connection
     * @param nowMs           the current time, Unix milliseconds
     * @return the session and its first token
     */
    public Opened<E, C> open(String player, long simConnectionId, long entityId, C connection, long nowMs) {
        Session<E, C> session = new Session<>(newId(), player,
            simConnectionId, entityId, connection, config.eventsKept());
        byId.put(session.id(), session);
        byPlayer.put(key(player), session);
        long expires = nowMs + config.tokenTtlMillis();
        return new Opened<>(session, accessToken(session, 0, nowMs, expires), expires);
    }

    /**
     * Numbers a reliable event, keeps it for a resume, and delivers it when the session is online.
     *
     * @param session the session
     * @param event   the event
     * @return its number, or -1 when the session has ended (the event is dropped: nobody can receive it)
     */
    public long send(Session<E, C> session, E event) {
        synchronized (session) {
            if (session.state() == Session.State.ENDED) {
                return -1;
            }
            long seq = session.append(event);
            C connection = session.connection();
            if (connection != null) {
                delivery.deliver(connection, seq, event);
            }
            return seq;
        }
    }

    /**
     * The session's connection dropped: the player stays in the world, its events are kept, and a
     * resume may bind it to a new connection until the grace window ends.
     *
     * @param session    the session
     * @param connection the connection that dropped
     * @param nowNanos   a monotonic clock, nanoseconds
     * @return false when that connection is no longer the session's (it was resumed elsewhere, or ended)
     */
    public boolean detach(Session<E, C> session, C connection, long nowNanos) {
        synchronized (session) {
            if (session.state() != Session.State.ONLINE || session.connection() != connection) {
                return false;
            }
            session.detach(nowNanos);
            return true;
        }
    }

    /**
     * Binds a session to a new connection: checks the token and the event number, and returns the
     * events the client missed. When the session is still bound to another connection, that one is
     * superseded (returned so the caller closes it).
     *
     * @param token        the session's access token
     * @param lastEventSeq the number of the last event the client processed, {@code >= 0} (0: none)
     * @param connection   the new connection
     * @param nowMs        the current time, Unix milliseconds
     * @return the session, the superseded connection and the missed events
     * @throws SessionException a token error ({@link SessionTokens#verify}), {@link SessionError#TOKEN_WRONG_KIND},
     *     {@link SessionError#SESSION_REVOKED}, {@link SessionError#SESSION_UNKNOWN},
     *     {@link SessionError#TOKEN_SUPERSEDED}, {@link SessionError#RESUME_AHEAD} or {@link SessionError#RESUME_GAP};
     *     the session is unchanged
     */
    public Resumed<E, C> resume(String token, long lastEventSeq, C connection, long nowMs) {
        SessionToken claims = accessClaims(token, nowMs);
        Session<E, C> session = byId.get(claims.sessionId());
        if (session == null) {
            throw unknown(claims.sessionId());
        }
        synchronized (session) {
            if (session.state() == Session.State.ENDED) {
                throw unknown(session.id());
            }
            // Under the lock: a refresh racing this resume either came first (this token is superseded) or comes after.
            if (claims.generation() != session.generation()) {
                throw new SessionException(SessionError.TOKEN_SUPERSEDED, "token generation " + claims.generation()
                    + " (expected: " + session.generation() + ", the latest refresh)");
            }
            List<Session.Numbered<E>> missed = session.since(lastEventSeq);
            C previous = session.connection();
            session.attach(connection);
            return new Resumed<>(session, previous, missed);
        }
    }

    /**
     * Issues a new access token for a live session, to the connection that carries it; older tokens are superseded.
     *
     * @param session    the session
     * @param connection the connection asking, which must be the one the session is bound to
     * @param nowMs      the current time, Unix milliseconds
     * @return the new token and its expiry
     * @throws SessionException {@link SessionError#SESSION_UNKNOWN} when the session has ended or another connection
     *     carries it now (a late refresh on a superseded connection must not supersede the token its new connection holds)
     */
    public Opened<E, C> refresh(Session<E, C> session, C connection, long nowMs) {
        synchronized (session) {
            if (session.state() == Session.State.ENDED) {
                throw unknown(session.id());
            }
            if (session.connection() != connection) {
                throw new SessionException(SessionError.SESSION_UNKNOWN, "session " + session.id()
                    + " is not carried by this connection any more (resumed on another)");
            }
            long expires = nowMs + config.tokenTtlMillis();
            return new Opened<>(session, accessToken(session, session.nextGeneration(), nowMs, expires), expires);
        }
    }

    /**
     * Revokes a player's session: it ends now and none of its tokens works again, on any connection.
     *
     * @param player the player's name (any case)
     * @param nowMs  the current time, Unix milliseconds
     * @return the session revoked (its {@link Session#connection()} is now null; the connection it had is
     *     in {@link Resumed#previous()}), or empty when the player has no session
     */
    public Optional<Resumed<E, C>> revoke(String player, long nowMs) {
        Session<E, C> session = byPlayer.get(key(player));
        if (session == null) {
            return Optional.empty();
        }
        C last;
        synchronized (session) {
            last = session.end();
        }
        revoked.put(session.id(), nowMs + config.tokenTtlMillis());
        forget(session);
        return Optional.of(new Resumed<>(session, last, List.of()));
    }

    /**
     * Ends a session normally (the player left, was kicked or transferred); its tokens stop working.
     *
     * @param session the session
     * @return the connection it was bound to, or null
     */
    public C end(Session<E, C> session) {
        C last;
        synchronized (session) {
            last = session.end();
        }
        forget(session);
        return last;
    }

    /**
     * Ends the detached sessions whose grace window has passed, and forgets revocations and used handoffs
     * whose tokens have expired anyway.
     *
     * @param nowNanos a monotonic clock, nanoseconds (the clock {@link #detach} was given)
     * @param nowMs    the current time, Unix milliseconds
     * @return the sessions ended, whose players the caller takes out of the world and parks
     */
    public List<Session<E, C>> expire(long nowNanos, long nowMs) {
        long graceNanos = config.graceMillis() * 1_000_000L;
        List<Session<E, C>> ended = new ArrayList<>();
        for (Session<E, C> session : byId.values()) {
            synchronized (session) {
                if (session.state() != Session.State.DETACHED || nowNanos - session.detachedAtNanos() < graceNanos) {
                    continue;
                }
                session.end();
            }
            forget(session);
            ended.add(session);
        }
        revoked.values().removeIf(until -> until <= nowMs);
        handoffsUsed.values().removeIf(until -> until <= nowMs);
        return ended;
    }

    /**
     * @param player the player's name (any case)
     * @return its live session, or empty
     */
    public Optional<Session<E, C>> find(String player) {
        return Optional.ofNullable(byPlayer.get(key(player)));
    }

    /** @return live sessions (online or detached) */
    public int size() {
        return byId.size();
    }

    /** @return live sessions whose connection is down */
    public int detached() {
        int count = 0;
        for (Session<E, C> session : byId.values()) {
            if (session.state() == Session.State.DETACHED) {
                count++;
            }
        }
        return count;
    }

    /**
     * Signs a handoff token that carries a player to another server.
     *
     * @param player   the player's data, taken out of this server's world
     * @param serverId the server that must accept it
     * @param nowMs    the current time, Unix milliseconds
     * @return the token
     */
    public String handoff(ParkedPlayer player, String serverId, long nowMs) {
        return tokens.sign(new SessionToken(SessionToken.Kind.HANDOFF, newId(), player.player(), 0, nowMs,
            nowMs + config.handoffTtlMillis(), serverId, player.encode()));
    }

    /**
     * Accepts a handoff token addressed to this server, once.
     *
     * @param token the token
     * @param nowMs the current time, Unix milliseconds
     * @return the player it carries
     * @throws SessionException a token error, {@link SessionError#TOKEN_WRONG_KIND},
     *     {@link SessionError#HANDOFF_WRONG_SERVER} or {@link SessionError#HANDOFF_USED}
     */
    public ParkedPlayer acceptHandoff(String token, long nowMs) {
        SessionToken claims = tokens.verify(token, nowMs);
        if (claims.kind() != SessionToken.Kind.HANDOFF) {
            throw new SessionException(SessionError.TOKEN_WRONG_KIND, "expected a handoff token, got an access token");
        }
        if (!claims.audience().equals(config.serverId())) {
            throw new SessionException(SessionError.HANDOFF_WRONG_SERVER, "the handoff is for server \""
                + claims.audience() + "\", this is \"" + config.serverId() + "\"");
        }
        ParkedPlayer player;
        try {
            player = ParkedPlayer.decode(claims.player(), claims.body());
        } catch (IllegalArgumentException e) {
            throw new SessionException(SessionError.TOKEN_MALFORMED, "handoff body : " + e.getMessage());
        }
        if (handoffsUsed.putIfAbsent(claims.sessionId(), claims.expiresAtMs()) != null) {
            throw new SessionException(SessionError.HANDOFF_USED, "this handoff token was already used");
        }
        return player;
    }

    /**
     * Gives back a handoff token that was accepted but whose player this server then could not let in
     * (its name taken, the world full), so the client may present it again before it expires and the
     * player's data is not lost.
     *
     * @param token the token {@link #acceptHandoff} accepted
     * @param nowMs the current time, Unix milliseconds
     * @throws SessionException a token error when it is not a valid token any more (expired: nothing to give back)
     */
    public void releaseHandoff(String token, long nowMs) {
        handoffsUsed.remove(tokens.verify(token, nowMs).sessionId());
    }

    /** @return the claims of a valid, unrevoked access token */
    private SessionToken accessClaims(String token, long nowMs) {
        SessionToken claims = tokens.verify(token, nowMs);
        if (claims.kind() != SessionToken.Kind.ACCESS) {
            throw new SessionException(SessionError.TOKEN_WRONG_KIND, "expected an access token, got a handoff token");
        }
        if (revoked.containsKey(claims.sessionId())) {
            throw new SessionException(SessionError.SESSION_REVOKED, "session " + claims.sessionId() + " was revoked");
        }
        return claims;
    }

    /** @return a random id of {@value #SESSION_ID_BYTES} bytes, base64url: 16 characters */
    private String newId() {
        byte[] bytes = new byte[SESSION_ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String accessToken(Session<E, C> session, int generation, long nowMs, long expiresAtMs) {
        return tokens.sign(new SessionToken(SessionToken.Kind.ACCESS, session.id(), session.player(), generation, nowMs,
            expiresAtMs, "", ""));
    }

    private void forget(Session<E, C> session) {
        byId.remove(session.id(), session);
        byPlayer.remove(key(session.player()), session);
    }

    private static SessionException unknown(String id) {
        return new SessionException(SessionError.SESSION_UNKNOWN, "session " + id
            + " is not live here (it ended, or its grace window passed)");
    }

    private static String key(String player) {
        return player.toLowerCase(Locale.ROOT);
    }
}
