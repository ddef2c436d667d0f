package dev.ludus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ludus.platform.session.ParkedPlayer;
import dev.ludus.platform.session.ParkedPlayerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Parked players on the server's database (H2 or PostgreSQL, same SQL, schema
 * {@code V200__parked_players.sql}), behind {@link ParkedPlayerStore}: one row per player name (matched
 * ignoring case), replaced by a save in one transaction. Its own pool of two connections, so parking never
 * takes a connection from the ledger's lane. Thread-safe. Failures are {@link IllegalStateException}s
 * naming the database; nothing is half written.
 */
public final class JdbcParkedPlayerStore implements ParkedPlayerStore, AutoCloseable {
    private final StoreConfig config;
    private final HikariDataSource pool;

    private JdbcParkedPlayerStore(StoreConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /**
     * Opens a pool and brings the schema up to date (Flyway, the ledger's migrations and this one).
     *
     * @param config where the database is
     * @return the store
     * @throws IllegalStateException when the database cannot be reached or migrated
     */
    public static JdbcParkedPlayerStore open(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        HikariDataSource pool = null;
        try {
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("ludus-sessions");
            hikari.setJdbcUrl(config.url());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
            // Two: Flyway holds one for its lock while it migrates on the other.
            hikari.setMaximumPoolSize(2);
            hikari.setMinimumIdle(1);
            hikari.setConnectionTimeout(1000);
            pool = new HikariDataSource(hikari);
            JdbcLedgerStore.migrate(pool);
            return new JdbcParkedPlayerStore(config, pool);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new IllegalStateException("cannot open the session database " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(ParkedPlayer player) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parked_player WHERE player_key = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO parked_player (player_key, player, x_metres, "
                     + "y_metres, health, inventory, parked_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, key(player.player()));
                delete.executeUpdate();
                insert.setString(1, key(player.player()));
                insert.setString(2, player.player());
                insert.setDouble(3, player.xMetres());
                insert.setDouble(4, player.yMetres());
                insert.setInt(5, player.health());
                insert.setString(6, player.inventoryText());
                insert.setLong(7, System.currentTimeMillis());
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("park " + player.player(), e);
        }
    }

    @Override
    public Optional<ParkedPlayer> load(String player) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT player, x_metres, y_metres, health, inventory "
                 + "FROM parked_player WHERE player_key = ?")) {
            select.setString(1, key(player));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                // The constructor checks every range again: a hand-edited row cannot put a bad player in the world.
                return Optional.of(new ParkedPlayer(row.getString(1), row.getDouble(2), row.getDouble(3), row.getInt(4),
                    ParkedPlayer.parseInventory(row.getString(5))));
            }
        } catch (SQLException e) {
            throw failure("read the parked data of " + player, e);
        }
    }

    @Override
    public void remove(String player) {
        try (Connection connection = pool.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM parked_player WHERE player_key = ?")) {
            delete.setString(1, key(player));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("forget the parked data of " + player, e);
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " on " + config.describe() + ": " + e.getMessage(), e);
    }

    private static String key(String player) {
        return player.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        pool.close();
    }
}
