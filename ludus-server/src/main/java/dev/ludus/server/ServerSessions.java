package dev.ludus.server;

import dev.ludus.net.Gateway;
import dev.ludus.platform.session.InMemoryParkedPlayerStore;
import dev.ludus.platform.session.ParkedPlayerStore;
import dev.ludus.platform.session.SessionConfig;
import dev.ludus.platform.session.SessionTokens;
import dev.ludus.store.JdbcParkedPlayerStore;
import dev.ludus.store.StoreConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires sessions (docs/protocol.md §19, docs/operations.md) from the environment: the server's id, the
 * token key shared by the cluster, the grace window, token lifetime and stale-connection timeout, and
 * the parked-player store (the server's database with a data directory, else memory). Secrets such as
 * the key stay out of the configuration tree.
 */
final class ServerSessions implements AutoCloseable {
    /** This server's id in the cluster (handoff tokens name it). */
    static final String ENV_SERVER_ID = "LUDUS_SERVER_ID";
    /** The HMAC-SHA256 key, base64 of at least 32 bytes, the same on every server that must accept another's tokens. */
    static final String ENV_SESSION_KEY = "LUDUS_SESSION_KEY";
    /** The grace window, milliseconds (0: a dropped connection's player leaves at once). */
    static final String ENV_GRACE = "LUDUS_SESSION_GRACE_MILLIS";
    /** Access token lifetime, milliseconds. */
    static final String ENV_TOKEN_TTL = "LUDUS_SESSION_TOKEN_TTL_MILLIS";
    /** Close a connection silent for this long, milliseconds (0: never). */
    static final String ENV_STALE = "LUDUS_STALE_TIMEOUT_MILLIS";
    /** The default stale timeout: 20 missed RTT probes at the default ping interval of 1 s. */
    static final long DEFAULT_STALE_TIMEOUT_MILLIS = 20_000;
    /** Every variable this class reads. */
    static final List<String> VARIABLES = List.of(ENV_SERVER_ID, ENV_SESSION_KEY, ENV_GRACE, ENV_TOKEN_TTL, ENV_STALE);
    private static final Logger LOG = LoggerFactory.getLogger(ServerSessions.class);

    private final JdbcParkedPlayerStore jdbcStore;

    private ServerSessions(JdbcParkedPlayerStore jdbcStore) {
        this.jdbcStore = jdbcStore;
    }

    /**
     * @param gateway the gateway to set up
     * @param env     the environment
     * @param dataDir the data directory (parked players in its database), or null (in memory)
     * @return the wiring, to close at shutdown
     * @throws ConfigException naming every variable out of range, or the database that cannot be opened
     */
    static ServerSessions configure(Gateway gateway, Map<String, String> env, Path dataDir) {
        List<String> problems = new ArrayList<>();
        String serverId = env.getOrDefault(ENV_SERVER_ID, "local");
        long grace = number(env, ENV_GRACE, SessionConfig.DEFAULT_GRACE_MILLIS, problems);
        long ttl = number(env, ENV_TOKEN_TTL, SessionConfig.DEFAULT_TOKEN_TTL_MILLIS, problems);
        long stale = number(env, ENV_STALE, DEFAULT_STALE_TIMEOUT_MILLIS, problems);
        SessionConfig config = null;
        SessionTokens tokens = null;
        try {
            config = new SessionConfig(serverId, grace, ttl, SessionConfig.DEFAULT_HANDOFF_TTL_MILLIS, SessionConfig.DEFAULT_EVENTS_KEPT);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String key = env.get(ENV_SESSION_KEY);
        try {
            tokens = key == null ? SessionTokens.random(new SecureRandom()) : SessionTokens.fromBase64(key);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (stale < 0) {
            problems.add(ENV_STALE + " : " + stale + " (expected: >= 0)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (key == null) {
            LOG.info("{} is not set: session tokens are signed with a key of this process only (a restart or another "
                + "server refuses them)", ENV_SESSION_KEY);
        }
        JdbcParkedPlayerStore jdbc = null;
        ParkedPlayerStore store = new InMemoryParkedPlayerStore();
        if (dataDir != null) {
            try {
                jdbc = JdbcParkedPlayerStore.open(StoreConfig.fromEnvironment(env, dataDir));
                store = jdbc;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ConfigException(List.of("session database : " + e.getMessage()));
            }
        }
        gateway.sessions(config, tokens, store, stale);
        LOG.info("Sessions: server {}, grace window {} ms, tokens valid {} ms, stale after {} ms, parked players in {}",
            serverId, grace, ttl, stale, jdbc != null ? "the database" : "memory");
        return new ServerSessions(jdbc);
    }

    private static long number(Map<String, String> env, String name, long fallback, List<String> problems) {
        String text = env.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problems.add(name + " : \"" + text + "\" (expected: a whole number of milliseconds)");
            return fallback;
        }
    }

    @Override
    public void close() {
        if (jdbcStore != null) {
            jdbcStore.close();
        }
    }
}
