package io.urbanflow.orchestration.history;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The run history and the leases, in the database that holds the Iceberg catalog (SQLite or PostgreSQL), never in lake
 * tables: a file per run would be a small-file factory. The schema is migrated by Flyway from
 * {@code io/urbanflow/orchestration/migrations} (history table {@value #SCHEMA_HISTORY}) when the history opens, so
 * every process sees the same version; the tables are prefixed {@code urbanflow_} beside Iceberg's own.
 *
 * <p>Several processes share one history: runs started by a trigger carry a unique key (a second scheduler's insert of
 * the same firing fails and it goes on), and a task runs only under its lease ({@link #tryLease}), which its holder
 * renews and which anyone may take over once it expired.
 *
 * <p>Thread-safe: one JDBC connection, used by one thread at a time. Times are stored as epoch milliseconds.
 */
public final class RunHistory implements AutoCloseable {
    /** Flyway's table of applied migrations. */
    public static final String SCHEMA_HISTORY = "urbanflow_schema_history";
    static final String MIGRATIONS = "classpath:io/urbanflow/orchestration/migrations";
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 60_000;

    private final Connection connection;
    private final String url;

    private RunHistory(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /**
     * Opens the history in the lake's catalog database, migrating its schema first.
     *
     * @throws UrbanFlowException when the database cannot be reached or migrated
     */
    public static RunHistory open(LakeConfig lake) {
        String url = lake.catalogUrl();
        Properties properties = connectionProperties(lake);
        migrate(url, properties);
        try {
            Connection connection = DriverManager.getConnection(url, properties);
            connection.setAutoCommit(true);
            return new RunHistory(connection, url);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot open the run history in " + lake.catalogUrl() + ": " + e.getMessage(), e);
        }
    }

    private static Properties connectionProperties(LakeConfig lake) {
        Properties properties = new Properties();
        String user = lake.catalogProperties().get("jdbc.user");
        String password = lake.catalogProperties().get("jdbc.password");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (lake.isSqlite()) {
            properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MILLIS));
        }
        return properties;
    }

    /** Two processes opening a fresh catalog race to create the schema history table; the loser tries again. */
    private static void migrate(String url, Properties properties) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Flyway.configure(RunHistory.class.getClassLoader())
                        .dataSource(new DriverDataSource(url, properties))
                        .locations(MIGRATIONS)
                        .table(SCHEMA_HISTORY)
                        // the catalog's database already holds Iceberg's tables: start the history at version 0 beside them
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .load()
                        .migrate();
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200L * (attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UrbanFlowException("Cannot migrate the run history in " + url + ": " + (last == null ? "interrupted" : last.getMessage()), last);
    }

    /** Deletes every run, task, attempt, lease, backfill and trigger state, in one transaction; the schema stays. */
    public synchronized void clear() {
        try {
            connection.setAutoCommit(false);
            try (java.sql.Statement statement = connection.createStatement()) {
                for (String table : List.of("urbanflow_task_attempts", "urbanflow_run_tasks", "urbanflow_leases", "urbanflow_backfills",
                        "urbanflow_trigger_state", "urbanflow_runs")) {
                    statement.executeUpdate("DELETE FROM " + table);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot clear the run history in " + url + ": " + e.getMessage(), e);
        }
    }

    /** The schema version Flyway applied last, e.g. {@code 1}. */
    public synchronized String schemaVersion() {
        return query("SELECT version FROM " + SCHEMA_HISTORY + " WHERE success = " + (isSqlite() ? "1" : "TRUE")
                + " ORDER BY installed_rank DESC", statement -> { }, result -> result.getString(1)).stream().findFirst().orElse("");
    }

    private boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    // ---------------------------------------------------------------- runs

    /**
     * Records a new run, running under {@code holder}, with its tasks queued: in one transaction.
     *
     * @param triggerKey null for a run by hand; else unique: when another process recorded it first, nothing is
     *                   recorded and the result is empty
     * @return the run's id, or empty when the trigger key was taken
     */
    public synchronized Optional<String> createRun(String runId, String triggerKind, String triggerKey, String selection,
                                                   boolean fullRefresh, Instant windowStart, Instant windowEnd,
                                                   List<PlannedTask> tasks, String holder, Instant now) {
        return insertRun(runId, triggerKind, triggerKey, selection, fullRefresh, windowStart, windowEnd, tasks, holder, now, "running");
    }

    /** Records a run for a scheduler to start ({@link #claimQueuedRun}): a retry or a run asked for on the dashboard. */
    public synchronized Optional<String> queueRun(String runId, String triggerKind, String triggerKey, String selection,
                                                  boolean fullRefresh, List<PlannedTask> tasks, Instant now) {
        return insertRun(runId, triggerKind, triggerKey, selection, fullRefresh, null, null, tasks, null, now, "queued");
    }

    private Optional<String> insertRun(String runId, String triggerKind, String triggerKey, String selection, boolean fullRefresh,
                                       Instant windowStart, Instant windowEnd, List<PlannedTask> tasks, String holder, Instant now,
                                       String state) {
        if (triggerKey != null && exists("SELECT 1 FROM urbanflow_runs WHERE trigger_key = ?", triggerKey)) {
            return Optional.empty();
        }
        try {
            // the transaction's first statement writes, so SQLite takes its write lock (waiting) instead of upgrading a read
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO urbanflow_runs (run_id, trigger_kind,"
                        + " trigger_key, selection, full_refresh, window_start, window_end, state, holder, heartbeat_at, queued_at,"
                        + " started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
                    insert.setString(1, runId);
                    insert.setString(2, triggerKind);
                    insert.setString(3, triggerKey);
                    insert.setString(4, selection);
                    insert.setInt(5, fullRefresh ? 1 : 0);
                    setInstant(insert, 6, windowStart);
                    setInstant(insert, 7, windowEnd);
                    insert.setString(8, state);
                    insert.setString(9, holder);
                    setInstant(insert, 10, holder == null ? null : now);
                    setInstant(insert, 11, now);
                    setInstant(insert, 12, holder == null ? null : now);
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO urbanflow_run_tasks (run_id, task, kind,"
                        + " position, upstream, state, attempts, max_attempts, rows_written) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, 0)")) {
                    int position = 0;
                    for (PlannedTask task : tasks) {
                        insert.setString(1, runId);
                        insert.setString(2, task.task());
                        insert.setString(3, task.kind());
                        insert.setInt(4, position++);
                        insert.setString(5, String.join(",", task.upstream()));
                        insert.setInt(6, task.maxAttempts());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return Optional.of(runId);
            } catch (SQLException e) {
                connection.rollback();
                if (triggerKey != null && exists("SELECT 1 FROM urbanflow_runs WHERE trigger_key = ?", triggerKey)) {
                    return Optional.empty(); // another process inserted the same firing between the check and the insert
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("record run " + runId, e);
        }
    }

    /**
     * Queues a retry of a finished run: a new run of its tasks that did not succeed, each after those of them it ran
     * after, for a scheduler to start.
     *
     * @return the new run's id
     * @throws UrbanFlowException when there is no such run, it has not finished, or every task of it succeeded
     */
    public synchronized String queueRetry(String runId, String newRunId, Instant now) {
        RunRecord run = run(runId).orElseThrow(() -> new UrbanFlowException("Cannot retry run " + runId + ": no such run"));
        if (!run.state().equals("failed") && !run.state().equals("success")) {
            throw new UrbanFlowException("Cannot retry run " + runId + ": it is " + run.state());
        }
        List<TaskRecord> tasks = tasks(runId).stream().filter(task -> !task.state().equals("success")).toList();
        if (tasks.isEmpty()) {
            throw new UrbanFlowException("Cannot retry run " + runId + ": every task of it succeeded");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        tasks.forEach(task -> names.add(task.task()));
        List<PlannedTask> planned = new ArrayList<>();
        for (TaskRecord task : tasks) {
            planned.add(new PlannedTask(task.task(), task.kind(), task.upstream().stream().filter(names::contains).toList(), task.maxAttempts()));
        }
        String selection = String.join(" ", tasks.stream().map(TaskRecord::task).toList());
        return insertRun(newRunId, "retry", "retry:" + runId + ":" + newRunId, selection, run.fullRefresh(), null, null, planned, null, now,
                "queued").orElseThrow();
    }

    /** Takes the oldest queued run for {@code holder}; empty when none is queued (or another process took it). */
    public synchronized Optional<String> claimQueuedRun(String holder, Instant now) {
        for (String runId : query("SELECT run_id FROM urbanflow_runs WHERE state = 'queued' ORDER BY queued_at", statement -> { },
                result -> result.getString(1))) {
            int claimed = update("UPDATE urbanflow_runs SET state = 'running', holder = ?, heartbeat_at = ?, started_at = ?"
                    + " WHERE run_id = ? AND state = 'queued'", holder, millis(now), millis(now), runId);
            if (claimed == 1) {
                return Optional.of(runId);
            }
        }
        return Optional.empty();
    }

    /** Renews the heartbeat of every run {@code holder} runs. */
    public synchronized void heartbeat(String holder, Instant now) {
        update("UPDATE urbanflow_runs SET heartbeat_at = ? WHERE holder = ? AND state = 'running'", millis(now), holder);
    }

    /** Runs still marked running whose holder's last heartbeat is older than {@code staleBefore}: their scheduler died. */
    public synchronized List<String> orphanedRuns(Instant staleBefore) {
        return query("SELECT run_id FROM urbanflow_runs WHERE state = 'running' AND heartbeat_at < ? ORDER BY queued_at",
                statement -> statement.setLong(1, millis(staleBefore)), result -> result.getString(1));
    }

    /**
     * Takes over an orphaned run: in one update, so that of two schedulers only one does. Its attempts that were running
     * are then failed ("orphaned") and their tasks queued again while attempts are left, failed otherwise.
     *
     * @return true when this holder took it
     */
    public synchronized boolean claimOrphanedRun(String runId, String holder, Instant staleBefore, Instant now) {
        List<String> previous = query("SELECT holder FROM urbanflow_runs WHERE run_id = ?", statement -> statement.setString(1, runId),
                result -> result.getString(1));
        int claimed = update("UPDATE urbanflow_runs SET holder = ?, heartbeat_at = ? WHERE run_id = ? AND state = 'running'"
                + " AND heartbeat_at < ?", holder, millis(now), runId, millis(staleBefore));
        if (claimed != 1) {
            return false;
        }
        String reason = "orphaned: its scheduler " + (previous.isEmpty() ? "?" : previous.get(0)) + " stopped (no heartbeat since "
                + staleBefore + " or earlier)";
        update("UPDATE urbanflow_task_attempts SET state = 'failed', finished_at = ?, error = ? WHERE run_id = ? AND state = 'running'",
                millis(now), reason, runId);
        update("UPDATE urbanflow_run_tasks SET state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,"
                + " error = ?, finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END"
                + " WHERE run_id = ? AND state = 'running'", reason, millis(now), runId);
        return true;
    }

    /** Marks the start of attempt {@code attempt} of a task. */
    public synchronized void attemptStarted(String runId, String task, int attempt, String holder, Instant now) {
        update("UPDATE urbanflow_run_tasks SET state = 'running', attempts = ?, retry_at = NULL,"
                + " started_at = COALESCE(started_at, ?), finished_at = NULL WHERE run_id = ? AND task = ?",
                attempt, millis(now), runId, task);
        update("INSERT INTO urbanflow_task_attempts (run_id, task, attempt, state, holder, started_at, rows_written)"
                + " VALUES (?, ?, ?, 'running', ?, ?, 0)", runId, task, attempt, holder, millis(now));
    }

    /**
     * Records how an attempt ended and where its task is now.
     *
     * @param taskState the task's state after it: success, failed, or queued again for a retry at {@code retryAt}
     */
    public synchronized void attemptFinished(String runId, String task, int attempt, String attemptState, String taskState,
                                             Instant retryAt, long rowsWritten, String snapshots, String error, String log,
                                             Instant now) {
        update("UPDATE urbanflow_task_attempts SET state = ?, finished_at = ?, rows_written = ?, snapshots = ?, error = ?, log = ?"
                + " WHERE run_id = ? AND task = ? AND attempt = ?", attemptState, millis(now), rowsWritten, snapshots, error, log,
                runId, task, attempt);
        update("UPDATE urbanflow_run_tasks SET state = ?, retry_at = ?, finished_at = ?, rows_written = ?, snapshots = ?, error = ?"
                + " WHERE run_id = ? AND task = ?", taskState, retryAt == null ? null : millis(retryAt),
                taskState.equals("queued") ? null : millis(now), rowsWritten, snapshots, error, runId, task);
    }

    /** Sets a task's state without an attempt: upstream_failed or skipped. */
    public synchronized void taskSettled(String runId, String task, String state, String error, Instant now) {
        update("UPDATE urbanflow_run_tasks SET state = ?, error = ?, finished_at = ? WHERE run_id = ? AND task = ?",
                state, error, millis(now), runId, task);
    }

    public synchronized void finishRun(String runId, String state, Instant now) {
        update("UPDATE urbanflow_runs SET state = ?, finished_at = ?, heartbeat_at = ? WHERE run_id = ?", state, millis(now),
                millis(now), runId);
    }

    /** The latest runs first; {@code failedOnly} keeps the failed ones. */
    public synchronized List<RunRecord> runs(int limit, RunFilter filter) {
        String where = filter == RunFilter.FAILED ? " WHERE state = 'failed'" : "";
        return query("SELECT * FROM urbanflow_runs" + where + " ORDER BY queued_at DESC, run_id DESC LIMIT " + Math.max(1, limit),
                statement -> { }, RunHistory::run);
    }

    /** Which runs {@link #runs} lists. */
    public enum RunFilter {
        ALL, FAILED
    }

    public synchronized Optional<RunRecord> run(String runId) {
        return query("SELECT * FROM urbanflow_runs WHERE run_id = ?", statement -> statement.setString(1, runId), RunHistory::run)
                .stream().findFirst();
    }

    /** A run's tasks in their dependency order. */
    public synchronized List<TaskRecord> tasks(String runId) {
        return query("SELECT * FROM urbanflow_run_tasks WHERE run_id = ? ORDER BY position", statement -> statement.setString(1, runId),
                result -> new TaskRecord(result.getString("run_id"), result.getString("task"), result.getString("kind"),
                        result.getInt("position"), split(result.getString("upstream")), result.getString("state"),
                        result.getInt("attempts"), result.getInt("max_attempts"), instant(result, "retry_at"),
                        instant(result, "started_at"), instant(result, "finished_at"), result.getLong("rows_written"),
                        result.getString("snapshots"), result.getString("error")));
    }

    /** A run's attempts (of one task, or of all for null), in order. */
    public synchronized List<AttemptRecord> attempts(String runId, String task) {
        String where = task == null ? "" : " AND task = ?";
        return query("SELECT * FROM urbanflow_task_attempts WHERE run_id = ?" + where + " ORDER BY started_at, task, attempt",
                statement -> {
                    statement.setString(1, runId);
                    if (task != null) {
                        statement.setString(2, task);
                    }
                },
                result -> new AttemptRecord(result.getString("run_id"), result.getString("task"), result.getInt("attempt"),
                        result.getString("state"), result.getString("holder"), instant(result, "started_at"),
                        instant(result, "finished_at"), result.getLong("rows_written"), result.getString("snapshots"),
                        result.getString("error"), result.getString("log")));
    }

    // ---------------------------------------------------------------- leases

    /**
     * Takes the lease {@code key} for {@code holder} until {@code expiresAt}, when nobody holds it, its holder's lease
     * expired before {@code now}, or {@code holder} holds it already. Atomic on both databases: an insert that finds the
     * key taken, or an update whose condition another process changed, takes nothing.
     *
     * @return true when {@code holder} now holds the lease
     */
    public synchronized boolean tryLease(String key, String holder, String runId, Instant now, Instant expiresAt) {
        int taken = update("UPDATE urbanflow_leases SET holder = ?, run_id = ?, expires_at = ? WHERE lease_key = ?"
                + " AND (expires_at < ? OR holder = ?)", holder, runId, millis(expiresAt), key, millis(now), holder);
        if (taken == 1) {
            return true;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO urbanflow_leases (lease_key, holder, run_id, expires_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, holder);
            insert.setString(3, runId);
            insert.setLong(4, millis(expiresAt));
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (exists("SELECT 1 FROM urbanflow_leases WHERE lease_key = ?", key)) {
                return false; // held by someone else
            }
            throw failure("take lease " + key, e);
        }
    }

    /** Extends every lease {@code holder} holds. */
    public synchronized void renewLeases(String holder, Instant expiresAt) {
        update("UPDATE urbanflow_leases SET expires_at = ? WHERE holder = ?", millis(expiresAt), holder);
    }

    public synchronized void releaseLease(String key, String holder) {
        update("DELETE FROM urbanflow_leases WHERE lease_key = ? AND holder = ?", key, holder);
    }

    /** Who holds {@code key} and until when, if anyone. */
    public synchronized Optional<String> leaseHolder(String key, Instant now) {
        return query("SELECT holder FROM urbanflow_leases WHERE lease_key = ? AND expires_at >= ?", statement -> {
            statement.setString(1, key);
            statement.setLong(2, millis(now));
        }, result -> result.getString(1)).stream().findFirst();
    }

    // ---------------------------------------------------------------- backfills

    public synchronized void createBackfill(BackfillRecord backfill) {
        update("INSERT INTO urbanflow_backfills (backfill_id, selection, from_time, to_time, every, next_start, state, created_at,"
                + " updated_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", backfill.backfillId(), backfill.selection(),
                millis(backfill.from()), millis(backfill.to()), backfill.every(), millis(backfill.nextStart()), backfill.state(),
                millis(backfill.createdAt()), millis(backfill.updatedAt()), backfill.error());
    }

    /** Where a backfill stands now, and its state; {@code error} null clears it. */
    public synchronized void updateBackfill(String backfillId, Instant nextStart, String state, String error, Instant now) {
        update("UPDATE urbanflow_backfills SET next_start = ?, state = ?, error = ?, updated_at = ? WHERE backfill_id = ?",
                millis(nextStart), state, error, millis(now), backfillId);
    }

    public synchronized Optional<BackfillRecord> backfill(String backfillId) {
        return query("SELECT * FROM urbanflow_backfills WHERE backfill_id = ?", statement -> statement.setString(1, backfillId),
                RunHistory::backfill).stream().findFirst();
    }

    /** The latest backfills first. */
    public synchronized List<BackfillRecord> backfills(int limit) {
        return query("SELECT * FROM urbanflow_backfills ORDER BY created_at DESC LIMIT " + Math.max(1, limit), statement -> { },
                RunHistory::backfill);
    }

    // ---------------------------------------------------------------- triggers

    /** What trigger {@code name} saw when it fired last, if it ever did. */
    public synchronized Optional<String> triggerSeen(String name) {
        return query("SELECT seen FROM urbanflow_trigger_state WHERE trigger_name = ?", statement -> statement.setString(1, name),
                result -> result.getString(1)).stream().findFirst();
    }

    public synchronized void saveTrigger(String name, String seen, Instant now) {
        if (update("UPDATE urbanflow_trigger_state SET seen = ?, fired_at = ? WHERE trigger_name = ?", seen, millis(now), name) == 0) {
            try {
                update("INSERT INTO urbanflow_trigger_state (trigger_name, seen, fired_at) VALUES (?, ?, ?)", name, seen, millis(now));
            } catch (UrbanFlowException e) {
                update("UPDATE urbanflow_trigger_state SET seen = ?, fired_at = ? WHERE trigger_name = ?", seen, millis(now), name);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing to recover
        }
    }

    // ---------------------------------------------------------------- JDBC

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet result) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("read the run history", e);
        }
    }

    private int update(String sql, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < values.length; index++) {
                Object value = values[index];
                if (value == null) {
                    statement.setNull(index + 1, Types.NULL); // untyped: PostgreSQL takes the column's type
                } else if (value instanceof Long number) {
                    statement.setLong(index + 1, number);
                } else if (value instanceof Integer number) {
                    statement.setInt(index + 1, number);
                } else {
                    statement.setString(index + 1, value.toString());
                }
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("write the run history", e);
        }
    }

    private boolean exists(String sql, String value) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw failure("read the run history", e);
        }
    }

    private UrbanFlowException failure(String what, SQLException e) {
        return new UrbanFlowException("Cannot " + what + " in " + url + ": " + e.getMessage(), e);
    }

    private static RunRecord run(ResultSet result) throws SQLException {
        return new RunRecord(result.getString("run_id"), result.getString("trigger_kind"), result.getString("trigger_key"),
                result.getString("selection"), result.getInt("full_refresh") == 1, instant(result, "window_start"),
                instant(result, "window_end"), result.getString("state"), result.getString("holder"), instant(result, "heartbeat_at"),
                instant(result, "queued_at"), instant(result, "started_at"), instant(result, "finished_at"));
    }

    private static BackfillRecord backfill(ResultSet result) throws SQLException {
        return new BackfillRecord(result.getString("backfill_id"), result.getString("selection"), instant(result, "from_time"),
                instant(result, "to_time"), result.getString("every"), instant(result, "next_start"), result.getString("state"),
                instant(result, "created_at"), instant(result, "updated_at"), result.getString("error"));
    }

    private static Instant instant(ResultSet result, String column) throws SQLException {
        long millis = result.getLong(column);
        return result.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    /** Flyway's connections: the catalog URL with the same properties as the history's own. */
    private record DriverDataSource(String url, Properties properties) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, properties);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            Properties withUser = new Properties();
            withUser.putAll(properties);
            withUser.setProperty("user", username);
            withUser.setProperty("password", password);
            return DriverManager.getConnection(url, withUser);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Cannot unwrap to " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
