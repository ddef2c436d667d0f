package dev.ludus.platform.session;

import java.util.Objects;

/**
 * What a signed token says (the claims), once {@link SessionTokens#verify} has checked it.
 *
 * @param kind        an access token (resume, refresh) or a handoff token (transfer to another server)
 * @param sessionId   the session, URL-safe, 1-64 characters
 * @param player      the player's name
 * @param generation  the session's refresh count when issued, {@code >= 0}: a refresh makes older tokens
 *                    {@link SessionError#TOKEN_SUPERSEDED}
 * @param issuedAtMs  when it was issued, Unix milliseconds
 * @param expiresAtMs when it stops being accepted, Unix milliseconds, {@code > issuedAtMs}
 * @param audience    the server that must accept it: empty for an access token (any server of the cluster
 *                    that holds the session), the target server's id for a handoff
 * @param body        what the token carries besides (a handoff's {@link ParkedPlayer#encode() player data}),
 *                    may be empty, at most {@value SessionTokens#MAX_FIELD_BYTES} bytes of UTF-8
 */
public record SessionToken(Kind kind, String sessionId, String player, int generation, long issuedAtMs, long expiresAtMs,
                           String audience, String body) {

    /** What a token is for. */
    public enum Kind {
        /** Proves a player owns a session on the server that issued it: resume, refresh. */
        ACCESS,
        /** Carries a player to another server, once, without a new login. */
        HANDOFF
    }

    /**
     * @throws NullPointerException when a reference is null
     * @throws IllegalArgumentException when a field is out of its range
     */
    public SessionToken {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(body, "body");
        if (!sessionId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("sessionId : \"" + sessionId + "\" (expected: 1-64 characters of A-Z a-z 0-9 _ -)");
        }
        if (player.isEmpty() || generation < 0 || expiresAtMs <= issuedAtMs) {
            throw new IllegalArgumentException("player : \"" + player + "\", generation : " + generation + ", issued "
                + issuedAtMs + ", expires " + expiresAtMs + " (expected: a name, generation >= 0, expiry after issue)");
        }
    }
}
