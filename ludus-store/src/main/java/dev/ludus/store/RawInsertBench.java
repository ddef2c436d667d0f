package dev.ludus.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's raw durable insert rate, the yardstick of {@code ludus ledger bench}: {@code threads}
 * connections each insert one small row and commit, in a loop, for the given time (the JDBC-loop
 * peer of pgbench's insert-only script). Uses a scratch table {@code bench_raw}, dropped afterwards.
 */
public final class RawInsertBench {
    private RawInsertBench() {
    }

    /**
     * @param config   the database
     * @param millis   how long to insert, milliseconds
     * @param threads  concurrent connections, {@code >= 1}
     * @return committed inserts per second
     * @throws SQLException when the database fails
     * @throws InterruptedException when interrupted
     */
    public static double insertsPerSecond(StoreConfig config, long millis, int threads) throws SQLException, InterruptedException {
        try (Connection setup = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_raw");
            statement.execute("CREATE TABLE bench_raw (id BIGINT NOT NULL PRIMARY KEY, worker INTEGER NOT NULL, payload VARCHAR(64) NOT NULL)");
        }
        AtomicLong inserted = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        long deadline = System.nanoTime() + millis * 1_000_000L;
        Thread[] workers = new Thread[threads];
        SQLException[] failure = new SQLException[1];
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers[w] = Thread.ofPlatform().name("raw-insert-" + w).start(() -> {
                try (Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password());
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_raw VALUES (?, ?, ?)")) {
                    connection.setAutoCommit(false);
                    while (System.nanoTime() < deadline) {
                        insert.setLong(1, ids.incrementAndGet());
                        insert.setInt(2, worker);
                        insert.setString(3, "0123456789abcdef0123456789abcdef");
                        insert.executeUpdate();
                        connection.commit();
                        inserted.incrementAndGet();
                    }
                } catch (SQLException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        try (Connection cleanup = DriverManager.getConnection(config.url(), config.user(), config.password());
             Statement statement = cleanup.createStatement()) {
            statement.execute("DROP TABLE bench_raw");
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return inserted.get() * 1000.0 / millis;
    }
}
