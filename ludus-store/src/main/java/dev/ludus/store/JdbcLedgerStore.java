package dev.ludus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ludus.platform.ledger.Account;
import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.JournalEntry;
import dev.ludus.platform.ledger.LedgerStore;
import dev.ludus.platform.ledger.LedgerStoreException;
import dev.ludus.platform.ledger.Posting;
import dev.ludus.platform.ledger.Receipt;
import dev.ludus.platform.ledger.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The ledger on a relational database (H2 or PostgreSQL, same SQL), behind {@link LedgerStore}.
 *
 * <p>One database transaction per {@link #commit(List) batch} (group commit): the journal head's row
 * is locked, which serialises writers; the batch's idempotency keys, players and the balances of the
 * accounts it touches are read in one query each; each ledger transaction is then checked in order
 * against the running balances (a player balance below zero or any beyond 10^15 refuses that
 * transaction alone, leaving no trace); every changed balance is written once, all of them in one
 * compare-and-set {@code MERGE} that also restates the account's rule in SQL (a row that changed under
 * the batch fails it); the committed transactions' journal entries (each carrying its idempotency key)
 * are inserted in one JDBC batch, their postings and settlement items in one statement per table
 * ({@link Unnest}); the head is moved and the database transaction commits, and only then are outcomes
 * returned. A dozen statements per batch plus the key lookups ({@value #IN_CHUNK} keys a statement),
 * whatever its size. Any SQL failure rolls the whole batch back and throws {@link LedgerStoreException}.
 *
 * <p>Two HikariCP pools: a small one for the ledger's write lane (financial work never waits behind
 * reads) and one for reads. Thread-safe.
 */
public final class JdbcLedgerStore implements LedgerStore {
    private static final String SELECT_HEAD = "SELECT last_seq, last_hash FROM ledger_head WHERE id = 1";
    private static final String BY_KEYS = "SELECT seq, tx_id, idem_key, fingerprint, kind, player, detail, created_ms, "
        + "prev_hash, entry_hash FROM ledger_journal WHERE idem_key IN (";
    private static final String PLAYER_EXISTS = "SELECT 1 FROM ledger_player WHERE name = ?";
    // The compare-and-set of changed balances, restating the account's rule: the row must still hold the balance read at the
    // start of the batch and the new one must lie within [lowest, highest].
    private static final String MERGE_BALANCES_USING = "MERGE INTO ledger_balance b USING ";
    private static final String MERGE_BALANCES_ON = " ON b.holder = v.holder AND b.asset = v.asset WHEN MATCHED AND b.balance = v.old_balance "
        + "AND v.lowest <= v.new_balance AND v.new_balance <= v.highest THEN UPDATE SET balance = v.new_balance";
    private static final String INSERT_ENTRY = "INSERT INTO ledger_journal (seq, tx_id, idem_key, fingerprint, kind, "
        + "player, detail, created_ms, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MOVE_HEAD = "UPDATE ledger_head SET last_seq = ?, last_hash = ? WHERE id = 1 AND last_seq = ?";
    private static final String POSTINGS_OF = "SELECT seq, holder, asset, amount FROM ledger_posting "
        + "WHERE seq >= ? AND seq <= ? ORDER BY seq, idx";
    private static final String ITEMS_OF = "SELECT seq, item_key, player, detail, grants FROM ledger_item "
        + "WHERE seq >= ? AND seq <= ? ORDER BY seq, idx";
    // No join to the journal here: H2 would drive it from the journal side and test every item of every settlement.
    private static final String ITEMS_BY_KEYS = "SELECT item_key, seq, player, detail, grants FROM ledger_item WHERE item_key IN (";
    private static final String TX_ID_AT = "SELECT tx_id FROM ledger_journal WHERE seq = ?";
    private static final int PAGE = 1000;
    /**
     * Most values in one {@code IN (...)} list. H2 2.5 stops probing the index and tests every row against a list of
     * 1,000 (a profile of {@code ludus activity bench}); PostgreSQL 15 seq-scans tables it has not analysed yet (a fresh
     * database filling up: ledger_item, ledger_balance) for a list of 100 and probes the index for 50 or fewer.
     */
    private static final int IN_CHUNK = 32;
    /** Most player names remembered as registered; past it the memory starts again empty (a cache, never the truth). */
    static final int KNOWN_PLAYERS_MAX = 1_000_000;

    /** A settlement's item and where it was credited (the transaction id is read only when a receipt needs it: null until then). */
    private record Located(long seq, String transactionId, JournalEntry.Item item) { }

    private final StoreConfig config;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    /**
     * Players seen registered. Players are never deleted, so a name here needs no lookup in a commit; a name not here is
     * looked up (a settlement of players credited before then reads no player rows).
     */
    private final java.util.Set<String> knownPlayers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private JdbcLedgerStore(StoreConfig config, HikariDataSource writePool, HikariDataSource readPool) {
        this.config = config;
        this.writePool = writePool;
        this.readPool = readPool;
    }

    /**
     * Opens the pools and brings the schema up to date (Flyway, {@code classpath:db/migration}).
     *
     * @param config where the database is
     * @return the store
     * @throws LedgerStoreException when the database cannot be reached or migrated
     */
    public static JdbcLedgerStore open(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        HikariDataSource write = null;
        HikariDataSource read = null;
        try {
            write = pool(config, "ludus-ledger-write", config.writePoolSize(), true);
            read = pool(config, "ludus-ledger-read", config.readPoolSize(), false);
            migrate(write);
            return new JdbcLedgerStore(config, write, read);
        } catch (RuntimeException e) {
            if (read != null) {
                read.close();
            }
            if (write != null) {
                write.close();
            }
            throw new LedgerStoreException("cannot open the ledger database " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies pending migrations.
     *
     * @param dataSource the database
     */
    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /**
     * The session settings of a pool on PostgreSQL (the driver's {@code options} property).
     *
     * <p>{@code plan_cache_mode=force_custom_plan}: the driver turns a statement run 5 times into a prepared one, and
     * PostgreSQL may then keep a generic plan chosen while the ledger's tables were nearly empty. Plans made for the
     * parameters and the tables' current size instead: ludus activity bench's 20,000 tasks on a fresh database settled
     * in 6.4 s with this, 14.8 s without.
     *
     * <p>{@code enable_seqscan=off}, for a pool whose statements all look rows up by a key (the write pool): until
     * autovacuum first analyses a table that grows from empty (a fresh deployment's first minutes), PostgreSQL has no
     * statistics for its key columns and takes 0.5 % of the rows per value of an {@code IN} list ({@code DEFAULT_EQ_SEL}
     * in its selectivity code), so a list of 32 looks like 16 % of the table and gets a sequential scan: 3,128 of them
     * reading 137 million rows of {@code ledger_balance} in one 29 s run of 100,000 tasks, against 2 scans and 12 s
     * with the setting (benchmarks §16). The setting only penalises sequential scans (one still runs where nothing
     * else can); the read pool, which also reads whole tables for audits, keeps the default.
     *
     * @param keyedOnly whether every statement on the pool looks rows up by a key
     * @return the value of the driver's {@code options} property
     */
    static String postgresOptions(boolean keyedOnly) {
        return "-c plan_cache_mode=force_custom_plan" + (keyedOnly ? " -c enable_seqscan=off" : "");
    }

    /**
     * @param keyedOnly whether every statement on the pool looks rows up by a key (the write pool), see
     *                  {@link #postgresOptions}
     */
    private static HikariDataSource pool(StoreConfig config, String name, int size, boolean keyedOnly) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        // A database that is down answers fast, so the lane's retries and the 503 come in about a second.
        hikari.setConnectionTimeout(500);
        hikari.setValidationTimeout(250);
        hikari.setAutoCommit(true);
        if (config.url().startsWith("jdbc:postgresql:")) {
            // One multi-row INSERT per JDBC batch instead of one round trip per row.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.addDataSourceProperty("options", postgresOptions(keyedOnly));
        }
        return new HikariDataSource(hikari);
    }

    /** @return where the database is, without secrets */
    public String describe() {
        return config.describe();
    }

    @Override
    public List<Outcome> commit(List<Transaction> batch) {
        try (Connection connection = writePool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Outcome> outcomes = commit(connection, batch);
                connection.commit();
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("commit of " + batch.size() + " transactions failed: " + e.getMessage(), e);
        }
    }

    private List<Outcome> commit(Connection connection, List<Transaction> batch) throws SQLException {
        long seq;
        String hash;
        try (PreparedStatement head = connection.prepareStatement(SELECT_HEAD + " FOR UPDATE");
             ResultSet rs = head.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("ledger_head has no row (was the schema migrated?)");
            }
            seq = rs.getLong(1);
            hash = rs.getString(2);
        }
        long startSeq = seq;
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try (Statements s = new Statements(connection)) {
            // Every key the batch names (its transactions' and their items'), looked up in both halves of the key space.
            List<String> keys = new ArrayList<>();
            for (Transaction transaction : batch) {
                keys.add(transaction.key().value());
                transaction.items().forEach(item -> keys.add(item.key()));
            }
            Map<String, JournalEntry> earlier = entriesByKey(connection, keys);
            Map<String, Located> earlierItems = itemsByKey(connection, keys);
            java.util.Set<String> players = knownPlayers(connection, batch);
            rememberPlayers(players);
            Map<String, JournalEntry> thisBatch = new HashMap<>();
            Map<String, Located> thisBatchItems = new HashMap<>();
            // Balances are read once, checked and moved in memory (writers are serialised by the head's row
            // lock), then written once per account with a compare-and-set update.
            Map<Account, Long> before = balancesOf(connection, batch);
            Map<Account, Long> after = new HashMap<>(before);
            for (Transaction transaction : batch) {
                String key = transaction.key().value();
                boolean settlement = transaction.kind().equals(Transaction.SETTLEMENT);
                JournalEntry previous = earlier.containsKey(key) ? earlier.get(key) : thisBatch.get(key);
                if (previous != null) {
                    if (!previous.fingerprint().equals(transaction.fingerprint())) {
                        outcomes.add(Rules.conflict(transaction));
                    } else {
                        Receipt receipt = replay(s, previous);
                        outcomes.add(new Outcome.Committed(settlement
                            ? withCredits(receipt, transaction, earlier, thisBatch, earlierItems, thisBatchItems) : receipt));
                    }
                    continue;
                }
                Located asItem = earlierItems.containsKey(key) ? earlierItems.get(key) : thisBatchItems.get(key);
                if (asItem != null) {
                    outcomes.add(asItem.item().fingerprint().equals(transaction.fingerprint())
                        ? new Outcome.Committed(asItem.item().receipt(transactionId(s, asItem), asItem.seq())) : Rules.conflict(transaction));
                    continue;
                }
                Transaction applied = transaction;
                Outcome refused = null;
                if (settlement) {
                    List<JournalEntry.Item> fresh = new ArrayList<>(transaction.items().size());
                    for (JournalEntry.Item item : transaction.items()) {
                        String credited = creditedFingerprint(item.key(), earlier, thisBatch, earlierItems, thisBatchItems);
                        if (credited == null) {
                            fresh.add(item);
                        } else if (!credited.equals(item.fingerprint())) {
                            refused = Rules.conflict(item.key());
                            break;
                        }
                        if (!players.contains(item.player())) {
                            refused = Rules.unknownPlayer(item.player());
                            break;
                        }
                    }
                    if (refused == null) {
                        applied = transaction.withItems(fresh);
                    }
                } else if (!players.contains(transaction.player())) {
                    refused = Rules.unknownPlayer(transaction.player());
                }
                if (refused == null) {
                    for (Posting posting : applied.postings()) {
                        refused = Rules.check(posting.account(), after.getOrDefault(posting.account(), 0L) + posting.amount());
                        if (refused != null) {
                            break;
                        }
                    }
                }
                if (refused != null) {
                    outcomes.add(refused);
                    continue;
                }
                for (Posting posting : applied.postings()) {
                    after.merge(posting.account(), posting.amount(), Long::sum);
                }
                seq++;
                JournalEntry entry = JournalEntry.chain(seq, applied, hash);
                hash = entry.hash();
                addEntry(s, entry);
                thisBatch.put(key, entry);
                for (JournalEntry.Item item : entry.items()) {
                    thisBatchItems.put(item.key(), new Located(seq, entry.id(), item));
                }
                Receipt receipt = new Receipt(entry.id(), seq, transaction.key(), entry.kind(), entry.player(), entry.detail(),
                    applied.postings(), false);
                outcomes.add(new Outcome.Committed(settlement
                    ? withCredits(receipt, transaction, earlier, thisBatch, earlierItems, thisBatchItems) : receipt));
            }
            writeBalances(connection, before, after);
            if (seq != startSeq) {
                s.insertEntry.executeBatch();
                s.insertRows(connection, "ledger_posting", s.postings);
                s.insertRows(connection, "ledger_item", s.items);
                s.moveHead.setLong(1, seq);
                s.moveHead.setString(2, hash);
                s.moveHead.setLong(3, startSeq);
                if (s.moveHead.executeUpdate() != 1) {
                    throw new SQLException("the journal head moved under this commit (another writer?)");
                }
            }
        }
        return outcomes;
    }

    /** The fingerprint a key was credited with (as a transaction's key or a settlement's item), or null when never. */
    private static String creditedFingerprint(String key, Map<String, JournalEntry> earlier, Map<String, JournalEntry> thisBatch,
                                              Map<String, Located> earlierItems, Map<String, Located> thisBatchItems) {
        JournalEntry entry = earlier.containsKey(key) ? earlier.get(key) : thisBatch.get(key);
        if (entry != null) {
            return entry.fingerprint();
        }
        Located item = earlierItems.containsKey(key) ? earlierItems.get(key) : thisBatchItems.get(key);
        return item == null ? null : item.item().fingerprint();
    }

    /** A settlement's receipt with one {@link Receipt.Credited} per credit of the request, each where its key was credited. */
    private static Receipt withCredits(Receipt receipt, Transaction request, Map<String, JournalEntry> earlier,
                                       Map<String, JournalEntry> thisBatch, Map<String, Located> earlierItems,
                                       Map<String, Located> thisBatchItems) throws SQLException {
        List<Receipt.Credited> credits = new ArrayList<>(request.items().size());
        for (JournalEntry.Item item : request.items()) {
            String key = item.key();
            JournalEntry entry = earlier.containsKey(key) ? earlier.get(key) : thisBatch.get(key);
            Located located = earlierItems.containsKey(key) ? earlierItems.get(key) : thisBatchItems.get(key);
            long at = entry != null ? entry.seq() : located != null ? located.seq() : -1;
            if (at < 0) {
                throw new SQLException("credit " + key + " of settlement " + request.key() + " is nowhere in the journal");
            }
            credits.add(new Receipt.Credited(key, at, receipt.replayed() || at != receipt.seq()));
        }
        return new Receipt(receipt.transactionId(), receipt.seq(), receipt.key(), receipt.kind(), receipt.player(), receipt.detail(),
            receipt.postings(), receipt.replayed(), credits);
    }

    /** The stored balances of every account the batch touches (absent: no row yet). */
    private static Map<Account, Long> balancesOf(Connection connection, List<Transaction> batch) throws SQLException {
        List<String> holders = batch.stream().flatMap(t -> t.postings().stream()).map(p -> p.account().holder()).distinct().toList();
        Map<Account, Long> result = new HashMap<>();
        selectIn(connection, "SELECT holder, asset, balance FROM ledger_balance WHERE holder IN (", holders,
            rs -> result.put(new Account(rs.getString(1), Asset.parse(rs.getString(2))), rs.getLong(3)));
        return result;
    }

    /** A row callback that may throw what JDBC throws. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code prefix + placeholders + ")"} for the values, {@value #IN_CHUNK} at a time, handing every row to the reader. */
    private static void selectIn(Connection connection, String prefix, List<String> values, RowReader reader) throws SQLException {
        for (int from = 0; from < values.size(); from += IN_CHUNK) {
            List<String> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
            try (PreparedStatement select = connection.prepareStatement(prefix + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /**
     * Writes every changed balance: a compare-and-set update (the row must still hold the balance read
     * at the start of the batch, and the new one must keep the account's rule) or an insert for a new
     * account, each kind as one statement over all the batch's accounts ({@link Unnest}). An update that
     * changes fewer rows than it names fails the batch: nothing is applied.
     */
    static void writeBalances(Connection connection, Map<Account, Long> before, Map<Account, Long> after) throws SQLException {
        Unnest updates = new Unnest().column("holder", "VARCHAR(48)").column("asset", "VARCHAR(32)")
            .column("old_balance", "BIGINT").column("new_balance", "BIGINT").column("lowest", "BIGINT")
            .column("highest", "BIGINT");
        Unnest inserts = new Unnest().column("holder", "VARCHAR(48)").column("asset", "VARCHAR(32)")
            .column("balance", "BIGINT");
        for (Map.Entry<Account, Long> balance : after.entrySet()) {
            Account account = balance.getKey();
            Long old = before.get(account);
            long now = balance.getValue();
            if (old != null && old == now) {
                continue;
            }
            if (old == null) {
                inserts.row(account.holder(), account.asset().code(), now);
            } else {
                updates.row(account.holder(), account.asset().code(), old, now, account.mayGoNegative() ? -Transaction.MAX_AMOUNT : 0,
                    Transaction.MAX_AMOUNT);
            }
        }
        if (updates.rows() > 0) {
            try (PreparedStatement update = connection.prepareStatement(MERGE_BALANCES_USING + updates.rowsSql() + MERGE_BALANCES_ON)) {
                updates.bind(connection, update);
                int changed = update.executeUpdate();
                if (changed != updates.rows()) {
                    throw new SQLException("a balance changed under this commit (another writer?): " + changed + " of " + updates.rows()
                        + " updated; the batch is retried");
                }
            }
        }
        if (inserts.rows() > 0) {
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ledger_balance (holder, asset, balance) SELECT holder, asset, balance FROM " + inserts.rowsSql())) {
                inserts.bind(connection, insert);
                insert.executeUpdate();
            }
        }
    }

    private static void addEntry(Statements s, JournalEntry entry) throws SQLException {
        PreparedStatement insert = s.insertEntry;
        insert.setLong(1, entry.seq());
        insert.setString(2, entry.id());
        insert.setString(3, entry.key());
        insert.setString(4, entry.fingerprint());
        insert.setString(5, entry.kind());
        insert.setString(6, entry.player());
        insert.setString(7, entry.detail());
        insert.setLong(8, entry.createdMs());
        insert.setString(9, entry.prevHash());
        insert.setString(10, entry.hash());
        insert.addBatch();
        int idx = 0;
        for (JournalEntry.Line line : entry.lines()) {
            s.postings.row(entry.seq(), idx++, line.holder(), line.asset(), line.amount());
        }
        idx = 0;
        for (JournalEntry.Item item : entry.items()) {
            s.items.row(item.key(), entry.seq(), idx++, item.player(), item.detail(), item.grants());
        }
    }

    /** The receipt of an entry committed before (postings and items read back when it came from the database). */
    private static Receipt replay(Statements s, JournalEntry entry) throws SQLException {
        if (!entry.lines().isEmpty() || !entry.items().isEmpty()) {
            return entry.receipt();
        }
        List<JournalEntry.Line> lines = postingsOf(s.postingsOf, entry.seq(), entry.seq()).getOrDefault(entry.seq(), List.of());
        List<JournalEntry.Item> items = entry.kind().equals(Transaction.SETTLEMENT)
            ? itemsOf(s.itemsOf, entry.seq(), entry.seq()).getOrDefault(entry.seq(), List.of()) : List.of();
        return new JournalEntry(entry.seq(), entry.id(), entry.key(), entry.fingerprint(), entry.kind(), entry.player(),
            entry.detail(), entry.createdMs(), lines, entry.prevHash(), entry.hash(), items).receipt();
    }

    /** The settlement items of the batch's keys that were credited before, by key (transaction ids not read). */
    private static Map<String, Located> itemsByKey(Connection connection, List<String> keys) throws SQLException {
        Map<String, Located> result = new HashMap<>();
        selectIn(connection, ITEMS_BY_KEYS, keys, rs -> result.put(rs.getString(1), new Located(rs.getLong(2), null,
            new JournalEntry.Item(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5)))));
        return result;
    }

    private static String transactionId(Statements s, Located located) throws SQLException {
        if (located.transactionId() != null) {
            return located.transactionId();
        }
        s.txIdAt.setLong(1, located.seq());
        try (ResultSet rs = s.txIdAt.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("ledger_item " + located.item().key() + " names entry " + located.seq() + ", which does not exist");
            }
            return rs.getString(1);
        }
    }

    /** The journal entries (without postings) of the batch's keys that were committed before, by key. */
    private static Map<String, JournalEntry> entriesByKey(Connection connection, List<String> keys) throws SQLException {
        Map<String, JournalEntry> result = new HashMap<>();
        selectIn(connection, BY_KEYS, keys, rs -> {
            JournalEntry entry = readEntry(rs, List.of());
            result.put(entry.key(), entry);
        });
        return result;
    }

    /** The batch's players that are registered: those remembered, and those found in one lookup of the rest. */
    private java.util.Set<String> knownPlayers(Connection connection, List<Transaction> batch) throws SQLException {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Transaction transaction : batch) {
            if (transaction.items().isEmpty()) {
                names.add(transaction.player());
            }
            transaction.items().forEach(item -> names.add(item.player()));
        }
        java.util.Set<String> result = new java.util.HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (knownPlayers.contains(name)) {
                result.add(name);
            } else {
                unknown.add(name);
            }
        }
        selectIn(connection, "SELECT name FROM ledger_player WHERE name IN (", unknown, rs -> result.add(rs.getString(1)));
        return result;
    }

    private void rememberPlayers(java.util.Collection<String> players) {
        if (knownPlayers.size() + players.size() > KNOWN_PLAYERS_MAX) {
            knownPlayers.clear();
        }
        knownPlayers.addAll(players);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** The statements of one batch, prepared once, and the rows it inserts in one statement per table. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement insertEntry;
        final PreparedStatement moveHead;
        final PreparedStatement postingsOf;
        final PreparedStatement itemsOf;
        final PreparedStatement txIdAt;
        final Unnest postings = new Unnest().column("seq", "BIGINT").column("idx", "INTEGER")
            .column("holder", "VARCHAR(48)").column("asset", "VARCHAR(32)").column("amount", "BIGINT");
        final Unnest items = new Unnest().column("item_key", "VARCHAR(200)").column("seq", "BIGINT")
            .column("idx", "INTEGER").column("player", "VARCHAR(32)").column("detail", "VARCHAR(64)")
            .column("grants", "VARCHAR(1000)");

        Statements(Connection c) throws SQLException {
            insertEntry = c.prepareStatement(INSERT_ENTRY);
            moveHead = c.prepareStatement(MOVE_HEAD);
            postingsOf = c.prepareStatement(POSTINGS_OF);
            itemsOf = c.prepareStatement(ITEMS_OF);
            txIdAt = c.prepareStatement(TX_ID_AT);
        }

        /** Inserts the rows collected for a table, if any, in one statement. */
        void insertRows(Connection connection, String table, Unnest rows) throws SQLException {
            if (rows.rows() == 0) {
                return;
            }
            String columns = rows.columnList();
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + rows.rowsSql())) {
                rows.bind(connection, insert);
                insert.executeUpdate();
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : List.of(insertEntry, moveHead, postingsOf, itemsOf, txIdAt)) {
                statement.close();
            }
        }
    }

    private static JournalEntry readEntry(ResultSet rs, List<JournalEntry.Line> lines) throws SQLException {
        return new JournalEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getLong(8), lines, rs.getString(9), rs.getString(10));
    }

    private static Map<Long, List<JournalEntry.Line>> postingsOf(PreparedStatement statement, long fromSeq, long toSeq)
        throws SQLException {
        statement.setLong(1, fromSeq);
        statement.setLong(2, toSeq);
        Map<Long, List<JournalEntry.Line>> lines = new HashMap<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                lines.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new JournalEntry.Line(rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return lines;
    }

    private static Map<Long, List<JournalEntry.Item>> itemsOf(PreparedStatement statement, long fromSeq, long toSeq)
        throws SQLException {
        statement.setLong(1, fromSeq);
        statement.setLong(2, toSeq);
        Map<Long, List<JournalEntry.Item>> items = new HashMap<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                items.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new JournalEntry.Item(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return items;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void registerPlayer(String player) {
        if (!Account.isPlayerName(player)) {
            throw new IllegalArgumentException("player : \"" + player + "\" (expected: 1-32 characters of A-Z a-z 0-9 _ -)");
        }
        if (playerExists(player)) {
            return;
        }
        try (Connection connection = readPool.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_player (name) VALUES (?)")) {
            insert.setString(1, player);
            insert.executeUpdate();
        } catch (SQLException e) {
            // A concurrent registration of the same name is success.
            if (!playerExists(player)) {
                throw new LedgerStoreException("cannot register player " + player + ": " + e.getMessage(), e);
            }
        }
        rememberPlayers(List.of(player));
    }

    @Override
    public boolean playerExists(String player) {
        try (Connection connection = readPool.getConnection();
             PreparedStatement select = connection.prepareStatement(PLAYER_EXISTS)) {
            select.setString(1, player);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    rememberPlayers(List.of(player));
                    return true;
                }
                return false;
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read players: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> balances(String holder) {
        try (Connection connection = readPool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT asset, balance FROM ledger_balance WHERE holder = ? AND balance <> 0")) {
            select.setString(1, holder);
            Map<String, Long> result = new TreeMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getLong(2));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read balances: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachEntry(Consumer<JournalEntry> visitor) {
        onReadConnection("the journal", connection -> {
            forEachEntry(connection, visitor);
            return null;
        });
    }

    /** Reads made on one connection of the read pool. */
    @FunctionalInterface
    private interface Reads<T> {
        T on(Connection connection);
    }

    /**
     * @param what what is read, for the error message
     * @throws LedgerStoreException when no connection can be had, or the reads fail
     */
    private <T> T onReadConnection(String what, Reads<T> reads) {
        try (Connection connection = readPool.getConnection()) {
            return reads.on(connection);
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static void forEachEntry(Connection connection, Consumer<JournalEntry> visitor) {
        try (PreparedStatement page = connection.prepareStatement(
                 "SELECT seq, tx_id, idem_key, fingerprint, kind, player, detail, created_ms, prev_hash, entry_hash "
                     + "FROM ledger_journal WHERE seq > ? ORDER BY seq LIMIT " + PAGE);
             PreparedStatement postings = connection.prepareStatement(POSTINGS_OF);
             PreparedStatement itemRows = connection.prepareStatement(ITEMS_OF)) {
            long after = Long.MIN_VALUE;
            while (true) {
                page.setLong(1, after);
                List<Object[]> rows = new ArrayList<>(PAGE);
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10)});
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                long first = (Long) rows.getFirst()[0];
                long last = (Long) rows.getLast()[0];
                Map<Long, List<JournalEntry.Line>> lines = postingsOf(postings, first, last);
                Map<Long, List<JournalEntry.Item>> items = itemsOf(itemRows, first, last);
                for (Object[] r : rows) {
                    long seq = (Long) r[0];
                    visitor.accept(new JournalEntry(seq, (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5], (String) r[6], (Long) r[7], lines.getOrDefault(seq, List.of()), (String) r[8], (String) r[9],
                        items.getOrDefault(seq, List.of())));
                }
                after = last;
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the journal: " + e.getMessage(), e);
        }
    }

    @Override
    public Head head() {
        return onReadConnection("the journal head", JdbcLedgerStore::head);
    }

    private static Head head(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement(SELECT_HEAD);
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new LedgerStoreException("ledger_head has no row", null);
            }
            return new Head(rs.getLong(1), rs.getString(2));
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the journal head: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<Account, Long> allBalances() {
        return onReadConnection("balances", JdbcLedgerStore::allBalances);
    }

    private static Map<Account, Long> allBalances(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement("SELECT holder, asset, balance FROM ledger_balance");
             ResultSet rs = select.executeQuery()) {
            Map<Account, Long> result = new HashMap<>();
            while (rs.next()) {
                result.put(new Account(rs.getString(1), Asset.parse(rs.getString(2))), rs.getLong(3));
            }
            return result;
        } catch (SQLException | IllegalArgumentException e) {
            throw new LedgerStoreException("cannot read balances: " + e.getMessage(), e);
        }
    }

    private static final String ORPHAN_ROWS = "SELECT (SELECT COUNT(*) FROM ledger_posting p WHERE NOT EXISTS "
        + "(SELECT 1 FROM ledger_journal j WHERE j.seq = p.seq)) + (SELECT COUNT(*) FROM ledger_item i WHERE NOT EXISTS "
        + "(SELECT 1 FROM ledger_journal j WHERE j.seq = i.seq AND j.kind = '" + Transaction.SETTLEMENT + "'))";

    @Override
    public long orphanRows() {
        return onReadConnection("orphan rows", JdbcLedgerStore::orphanRows);
    }

    private static long orphanRows(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement(ORPHAN_ROWS); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot count orphan rows: " + e.getMessage(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On one read connection in a read-only {@code REPEATABLE READ} transaction: on PostgreSQL a snapshot of the whole
     * database taken at its first read, so a live server's commits stay out of it. The view answers the journal, the head
     * and the balances; its other methods throw {@link UnsupportedOperationException}.
     */
    @Override
    public <T> T consistentRead(java.util.function.Function<LedgerStore, T> reads) {
        try (Connection connection = readPool.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return reads.apply(new Snapshot(connection));
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LedgerStoreException("cannot read the ledger consistently: " + e.getMessage(), e);
        }
    }

    /** The ledger as one transaction of one connection sees it; for {@link #consistentRead}. */
    private final class Snapshot implements LedgerStore {
        private final Connection connection;

        Snapshot(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void forEachEntry(Consumer<JournalEntry> visitor) {
            JdbcLedgerStore.forEachEntry(connection, visitor);
        }

        @Override
        public Head head() {
            return JdbcLedgerStore.head(connection);
        }

        @Override
        public Map<Account, Long> allBalances() {
            return JdbcLedgerStore.allBalances(connection);
        }

        @Override
        public long orphanRows() {
            return JdbcLedgerStore.orphanRows(connection);
        }

        @Override
        public Map<String, Long> balances(String holder) {
            throw new UnsupportedOperationException("balances in a consistent read");
        }

        @Override
        public List<Outcome> commit(List<Transaction> batch) {
            throw new UnsupportedOperationException("a consistent read only reads");
        }

        @Override
        public void registerPlayer(String player) {
            throw new UnsupportedOperationException("a consistent read only reads");
        }

        @Override
        public boolean playerExists(String player) {
            throw new UnsupportedOperationException("playerExists in a consistent read");
        }

        @Override
        public void close() {
        }
    }

    /**
     * Runs one statement on the write pool; for tests and tools that need to reach under the API
     * (e.g. to edit the journal as an attacker would).
     *
     * @param sql    the statement
     * @param params its parameters
     * @return rows changed
     * @throws LedgerStoreException when it fails
     */
    public int execute(String sql, Object... params) {
        try (Connection connection = writePool.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerStoreException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        readPool.close();
        writePool.close();
    }
}
