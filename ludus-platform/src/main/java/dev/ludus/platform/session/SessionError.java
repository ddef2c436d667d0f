package dev.ludus.platform.session;

import java.util.Locale;

/**
 * Why a session operation was refused: a stable wire code (the lower-case name) for clients.
 */
public enum SessionError {
    /** The token is not a token this server could have issued: wrong shape, version or encoding. */
    TOKEN_MALFORMED,
    /** The token's signature does not verify under this server's key (forged or altered, or another cluster's). */
    TOKEN_INVALID,
    /** The token's expiry has passed; log in again (an access token) or ask the first server again (a handoff). */
    TOKEN_EXPIRED,
    /** The token is older than the session's latest refresh; use the newest one. */
    TOKEN_SUPERSEDED,
    /** The session was revoked by an operator; it never resumes. */
    SESSION_REVOKED,
    /** No session with that id is live here: it ended (logout, kick, transfer) or its grace window passed. */
    SESSION_UNKNOWN,
    /** {@code lastEventSeq} is ahead of the last event the session sent. */
    RESUME_AHEAD,
    /** Events after {@code lastEventSeq} are no longer kept; log in again for a fresh state. */
    RESUME_GAP,
    /** A handoff token addressed to another server. */
    HANDOFF_WRONG_SERVER,
    /** A handoff token presented a second time. */
    HANDOFF_USED,
    /** An access token where a handoff token is expected, or the other way round. */
    TOKEN_WRONG_KIND,
    /** The operation needs a connected session (e.g. a transfer of a player whose connection is down). */
    SESSION_DETACHED;

    /** @return the stable wire code, e.g. {@code token_expired} */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
