package dev.ludus.store;

import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.ledger.Transaction;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The floor under {@code ludus activity bench}: how long the database alone takes to write what settling a burst of
 * tasks cannot avoid, with none of Ludus's own work (no reward formula, no hashing, no reads, no checks in Java).
 *
 * <p>Per task, four row writes, each one a requirement of idle activities (docs/activities.md): the task's end
 * ({@code UPDATE} of its row by id: a task that ended must not run again after a restart), its {@code task_completed}
 * notice for an offline player ({@code INSERT}, indexed by player for the next login), its credit's idempotency key
 * ({@code INSERT} under a unique key: a second credit of the task must find it) and the player's balance
 * ({@code UPDATE} by account, keeping the ledger's upper bound). The tables are scratch copies ({@code floor_*}) with
 * the column types and indexes of {@code activity_task}, {@code activity_notice}, {@code ledger_item}'s key and
 * {@code ledger_balance}, but fewer columns, so the figure is a lower bound. The rows are written by {@code writers}
 * connections in parallel (2: as the activity lane and the ledger's lane do, task and notice on one, key and balance
 * on the other; 4: one per write), {@code chunk} rows of each kind per database transaction.
 *
 * <p>Four forms of statement: {@link Form#BATCH} (JDBC batches of one-row statements, what the stores used before),
 * {@link Form#MULTIROW} ({@code INSERT ... VALUES} of up to 500 rows and the standard {@code MERGE ... USING (VALUES
 * ...)} for updates; H2 and PostgreSQL 15 both take them), {@link Form#UNNEST} (one statement per kind and chunk, the
 * columns bound as arrays: what the stores use now) and {@link Form#COPY} (PostgreSQL only: {@code COPY} into
 * the tables and into temporary tables that one {@code UPDATE ... FROM} applies; the fastest bulk path PostgreSQL
 * has). The tables are created, filled with the running tasks and zero balances (not timed; analysed on PostgreSQL)
 * and dropped at the end; the result is checked (every task completed, every notice and key written once, every
 * balance credited once) before it is returned.
 *
 * <p>Not thread-safe; one run at a time per database (the tables have fixed names).
 */
public final class SettlementFloorBench {
    /** The amount credited per task (any positive amount will do; 3 wood is the reference game's chop_wood). */
    static final long AMOUNT = 3;
    /** Rows per multi-row statement: 500 rows of 7 parameters stay under PostgreSQL's 32,767 bind parameters. */
    static final int ROWS_PER_STATEMENT = 500;
    private static final String[] TABLES = {"floor_task", "floor_notice", "floor_key", "floor_balance"};

    /** How the rows are written. */
    public enum Form {
        /** JDBC batches of one-row statements. */
        BATCH,
        /** Multi-row {@code INSERT ... VALUES} and {@code MERGE ... USING (VALUES ...)}, up to 500 rows a statement. */
        MULTIROW,
        /**
         * One statement per kind and chunk, each column bound as one array and turned back into rows by {@code UNNEST}
         * ({@code INSERT ... SELECT}, {@code MERGE ... USING}): what the stores use ({@link Unnest}).
         */
        UNNEST,
        /** PostgreSQL's {@code COPY}, with {@code UPDATE ... FROM} a temporary table for the updates. */
        COPY
    }

    /**
     * @param tasks          tasks settled
     * @param form           how the rows were written
     * @param writers        connections writing in parallel
     * @param chunk          rows of each kind per database transaction
     * @param fillfactor     PostgreSQL's fill factor of the updated tables, percent (100 on H2)
     * @param seconds        from the first write to the last commit, seconds
     * @param writerSeconds  when each writer's last commit returned, seconds from the start
     * @param busyCores      the machine's busy cores during the run (all processes: the database server's too), from
     *                       {@code /proc/stat}; NaN where it cannot be read
     * @param processSeconds this JVM's CPU time during the run, seconds (with H2 it includes the database's work)
     */
    public record Result(int tasks, Form form, int writers, int chunk, int fillfactor, double seconds, List<Double> writerSeconds, double busyCores,
                         double processSeconds) {
        /** @throws NullPointerException when writerSeconds is null */
        public Result {
            writerSeconds = List.copyOf(writerSeconds);
        }

        /** @return tasks per second */
        public double throughput() {
            return tasks / seconds;
        }
    }

    private SettlementFloorBench() {
    }

    /**
     * @param url a JDBC URL
     * @return the fastest form measured on that database (benchmarks §16): {@link Form#COPY} on PostgreSQL,
     *         {@link Form#MULTIROW} on H2
     */
    public static Form fastestFor(String url) {
        return url.startsWith("jdbc:postgresql:") ? Form.COPY : Form.MULTIROW;
    }

    /**
     * Runs the floor once.
     *
     * @param config  the database (its scratch tables {@code floor_*} are dropped and recreated)
     * @param tasks   tasks settled, 1 to 10,000,000
     * @param form    how to write; {@link Form#COPY} needs PostgreSQL
     * @param writers 2 or 4
     * @param chunk   rows of each kind per database transaction, 1 to {@code tasks}
     * @param fillfactor PostgreSQL's fill factor of the two updated tables, percent, 10 to 100 (100, PostgreSQL's default,
     *                   leaves no room in a page for the new version of an updated row, so every update also writes
     *                   every index of its table; below 100 most updates are heap-only); must be 100 on H2
     * @param log     progress lines
     * @return the measurement, after checking what was written
     * @throws IllegalArgumentException on an argument out of range, or COPY on H2
     * @throws SQLException             when the database fails
     * @throws IllegalStateException    when the rows written are not exactly what was asked
     */
    public static Result run(StoreConfig config, int tasks, Form form, int writers, int chunk, int fillfactor,
                             java.util.function.Consumer<String> log)
        throws SQLException, InterruptedException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(form, "form");
        boolean postgres = config.url().startsWith("jdbc:postgresql:");
        if (tasks < 1 || tasks > 10_000_000) {
            throw new IllegalArgumentException("tasks : " + tasks + " (expected: 1 to 10000000)");
        }
        if (writers != 2 && writers != 4) {
            throw new IllegalArgumentException("writers : " + writers + " (expected: 2 or 4)");
        }
        if (chunk < 1 || chunk > tasks) {
            throw new IllegalArgumentException("chunk : " + chunk + " (expected: 1 to the number of tasks, " + tasks + ")");
        }
        if (fillfactor < 10 || fillfactor > 100 || fillfactor != 100 && !postgres) {
            throw new IllegalArgumentException("fillfactor : " + fillfactor + " (expected: 10 to 100 on PostgreSQL, 100 on H2)");
        }
        if (form == Form.COPY && !postgres) {
            throw new IllegalArgumentException("form : COPY (expected: BATCH, MULTIROW or UNNEST on H2; COPY is PostgreSQL's)");
        }
        long now = System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(42);
        String[] ids = new String[tasks];
        for (int i = 0; i < tasks; i++) {
            ids[i] = ActivityTask.newId(now, i + 1, random);
        }
        try (Connection connection = connect(config)) {
            log.accept(String.format(Locale.ROOT, "setup: %d running tasks and %d zero balances in scratch tables floor_*...", tasks, tasks));
            create(connection, ids, postgres ? " WITH (fillfactor = " + fillfactor + ")" : "");
            try {
                List<Write> writes = List.of(new TaskEnds(ids, now), new Notices(ids, now), new Keys(ids), new Balances());
                List<List<Write>> plan = writers == 4
                    ? writes.stream().map(List::of).toList()
                    : List.of(List.of(writes.get(0), writes.get(1)), List.of(writes.get(2), writes.get(3)));
                log.accept(String.format(Locale.ROOT, "measuring: %d tasks x 4 row writes, %s, %d writers, %d rows of each kind a transaction...",
                    tasks, form, writers, chunk));
                long[] busyBefore = busyJiffies();
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                List<Double> done = new ArrayList<>();
                try (ExecutorService pool = Executors.newFixedThreadPool(plan.size())) {
                    List<Future<Long>> futures = new ArrayList<>();
                    for (List<Write> mine : plan) {
                        futures.add(pool.submit(() -> write(config, mine, form, tasks, chunk)));
                    }
                    for (Future<Long> writer : futures) {
                        done.add((writer.get() - start) / 1e9);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new IllegalStateException("a writer failed: " + e.getCause(), e.getCause());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = (processCpuNanos() - cpuBefore) / 1e9;
                long[] busyAfter = busyJiffies();
                double busyCores = busyBefore == null || busyAfter == null || busyAfter[1] == busyBefore[1] ? Double.NaN
                    : (double) (busyAfter[0] - busyBefore[0]) / (busyAfter[1] - busyBefore[1]) * Runtime.getRuntime().availableProcessors();
                check(connection, tasks);
                return new Result(tasks, form, writers, chunk, fillfactor, seconds, done, busyCores, cpu);
            } finally {
                drop(connection);
            }
        }
    }

    static Connection connect(StoreConfig config) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        if (config.url().startsWith("jdbc:postgresql:")) {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
        return DriverManager.getConnection(config.url(), properties);
    }

    static void create(Connection connection, String[] ids, String storage) throws SQLException {
        drop(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE floor_task (id VARCHAR(36) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL UNIQUE, "
                + "player VARCHAR(32) NOT NULL, state VARCHAR(12) NOT NULL, next_ms BIGINT NOT NULL, outcome VARCHAR(1000) NOT NULL)" + storage);
            statement.execute("CREATE INDEX floor_task_player ON floor_task (player, seq)");
            statement.execute("CREATE TABLE floor_notice (id BIGINT NOT NULL PRIMARY KEY, player VARCHAR(32) NOT NULL, "
                + "kind VARCHAR(16) NOT NULL, at_ms BIGINT NOT NULL, task_id VARCHAR(36) NOT NULL, grant_text VARCHAR(1000) NOT NULL, "
                + "delivered BOOLEAN NOT NULL)");
            statement.execute("CREATE INDEX floor_notice_pending ON floor_notice (player, delivered, id)");
            statement.execute("CREATE TABLE floor_key (item_key VARCHAR(200) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL)");
            statement.execute("CREATE TABLE floor_balance (holder VARCHAR(48) NOT NULL, asset VARCHAR(32) NOT NULL, "
                + "balance BIGINT NOT NULL, PRIMARY KEY (holder, asset))" + storage);
        }
        connection.setAutoCommit(false);
        try (PreparedStatement task = connection.prepareStatement(
                 "INSERT INTO floor_task (id, seq, player, state, next_ms, outcome) VALUES (?, ?, ?, 'RUNNING', 0, '')");
             PreparedStatement balance = connection.prepareStatement("INSERT INTO floor_balance (holder, asset, balance) VALUES (?, 'WOOD', 0)")) {
            for (int i = 0; i < ids.length; i++) {
                task.setString(1, ids[i]);
                task.setLong(2, i + 1);
                task.setString(3, player(i));
                task.addBatch();
                balance.setString(1, "player:" + player(i));
                balance.addBatch();
                if (i % 5_000 == 4_999 || i == ids.length - 1) {
                    task.executeBatch();
                    balance.executeBatch();
                    connection.commit();
                }
            }
        } finally {
            connection.setAutoCommit(true);
        }
        if (!storage.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE floor_task");
                statement.execute("ANALYZE floor_balance");
            }
        }
    }

    static void drop(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /** Every task completed, every notice and key once, every balance credited once; else IllegalStateException. */
    static void check(Connection connection, int tasks) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT COUNT(*) FROM floor_task WHERE state = 'COMPLETED'), "
                 + "(SELECT COUNT(*) FROM floor_notice), (SELECT COUNT(DISTINCT player) FROM floor_notice), (SELECT COUNT(*) FROM floor_key), "
                 + "(SELECT COUNT(*) FROM floor_balance WHERE balance = " + AMOUNT + ")")) {
            rs.next();
            for (int column = 1; column <= 5; column++) {
                if (rs.getLong(column) != tasks) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "the floor wrote %d completed tasks, %d notices for %d players, "
                        + "%d keys and %d credited balances (expected: %d of each)", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), tasks));
                }
            }
        }
    }

    /** One writer: its kinds of row, chunk by chunk, one database transaction per chunk; returns when it finished (nanoTime). */
    private static long write(StoreConfig config, List<Write> writes, Form form, int tasks, int chunk) throws SQLException, IOException {
        try (Connection connection = connect(config)) {
            connection.setAutoCommit(false);
            for (Write write : writes) {
                write.prepare(connection, form);
            }
            try {
                for (int from = 0; from < tasks; from += chunk) {
                    int to = Math.min(tasks, from + chunk);
                    for (Write write : writes) {
                        write.write(connection, form, from, to);
                    }
                    connection.commit();
                }
            } finally {
                for (Write write : writes) {
                    write.close();
                }
            }
            return System.nanoTime();
        }
    }

    private static String player(int i) {
        return "f" + i;
    }

    /** One kind of row: how to write rows {@code [from, to)} in each form. */
    private abstract static class Write {
        private final List<Statement> statements = new ArrayList<>();
        private final int columns;
        PreparedStatement single;
        PreparedStatement multi;
        CopyManager copy;

        Write(int columns) {
            this.columns = columns;
        }

        abstract String singleSql();

        abstract String multiSql(int rows);

        /** The COPY text of row i (tab-separated, newline-terminated). */
        abstract void copyRow(StringBuilder text, int i);

        /** Runs the COPY of the text; for updates, also applies it. */
        abstract void copy(Connection connection, StringBuilder text) throws SQLException, IOException;

        /** Binds row i at parameter offset {@code base} (0 for the single statement). */
        abstract void bind(PreparedStatement statement, int base, int i) throws SQLException;

        /** The columns of the UNNEST form, rows {@code [from, to)}. */
        abstract Unnest unnestRows(int from, int to);

        /** The UNNEST form's statement over {@code rows}, the rows as a table v. */
        abstract String unnestSql(String rows);

        void prepare(Connection connection, Form form) throws SQLException {
            switch (form) {
                case BATCH -> {
                    single = connection.prepareStatement(singleSql());
                    statements.add(single);
                }
                case MULTIROW -> {
                    multi = connection.prepareStatement(multiSql(ROWS_PER_STATEMENT));
                    statements.add(multi);
                }
                case UNNEST -> { }
                case COPY -> copy = connection.unwrap(PGConnection.class).getCopyAPI();
            }
        }

        final void write(Connection connection, Form form, int from, int to) throws SQLException, IOException {
            switch (form) {
                case BATCH -> {
                    for (int i = from; i < to; i++) {
                        bind(single, 0, i);
                        single.addBatch();
                    }
                    single.executeBatch();
                }
                case MULTIROW -> {
                    for (int i = from; i < to; i += ROWS_PER_STATEMENT) {
                        int rows = Math.min(ROWS_PER_STATEMENT, to - i);
                        PreparedStatement statement = multi;
                        if (rows < ROWS_PER_STATEMENT) {
                            statement = connection.prepareStatement(multiSql(rows));
                            statements.add(statement);
                        }
                        for (int r = 0; r < rows; r++) {
                            bind(statement, r * columns, i + r);
                        }
                        statement.executeUpdate();
                    }
                }
                case UNNEST -> {
                    Unnest rows = unnestRows(from, to);
                    try (PreparedStatement statement = connection.prepareStatement(unnestSql(rows.rowsSql()))) {
                        rows.bind(connection, statement);
                        statement.executeUpdate();
                    }
                }
                case COPY -> {
                    StringBuilder text = new StringBuilder((to - from) * 64);
                    for (int i = from; i < to; i++) {
                        copyRow(text, i);
                    }
                    copy(connection, text);
                }
            }
        }

        final void close() throws SQLException {
            for (Statement statement : statements) {
                statement.close();
            }
        }

        static String rows(int rows, String row) {
            return String.join(", ", Collections.nCopies(rows, row));
        }

        static void execute(Connection connection, String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    /** The task's end: its row by id. */
    private static final class TaskEnds extends Write {
        private final String[] ids;
        private final long endMs;
        private boolean tempMade;

        TaskEnds(String[] ids, long endMs) {
            super(3);
            this.ids = ids;
            this.endMs = endMs;
        }

        @Override
        String singleSql() {
            return "UPDATE floor_task SET state = 'COMPLETED', next_ms = ?, outcome = ? WHERE id = ?";
        }

        @Override
        String multiSql(int rows) {
            return "MERGE INTO floor_task t USING (VALUES " + rows(rows, "(CAST(? AS VARCHAR(36)), CAST(? AS BIGINT), CAST(? AS VARCHAR(1000)))")
                + ") AS v (id, next_ms, outcome) ON t.id = v.id WHEN MATCHED THEN UPDATE SET state = 'COMPLETED', next_ms = v.next_ms, "
                + "outcome = v.outcome";
        }

        @Override
        void bind(PreparedStatement statement, int base, int i) throws SQLException {
            if (statement == single) {
                statement.setLong(1, endMs);
                statement.setString(2, "WOOD=" + AMOUNT);
                statement.setString(3, ids[i]);
            } else {
                statement.setString(base + 1, ids[i]);
                statement.setLong(base + 2, endMs);
                statement.setString(base + 3, "WOOD=" + AMOUNT);
            }
        }

        @Override
        Unnest unnestRows(int from, int to) {
            Unnest rows = new Unnest().column("id", "VARCHAR(36)").column("next_ms", "BIGINT")
                .column("outcome", "VARCHAR(1000)");
            for (int i = from; i < to; i++) {
                rows.row(ids[i], endMs, "WOOD=" + AMOUNT);
            }
            return rows;
        }

        @Override
        String unnestSql(String rows) {
            return "MERGE INTO floor_task t USING " + rows + " ON t.id = v.id WHEN MATCHED THEN UPDATE SET state = 'COMPLETED', "
                + "next_ms = v.next_ms, outcome = v.outcome";
        }

        @Override
        void copyRow(StringBuilder text, int i) {
            text.append(ids[i]).append('\t').append(endMs).append("\tWOOD=").append(AMOUNT).append('\n');
        }

        @Override
        void copy(Connection connection, StringBuilder text) throws SQLException, IOException {
            if (!tempMade) {
                execute(connection, "CREATE TEMPORARY TABLE floor_task_end (id VARCHAR(36), next_ms BIGINT, outcome VARCHAR(1000)) "
                    + "ON COMMIT DELETE ROWS");
                tempMade = true;
            }
            copy.copyIn("COPY floor_task_end FROM STDIN", new StringReader(text.toString()));
            execute(connection, "UPDATE floor_task SET state = 'COMPLETED', next_ms = e.next_ms, outcome = e.outcome "
                + "FROM floor_task_end e WHERE floor_task.id = e.id");
        }
    }

    /** The offline player's task_completed notice. */
    private static final class Notices extends Write {
        private final String[] ids;
        private final long atMs;

        Notices(String[] ids, long atMs) {
            super(5);
            this.ids = ids;
            this.atMs = atMs;
        }

        @Override
        String singleSql() {
            return multiSql(1);
        }

        @Override
        String multiSql(int rows) {
            return "INSERT INTO floor_notice (id, player, kind, at_ms, task_id, grant_text, delivered) VALUES "
                + rows(rows, "(?, ?, 'task_completed', ?, ?, ?, FALSE)");
        }

        @Override
        void bind(PreparedStatement statement, int base, int i) throws SQLException {
            statement.setLong(base + 1, i + 1);
            statement.setString(base + 2, player(i));
            statement.setLong(base + 3, atMs);
            statement.setString(base + 4, ids[i]);
            statement.setString(base + 5, "WOOD=" + AMOUNT);
        }

        @Override
        Unnest unnestRows(int from, int to) {
            Unnest rows = new Unnest().column("id", "BIGINT").column("player", "VARCHAR(32)")
                .column("at_ms", "BIGINT").column("task_id", "VARCHAR(36)").column("grant_text", "VARCHAR(1000)");
            for (int i = from; i < to; i++) {
                rows.row((long) i + 1, player(i), atMs, ids[i], "WOOD=" + AMOUNT);
            }
            return rows;
        }

        @Override
        String unnestSql(String rows) {
            return "INSERT INTO floor_notice (id, player, kind, at_ms, task_id, grant_text, delivered) "
                + "SELECT id, player, 'task_completed', at_ms, task_id, grant_text, FALSE FROM " + rows;
        }

        @Override
        void copyRow(StringBuilder text, int i) {
            text.append(i + 1).append('\t').append(player(i)).append("\ttask_completed\t").append(atMs).append('\t').append(ids[i])
                .append("\tWOOD=").append(AMOUNT).append("\tf\n");
        }

        @Override
        void copy(Connection connection, StringBuilder text) throws SQLException, IOException {
            copy.copyIn("COPY floor_notice (id, player, kind, at_ms, task_id, grant_text, delivered) FROM STDIN",
                new StringReader(text.toString()));
        }
    }

    /** The credit's idempotency key, unique. */
    private static final class Keys extends Write {
        private final String[] ids;

        Keys(String[] ids) {
            super(2);
            this.ids = ids;
        }

        @Override
        String singleSql() {
            return multiSql(1);
        }

        @Override
        String multiSql(int rows) {
            return "INSERT INTO floor_key (item_key, seq) VALUES " + rows(rows, "(?, ?)");
        }

        @Override
        void bind(PreparedStatement statement, int base, int i) throws SQLException {
            statement.setString(base + 1, "activity:" + ids[i]);
            statement.setLong(base + 2, i / 1_000 + 1);
        }

        @Override
        Unnest unnestRows(int from, int to) {
            Unnest rows = new Unnest().column("item_key", "VARCHAR(200)").column("seq", "BIGINT");
            for (int i = from; i < to; i++) {
                rows.row("activity:" + ids[i], (long) i / 1_000 + 1);
            }
            return rows;
        }

        @Override
        String unnestSql(String rows) {
            return "INSERT INTO floor_key (item_key, seq) SELECT item_key, seq FROM " + rows;
        }

        @Override
        void copyRow(StringBuilder text, int i) {
            text.append("activity:").append(ids[i]).append('\t').append(i / 1_000 + 1).append('\n');
        }

        @Override
        void copy(Connection connection, StringBuilder text) throws SQLException, IOException {
            copy.copyIn("COPY floor_key (item_key, seq) FROM STDIN", new StringReader(text.toString()));
        }
    }

    /** The player's balance, credited within the ledger's bound. */
    private static final class Balances extends Write {
        private boolean tempMade;

        Balances() {
            super(2);
        }

        @Override
        String singleSql() {
            return "UPDATE floor_balance SET balance = balance + ? WHERE holder = ? AND asset = 'WOOD' AND balance + ? <= " + Transaction.MAX_AMOUNT;
        }

        @Override
        String multiSql(int rows) {
            return "MERGE INTO floor_balance b USING (VALUES " + rows(rows, "(CAST(? AS VARCHAR(48)), CAST(? AS BIGINT))")
                + ") AS v (holder, amount) ON b.holder = v.holder AND b.asset = 'WOOD' "
                + "WHEN MATCHED AND b.balance + v.amount <= " + Transaction.MAX_AMOUNT + " THEN UPDATE SET balance = b.balance + v.amount";
        }

        @Override
        void bind(PreparedStatement statement, int base, int i) throws SQLException {
            if (statement == single) {
                statement.setLong(1, AMOUNT);
                statement.setString(2, "player:" + player(i));
                statement.setLong(3, AMOUNT);
            } else {
                statement.setString(base + 1, "player:" + player(i));
                statement.setLong(base + 2, AMOUNT);
            }
        }

        @Override
        Unnest unnestRows(int from, int to) {
            Unnest rows = new Unnest().column("holder", "VARCHAR(48)").column("amount", "BIGINT");
            for (int i = from; i < to; i++) {
                rows.row("player:" + player(i), AMOUNT);
            }
            return rows;
        }

        @Override
        String unnestSql(String rows) {
            return "MERGE INTO floor_balance b USING " + rows + " ON b.holder = v.holder AND b.asset = 'WOOD' "
                + "WHEN MATCHED AND b.balance + v.amount <= " + Transaction.MAX_AMOUNT + " THEN UPDATE SET balance = b.balance + v.amount";
        }

        @Override
        void copyRow(StringBuilder text, int i) {
            text.append("player:").append(player(i)).append('\t').append(AMOUNT).append('\n');
        }

        @Override
        void copy(Connection connection, StringBuilder text) throws SQLException, IOException {
            if (!tempMade) {
                execute(connection, "CREATE TEMPORARY TABLE floor_credit (holder VARCHAR(48), amount BIGINT) ON COMMIT DELETE ROWS");
                tempMade = true;
            }
            copy.copyIn("COPY floor_credit FROM STDIN", new StringReader(text.toString()));
            execute(connection, "UPDATE floor_balance SET balance = floor_balance.balance + c.amount FROM floor_credit c "
                + "WHERE floor_balance.holder = c.holder AND floor_balance.asset = 'WOOD' AND floor_balance.balance + c.amount <= "
                + Transaction.MAX_AMOUNT);
        }
    }

    /** @return {busy, total} jiffies of all cores from /proc/stat, or null where it cannot be read */
    static long[] busyJiffies() {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return null;
        }
        try {
            String line = Files.readAllLines(stat).getFirst();
            String[] fields = line.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() : 0;
    }
}
