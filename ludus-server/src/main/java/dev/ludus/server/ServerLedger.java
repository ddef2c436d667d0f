package dev.ludus.server;

import dev.ludus.arena.ArenaCatalogue;
import dev.ludus.platform.ledger.LedgerService;
import dev.ludus.platform.ledger.LedgerStoreException;
import dev.ludus.store.JdbcLedgerStore;
import dev.ludus.store.StoreConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's ledger: the database (H2 in the data directory, or {@code LUDUS_DB_URL}), the service
 * and its lane, and the admin key of the REST API ({@code LUDUS_ADMIN_KEY}, or a random one printed
 * at start). Opened before anything else starts, closed after the gateway stops.
 */
final class ServerLedger implements AutoCloseable {
    /** Environment variable with the REST API's bearer token. */
    static final String ENV_ADMIN_KEY = "LUDUS_ADMIN_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(ServerLedger.class);

    private final JdbcLedgerStore store;
    private final LedgerService service;
    private final String adminKey;

    private ServerLedger(JdbcLedgerStore store, LedgerService service, String adminKey) {
        this.store = store;
        this.service = service;
        this.adminKey = adminKey;
    }

    /**
     * @param dataDir  the data directory (H2's file goes in it unless {@code LUDUS_DB_URL} is set)
     * @param env      the environment
     * @param registry where the ledger's meters go
     * @return the running ledger
     * @throws ConfigException when the database cannot be opened or the admin key is too short
     */
    static ServerLedger open(Path dataDir, Map<String, String> env, MeterRegistry registry) {
        String adminKey = env.get(ENV_ADMIN_KEY);
        if (adminKey != null && adminKey.length() < 16) {
            throw new ConfigException(List.of(ENV_ADMIN_KEY + " : " + adminKey.length() + " characters (expected: at least 16)"));
        }
        StoreConfig config;
        try {
            config = StoreConfig.fromEnvironment(env, dataDir);
            if (config.url().startsWith("jdbc:h2:file:")) {
                Files.createDirectories(dataDir);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        } catch (IOException e) {
            throw new ConfigException(List.of("--data-dir : " + dataDir + " (expected: a writable directory; " + e + ")"));
        }
        JdbcLedgerStore store;
        try {
            store = JdbcLedgerStore.open(config);
        } catch (LedgerStoreException e) {
            throw new ConfigException(List.of("ledger database : " + e.getMessage()));
        }
        LedgerService service = new LedgerService(store, new ArenaCatalogue(), LedgerService.Settings.DEFAULT,
            new LedgerMetrics(registry));
        Gauge.builder("ludus.ledger.queue.depth", service, LedgerService::queueDepth)
            .description("Ledger transactions waiting for the lane").register(registry);
        service.start();
        LOG.info("Ledger: {}", store.describe());
        if (adminKey == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            adminKey = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("{} is not set; the REST API's admin key for this run is: {}", ENV_ADMIN_KEY, adminKey);
        }
        return new ServerLedger(store, service, adminKey);
    }

    LedgerService service() {
        return service;
    }

    String adminKey() {
        return adminKey;
    }

    /** Commits what is queued, then closes the pools. */
    @Override
    public void close() {
        service.close();
        store.close();
    }
}
