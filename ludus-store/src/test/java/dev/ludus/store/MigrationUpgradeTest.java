package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of an earlier release is brought up to date in place: Flyway refuses a pending migration
 * numbered below one already applied, so every new migration must be numbered above the highest
 * released one (V200, parked players, was the last of the release before this one).
 */
class MigrationUpgradeTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldUpgradeADatabaseOfThePreviousReleaseInPlace() throws SQLException {
        StoreConfig config = StoreConfig.h2(dataDir);
        Flyway.configure().dataSource(config.url(), config.user(), config.password())
            .locations("classpath:db/migration").target("200").load().migrate();

        try (JdbcLedgerStore store = JdbcLedgerStore.open(config)) {
            assertThat(store).isNotNull();
        }

        List<String> applied = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password());
             ResultSet rows = connection.createStatement().executeQuery(
                 "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
        }
        assertThat(applied).containsExactly("1", "100", "101", "200", "201", "202", "203");
    }
}
