package io.tandem.host.tasks;

import io.tandem.schema.db.Sql;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of task rows in {@code inbound.db} (kind {@code task}, DESIGN 4): inserting an
 * occurrence, finding the live occurrence (pending or paused) of a task or series id, and changing
 * it. Every write runs inside the caller's transaction; the outbound max seq for minting is read by
 * the caller before it begins (invariant 2).
 */
public final class TaskRows {
    private static final SeqMinter MINTER = SeqMinter.inbound();
    private static final String COLUMNS = "id, seq, series_id, status, process_after, recurrence, content, tries";
    private static final String INSERT = "INSERT INTO messages_in(id, seq, kind, timestamp, status, process_after, "
            + "recurrence, series_id, tries, trigger, on_wake, content) VALUES (?, " + MINTER.nextSeqSql()
            + ", 'task', ?, 'pending', ?, ?, ?, 0, 1, 0, ?) ON CONFLICT(id) DO NOTHING";

    private TaskRows() {
    }

    /** Inserts an occurrence (trigger 1); an id already present is left alone. Returns whether it was new. */
    public static boolean insert(Connection tx, long otherMax, String id, String seriesId, Instant processAfter,
                                 String recurrence, String content, Instant now) throws SQLException {
        return Sql.update(tx, INSERT, id, otherMax, Timestamps.format(now),
                processAfter == null ? null : Timestamps.format(processAfter), recurrence, seriesId, content) == 1;
    }

    /**
     * The live occurrence (pending or paused) of the series that {@code taskOrSeriesId} names, by
     * an occurrence's id (any status) or the series id itself.
     */
    public static Optional<Task> live(Connection c, String taskOrSeriesId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM messages_in WHERE kind = 'task' "
                + "AND status IN ('pending','paused') AND series_id IN (SELECT series_id FROM messages_in "
                + "WHERE kind = 'task' AND (id = ? OR series_id = ?)) ORDER BY seq DESC LIMIT 1",
                Task::map, taskOrSeriesId, taskOrSeriesId);
    }

    /** The task occurrence with {@code id}, whatever its status. */
    public static Optional<Task> byId(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM messages_in WHERE kind = 'task' AND id = ?", Task::map, id);
    }

    /** Tasks of this session, newest first: only live ones unless {@code all}. */
    public static List<Task> list(Connection c, boolean all) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM messages_in WHERE kind = 'task'"
                + (all ? "" : " AND status IN ('pending','paused')") + " ORDER BY seq DESC", Task::map);
    }

    /** Of {@code ids}, those that carry a recurrence (read before the transaction that finishes them). */
    public static List<String> withRecurrence(Connection c, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Sql.list(c, "SELECT id FROM messages_in WHERE recurrence IS NOT NULL AND id IN ("
                + marks(ids.size()) + ")", rs -> rs.getString(1), ids.toArray());
    }

    /** Of {@code ids}, the finished (completed or failed) rows that still carry a recurrence, in seq order. */
    public static List<SeriesFollowUps.Finished> finishedWithRecurrence(Connection c, Collection<String> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Sql.list(c, "SELECT id, series_id, recurrence, content FROM messages_in WHERE recurrence IS NOT NULL "
                        + "AND status IN ('completed','failed') AND id IN (" + marks(ids.size()) + ") ORDER BY seq",
                rs -> new SeriesFollowUps.Finished(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                ids.toArray());
    }

    /** Of {@code seriesIds}, those with a live (pending or paused) occurrence. */
    public static Set<String> liveSeries(Connection c, Collection<String> seriesIds) throws SQLException {
        if (seriesIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Sql.list(c, "SELECT DISTINCT series_id FROM messages_in WHERE status IN "
                + "('pending','paused') AND series_id IN (" + marks(seriesIds.size()) + ")", rs -> rs.getString(1),
                seriesIds.toArray()));
    }

    public static void clearRecurrence(Connection tx, String id) throws SQLException {
        Sql.update(tx, "UPDATE messages_in SET recurrence = NULL WHERE id = ?", id);
    }

    /** Sets status (and clears the recurrence when cancelling) of a live occurrence. */
    public static int setStatus(Connection tx, String id, String from, String to, boolean clearRecurrence)
            throws SQLException {
        return Sql.update(tx, "UPDATE messages_in SET status = ?" + (clearRecurrence ? ", recurrence = NULL" : "")
                + " WHERE id = ? AND status = ?", to, id, from);
    }

    /** Rewrites the schedulable fields of a live occurrence. */
    public static int update(Connection tx, Task t) throws SQLException {
        return Sql.update(tx, "UPDATE messages_in SET status = ?, process_after = ?, recurrence = ?, content = ? "
                        + "WHERE id = ? AND status IN ('pending','paused')", t.status(), t.processAfter(), t.recurrence(),
                t.content(), t.id());
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    /** A task occurrence as stored. */
    public record Task(String id, long seq, String seriesId, String status, String processAfter, String recurrence,
                       String content, int tries) {
        static Task map(java.sql.ResultSet rs) throws SQLException {
            return new Task(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getInt(8));
        }

        public Task with(String newStatus, String newProcessAfter, String newRecurrence, String newContent) {
            return new Task(id, seq, seriesId, newStatus, newProcessAfter, newRecurrence, newContent, tries);
        }
    }
}
