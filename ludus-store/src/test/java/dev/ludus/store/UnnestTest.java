package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many rows in one statement on the embedded default (H2); the stores' contract tests run it on PostgreSQL too. */
class UnnestTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldInsertEveryRowOfEveryTypeInOneStatement() throws SQLException {
        StoreConfig config = StoreConfig.h2(dataDir);
        try (Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password())) {
            connection.createStatement().execute("CREATE TABLE t (name VARCHAR(8), big BIGINT, small INTEGER, ratio DOUBLE PRECISION, "
                + "flag BOOLEAN)");
            Unnest rows = new Unnest().column("name", "VARCHAR(8)").column("big", "BIGINT").column("small", "INTEGER")
                .column("ratio", "DOUBLE PRECISION").column("flag", "BOOLEAN");
            rows.row("a", 1L << 40, 7, 1.25, true);
            rows.row("b", -3L, 0, 0.5, false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (" + rows.columnList() + ") SELECT "
                + rows.columnList() + " FROM " + rows.rowsSql())) {
                rows.bind(connection, insert);
                assertThat(insert.executeUpdate()).isEqualTo(2);
            }
            List<String> read = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT * FROM t ORDER BY name")) {
                while (rs.next()) {
                    read.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getInt(3) + " " + rs.getDouble(4) + " " + rs.getBoolean(5));
                }
            }
            assertThat(read).containsExactly("a 1099511627776 7 1.25 true", "b -3 0 0.5 false");
        }
    }

    @Test
    void shouldRefuseATypeItCannotBindAndARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Unnest().column("at", "TIMESTAMP")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("sqlType : TIMESTAMP (expected: VARCHAR(n), BIGINT, INTEGER, DOUBLE PRECISION or BOOLEAN)");
        Unnest rows = new Unnest().column("a", "BIGINT").column("b", "BIGINT");
        assertThatThrownBy(() -> rows.row(1L)).isInstanceOf(IllegalArgumentException.class).hasMessage("row of 1 values (expected: 2)");
        assertThat(rows.rows()).isZero();
    }
}
