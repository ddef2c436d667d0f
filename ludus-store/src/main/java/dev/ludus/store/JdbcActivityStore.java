package dev.ludus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ludus.platform.activity.ActivityStore;
import dev.ludus.platform.activity.ActivityStoreException;
import dev.ludus.platform.activity.ActivityTask;
import dev.ludus.platform.activity.Notice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Idle activities' tasks and notices on the ledger's database (H2 or PostgreSQL, same SQL, schema
 * {@code V100__activities.sql}), behind {@link ActivityStore}.
 *
 * <p>A {@link #save} is one database transaction, and saving the same turn again changes nothing (a retry after a
 * commit whose acknowledgement was lost): new tasks in a JDBC batch, the changed tasks in one
 * {@code MERGE} and the new notices in one {@code INSERT ... SELECT} ({@link Unnest}: one statement for
 * the whole turn, not one per row), delivery marks in a JDBC batch; any SQL failure rolls it back and
 * throws {@link ActivityStoreException}. A pool of its own (2
 * connections: the activity lane writes, logins read), so activity work never takes a connection from
 * the ledger's lane. On PostgreSQL the driver rewrites batched inserts into multi-row ones. Thread-safe.
 */
public final class JdbcActivityStore implements ActivityStore, AutoCloseable {
    private static final String COLUMNS = "id, seq, player, task, unit_count, state, seed, created_ms, unit_ms, start_ms, next_ms, "
        + "player_level, skill, gear_power, progress_sent, attempts, outcome";
    private static final String INSERT_TASK = "INSERT INTO activity_task (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String NOTICE_COLUMNS = "id, player, kind, at_ms, task_id, task, done, total, ends_at_ms, grant_text, quality, "
        + "reason, queue_ids, queue_follows";
    // A row that carries a queue_updated (id + 1) is delivered once that one is.
    private static final String MARK_DELIVERED = "UPDATE activity_notice SET delivered = TRUE WHERE player = ? AND delivered = FALSE "
        + "AND id <= ? AND (queue_follows = FALSE OR id < ?)";

    private final StoreConfig config;
    private final HikariDataSource pool;

    private JdbcActivityStore(StoreConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /**
     * Opens a pool and brings the schema up to date (Flyway, the same migrations as the ledger's).
     *
     * @param config where the database is
     * @return the store
     * @throws ActivityStoreException when the database cannot be reached or migrated
     */
    public static JdbcActivityStore open(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        HikariDataSource pool = null;
        try {
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName("ludus-activity");
            hikari.setJdbcUrl(config.url());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
            hikari.setMaximumPoolSize(2);
            hikari.setMinimumIdle(1);
            hikari.setConnectionTimeout(500);
            hikari.setValidationTimeout(250);
            if (config.url().startsWith("jdbc:postgresql:")) {
                hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            }
            pool = new HikariDataSource(hikari);
            JdbcLedgerStore.migrate(pool);
            return new JdbcActivityStore(config, pool);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw new ActivityStoreException("cannot open the activity database " + config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** @return where the database is, without secrets */
    public String describe() {
        return config.describe();
    }

    @Override
    public void save(List<ActivityTask> inserted, List<ActivityTask> updated, List<Notice> notices, Map<String, Long> delivered) {
        inTransaction("save of " + (inserted.size() + updated.size()) + " tasks and " + notices.size() + " notices", connection -> {
            if (alreadySaved(connection, inserted, notices)) {
                // A retry of a turn whose commit went through but whose acknowledgement was lost: it is durable as it
                // stands (a transaction is all or nothing), and inserting it again would fail on its keys for ever.
                return null;
            }
            if (!inserted.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_TASK)) {
                    for (ActivityTask task : inserted) {
                        bindTask(insert, task);
                        insert.addBatch();
                    }
                    expectOneEach(insert.executeBatch(), "insert task");
                }
            }
            if (!updated.isEmpty()) {
                Unnest rows = new Unnest().column("id", "VARCHAR(36)").column("state", "VARCHAR(12)")
                    .column("start_ms", "BIGINT").column("next_ms", "BIGINT").column("player_level", "INTEGER")
                    .column("skill", "INTEGER").column("gear_power", "DOUBLE PRECISION")
                    .column("progress_sent", "BOOLEAN").column("attempts", "INTEGER")
                    .column("outcome", "VARCHAR(1000)");
                for (ActivityTask task : updated) {
                    rows.row(task.id(), task.state().name(), task.startMs(), task.nextMs(), task.level(), task.skill(), task.gearPower(),
                        task.progressSent(), task.attempts(), task.result());
                }
                try (PreparedStatement update = connection.prepareStatement("MERGE INTO activity_task t USING " + rows.rowsSql()
                    + " ON t.id = v.id WHEN MATCHED THEN UPDATE SET state = v.state, start_ms = v.start_ms, next_ms = v.next_ms, "
                    + "player_level = v.player_level, skill = v.skill, gear_power = v.gear_power, progress_sent = v.progress_sent, "
                    + "attempts = v.attempts, outcome = v.outcome")) {
                    rows.bind(connection, update);
                    int changed = update.executeUpdate();
                    if (changed != rows.rows()) {
                        throw new SQLException("update task touched " + changed + " rows for " + rows.rows() + " tasks (expected: one each)");
                    }
                }
            }
            if (!notices.isEmpty()) {
                Unnest rows = new Unnest().column("id", "BIGINT").column("player", "VARCHAR(32)")
                    .column("kind", "VARCHAR(16)").column("at_ms", "BIGINT").column("task_id", "VARCHAR(36)")
                    .column("task", "VARCHAR(32)").column("done", "INTEGER").column("total", "INTEGER")
                    .column("ends_at_ms", "BIGINT").column("grant_text", "VARCHAR(1000)")
                    .column("quality", "INTEGER").column("reason", "VARCHAR(32)")
                    .column("queue_ids", "VARCHAR(4000)").column("queue_follows", "BOOLEAN");
                for (int i = 0; i < notices.size(); i++) {
                    Notice notice = notices.get(i);
                    Notice follower = i + 1 < notices.size() && carriesQueue(notice, notices.get(i + 1)) ? notices.get(++i) : null;
                    rows.row(notice.id(), notice.player(), notice.kind().code(), notice.atMs(), notice.taskId(), notice.task(),
                        notice.done(), notice.total(), notice.endsAtMs(), Notice.grantsText(notice.grants()), notice.quality(),
                        notice.reason(), String.join(",", (follower == null ? notice : follower).queue()), follower != null);
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO activity_notice (" + NOTICE_COLUMNS
                    + ", delivered) SELECT " + NOTICE_COLUMNS + ", FALSE FROM " + rows.rowsSql())) {
                    rows.bind(connection, insert);
                    insert.executeUpdate();
                }
            }
            if (!delivered.isEmpty()) {
                try (PreparedStatement mark = connection.prepareStatement(MARK_DELIVERED)) {
                    for (var through : delivered.entrySet()) {
                        mark.setString(1, through.getKey());
                        mark.setLong(2, through.getValue());
                        mark.setLong(3, through.getValue());
                        mark.addBatch();
                    }
                    mark.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * Whether this turn was committed already: its first new notice (always the first of a row) or, without notices, its
     * first new task is stored. Notice ids and task ids are never reused, so only this very turn could have written them.
     */
    private static boolean alreadySaved(Connection connection, List<ActivityTask> inserted, List<Notice> notices)
        throws SQLException {
        if (notices.isEmpty() && inserted.isEmpty()) {
            return false;
        }
        String sql = notices.isEmpty() ? "SELECT 1 FROM activity_task WHERE id = ?" : "SELECT 1 FROM activity_notice WHERE id = ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (notices.isEmpty()) {
                select.setString(1, inserted.getFirst().id());
            } else {
                select.setLong(1, notices.getFirst().id());
            }
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * True when {@code next} can ride in {@code first}'s row: a queue_updated of the same player right after it (id + 1, same
     * time) with nothing but its queue, after a notice of another kind whose own queue is empty.
     */
    static boolean carriesQueue(Notice first, Notice next) {
        return first.kind() != Notice.Kind.QUEUE_UPDATED && first.queue().isEmpty() && next.kind() == Notice.Kind.QUEUE_UPDATED
            && next.id() == first.id() + 1 && next.player().equals(first.player()) && next.atMs() == first.atMs()
            && next.taskId().isEmpty() && next.task().isEmpty() && next.done() == 0 && next.total() == 0 && next.endsAtMs() == 0
            && next.grants().isEmpty() && next.quality() == 0 && next.reason().isEmpty();
    }

    private static void expectOneEach(int[] counts, String what) throws SQLException {
        for (int count : counts) {
            // SUCCESS_NO_INFO (-2) is what a rewritten batch reports; anything else must be one row.
            if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
                throw new SQLException(what + " touched " + count + " rows (expected: 1); counts " + Arrays.toString(counts));
            }
        }
    }

    private static void bindTask(PreparedStatement statement, ActivityTask task) throws SQLException {
        statement.setString(1, task.id());
        statement.setLong(2, task.seq());
        statement.setString(3, task.player());
        statement.setString(4, task.task());
        statement.setInt(5, task.count());
        statement.setString(6, task.state().name());
        statement.setLong(7, task.seed());
        statement.setLong(8, task.createdMs());
        statement.setLong(9, task.unitMs());
        statement.setLong(10, task.startMs());
        statement.setLong(11, task.nextMs());
        statement.setInt(12, task.level());
        statement.setInt(13, task.skill());
        statement.setDouble(14, task.gearPower());
        statement.setBoolean(15, task.progressSent());
        statement.setInt(16, task.attempts());
        statement.setString(17, task.result());
    }

    private static ActivityTask readTask(ResultSet rs) throws SQLException {
        return new ActivityTask(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
            ActivityTask.State.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
            rs.getInt(12), rs.getInt(13), rs.getDouble(14), rs.getBoolean(15), rs.getInt(16), rs.getString(17));
    }

    private List<ActivityTask> tasks(String where, String parameter) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM activity_task WHERE " + where
                 + " ORDER BY seq")) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            select.setFetchSize(10_000);
            List<ActivityTask> result = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(readTask(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new ActivityStoreException("reading tasks failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ActivityTask> activeTasks() {
        return tasks("state IN ('QUEUED', 'RUNNING')", null);
    }

    @Override
    public List<ActivityTask> tasksOf(String player) {
        return tasks("player = ?", player);
    }

    @Override
    public long[] lastIds() {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT COALESCE(MAX(seq), 0) FROM activity_task), "
                 + "(SELECT COALESCE(MAX(id), 0) FROM activity_notice)");
             Statement lastRow = connection.createStatement();
             ResultSet last = lastRow.executeQuery("SELECT queue_follows FROM activity_notice ORDER BY id DESC LIMIT 1")) {
            rs.next();
            // The highest row may carry a queue_updated, whose id is one more.
            return new long[] {rs.getLong(1), rs.getLong(2) + (last.next() && last.getBoolean(1) ? 1 : 0)};
        } catch (SQLException e) {
            throw new ActivityStoreException("reading the last ids failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Notice> undelivered(String player, int limit) {
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + NOTICE_COLUMNS + " FROM activity_notice "
                 + "WHERE player = ? AND delivered = FALSE ORDER BY id")) {
            select.setString(1, player);
            select.setMaxRows(limit);
            List<Notice> result = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next() && result.size() < limit) {
                    String text = rs.getString(13);
                    List<String> queue = text.isEmpty() ? List.of() : List.of(text.split(","));
                    boolean queueFollows = rs.getBoolean(14);
                    long id = rs.getLong(1);
                    long atMs = rs.getLong(4);
                    result.add(new Notice(id, rs.getString(2), Notice.Kind.fromCode(rs.getString(3)), atMs,
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getLong(9),
                        Notice.parseGrants(rs.getString(10)), rs.getInt(11), rs.getString(12), queueFollows ? List.of() : queue));
                    if (queueFollows && result.size() < limit) {
                        result.add(new Notice(id + 1, player, Notice.Kind.QUEUE_UPDATED, atMs, "", "", 0, 0, 0, Map.of(), 0, "", queue));
                    }
                }
            }
            return result;
        } catch (SQLException e) {
            throw new ActivityStoreException("reading " + player + "'s notices failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void mark(long atMs, long lastNoticeId, long lastTaskSeq) {
        inTransaction("recording a retention mark", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM activity_mark WHERE at_ms = ?");
                 PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO activity_mark (at_ms, last_notice_id, last_task_seq) VALUES (?, ?, ?)")) {
                delete.setLong(1, atMs);
                delete.executeUpdate();
                insert.setLong(1, atMs);
                insert.setLong(2, lastNoticeId);
                insert.setLong(3, lastTaskSeq);
                insert.executeUpdate();
            }
            return null;
        });
    }

    // Walks the primary key up to the mark; the newest row stays, so lastIds() continues after it. A stored pair (queue_follows)
    // is delivered only once both its notices are, so the flag covers both.
    private static final String PURGE_NOTICES = "DELETE FROM activity_notice WHERE id IN (SELECT id FROM activity_notice "
        + "WHERE id <= ? AND delivered = TRUE AND id < (SELECT MAX(id) FROM activity_notice) ORDER BY id LIMIT ?)";
    private static final String PURGE_TASKS = "DELETE FROM activity_task WHERE seq IN (SELECT seq FROM activity_task "
        + "WHERE seq <= ? AND state IN ('COMPLETED', 'FAILED', 'CANCELLED') AND seq < (SELECT MAX(seq) FROM activity_task) "
        + "ORDER BY seq LIMIT ?)";

    @Override
    public Purged purge(long cutoffMs, int limit) {
        return inTransaction("the retention purge", connection -> {
            long markMs;
            long lastNoticeId;
            long lastTaskSeq;
            try (PreparedStatement select = connection.prepareStatement("SELECT at_ms, last_notice_id, last_task_seq "
                + "FROM activity_mark WHERE at_ms <= ? ORDER BY at_ms DESC LIMIT 1")) {
                select.setLong(1, cutoffMs);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Purged.NONE;
                    }
                    markMs = rs.getLong(1);
                    lastNoticeId = rs.getLong(2);
                    lastTaskSeq = rs.getLong(3);
                }
            }
            try (PreparedStatement purgeNotices = connection.prepareStatement(PURGE_NOTICES);
                 PreparedStatement purgeTasks = connection.prepareStatement(PURGE_TASKS);
                 PreparedStatement purgeMarks = connection.prepareStatement("DELETE FROM activity_mark WHERE at_ms < ?")) {
                purgeNotices.setLong(1, lastNoticeId);
                purgeNotices.setInt(2, limit);
                int notices = purgeNotices.executeUpdate();
                purgeTasks.setLong(1, lastTaskSeq);
                purgeTasks.setInt(2, limit);
                int tasks = purgeTasks.executeUpdate();
                purgeMarks.setLong(1, markMs);
                purgeMarks.executeUpdate();
                return new Purged(notices, tasks);
            }
        });
    }

    /** One unit of work on a connection of the pool, inside its transaction. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one database transaction: committed when it returns, rolled back when it throws.
     *
     * @param what what the work is, for the error message
     * @throws ActivityStoreException on any SQL failure; nothing of the work was applied
     */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new ActivityStoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Closes the pool. */
    @Override
    public void close() {
        pool.close();
    }
}
