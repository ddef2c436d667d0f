package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, leaves 30 % of each page of the two tables updated on every settled task ({@code activity_task}, a task's
 * end; {@code ledger_balance}, a credit) free, so that an update can put the row's new version on the same page: a
 * heap-only tuple, which writes none of the table's indexes ({@code activity_task} has three). PostgreSQL fills pages to
 * 100 % by default, so each such update otherwise inserts into every index. Measured (benchmarks §16): the four writes
 * per task of 100,000 tasks ({@code ludus activity floor --form unnest}) took 2.2 s with the default and 1.8 s with 70 %;
 * the settling of 100,000 tasks ({@code ludus activity bench --warmup 100000}) 3.9 to 4.5 s against 4.5 to 4.7 s.
 *
 * <p>The setting applies to pages written from now on (existing pages are not rewritten; {@code VACUUM FULL} would).
 * Nothing to do on H2, whose storage has no such setting: the migration is recorded there and does nothing, so both
 * databases keep one version history. A Java migration because the statement is PostgreSQL's alone, and the SQL
 * migrations are portable.
 */
public final class V202__Postgres_fill_factor extends BaseJavaMigration {
    /** Percent of each page filled by inserts; the rest is left for new versions of updated rows. */
    static final int FILL_FACTOR = 70;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE activity_task SET (fillfactor = " + FILL_FACTOR + ")");
            statement.execute("ALTER TABLE ledger_balance SET (fillfactor = " + FILL_FACTOR + ")");
        }
    }
}
