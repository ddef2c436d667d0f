package dev.ludus.platform.session;

import java.util.Objects;

/**
 * Session settings, checked once.
 *
 * @param serverId        this server's id in the cluster, 1-64 characters of {@code A-Z a-z 0-9 _ . : -}:
 *                        handoff tokens name the server that must accept them ({@code LUDUS_SERVER_ID})
 * @param graceMillis     how long a dropped connection's player stays in the world waiting for a resume,
 *                        milliseconds, {@code >= 0} (30,000 by default, issue 8; 0 parks at once)
 * @param tokenTtlMillis  how long an access token is accepted after it is issued or refreshed, milliseconds,
 *                        {@code >= 1,000} (one hour by default; clients refresh before it ends)
 * @param handoffTtlMillis how long a handoff token is accepted, milliseconds, {@code >= 1,000} (30,000 by default:
 *                        the client reconnects to the target at once)
 * @param eventsKept      reliable events kept per session for a resume, {@code >= 1} (1,024 by default: at 20
 *                        ticks per second and a few events per tick, more than a 30 s window needs)
 */
public record SessionConfig(String serverId, long graceMillis, long tokenTtlMillis, long handoffTtlMillis, int eventsKept) {
    /** The default grace window, milliseconds (issue 8). */
    public static final long DEFAULT_GRACE_MILLIS = 30_000;
    /** The default access token lifetime, milliseconds. */
    public static final long DEFAULT_TOKEN_TTL_MILLIS = 3_600_000;
    /** The default handoff token lifetime, milliseconds. */
    public static final long DEFAULT_HANDOFF_TTL_MILLIS = 30_000;
    /** The default number of reliable events kept per session. */
    public static final int DEFAULT_EVENTS_KEPT = 1024;

    /**
     * @throws NullPointerException when the server id is null
     * @throws IllegalArgumentException when a value is out of its range
     */
    public SessionConfig {
        Objects.requireNonNull(serverId, "serverId");
        if (!serverId.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("LUDUS_SERVER_ID : \"" + serverId
                + "\" (expected: 1-64 characters of A-Z a-z 0-9 _ . : -)");
        }
        if (graceMillis < 0) {
            throw new IllegalArgumentException("LUDUS_SESSION_GRACE_MILLIS : " + graceMillis + " (expected: >= 0)");
        }
        if (tokenTtlMillis < 1000 || handoffTtlMillis < 1000) {
            throw new IllegalArgumentException("token lifetimes : " + tokenTtlMillis + ", " + handoffTtlMillis
                + " ms (expected: >= 1000)");
        }
        if (eventsKept < 1) {
            throw new IllegalArgumentException("eventsKept : " + eventsKept + " (expected: >= 1)");
        }
    }

    /**
     * @param serverId this server's id
     * @return the defaults for that server
     */
    public static SessionConfig defaults(String serverId) {
        return new SessionConfig(serverId, DEFAULT_GRACE_MILLIS, DEFAULT_TOKEN_TTL_MILLIS, DEFAULT_HANDOFF_TTL_MILLIS,
            DEFAULT_EVENTS_KEPT);
    }
}
