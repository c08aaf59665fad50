package io.tandem.schema.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A thin SQL helper: parameter binding, row mapping with every {@link ResultSet} closed before
 * return (an open one holds a SHARED lock the other process waits on), and transactions as
 * {@code BEGIN IMMEDIATE ... COMMIT} so the write lock is taken up front and a busy wait happens
 * at BEGIN, never half way through.
 */
public final class Sql {
    private static final LongAdder COMMITS = new LongAdder();
    /** Commits by the current thread: a shared runner JVM reports each session's own (its loop's thread). */
    private static final ThreadLocal<long[]> THREAD_COMMITS = ThreadLocal.withInitial(() -> new long[1]);

    private Sql() {
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface TxWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction; rolls back on any failure. */
    public static <T> T tx(Connection c, TxWork<T> work) throws SQLException {
        T result = inTransaction(c, "BEGIN IMMEDIATE", work);
        COMMITS.increment();
        THREAD_COMMITS.get()[0]++;
        return result;
    }

    /**
     * Runs the reads of {@code work} in ONE deferred read transaction: one SHARED lock, one
     * hot-journal check and one change-counter read for all its statements, where autocommit pays
     * them per statement (each a handful of syscalls). The lock is held only while {@code work}
     * runs; {@code work} must not write and must not read another session file that a writer of
     * this one could be waiting on (never the case for the one-writer files: the other side only
     * reads this file).
     */
    public static <T> T read(Connection c, TxWork<T> work) throws SQLException {
        return inTransaction(c, "BEGIN", work);
    }

    /** {@code begin}, {@code work}, COMMIT; ROLLBACK when anything failed. */
    private static <T> T inTransaction(Connection c, String begin, TxWork<T> work) throws SQLException {
        exec(c, begin);
        boolean done = false;
        try {
            T result = work.run(c);
            exec(c, "COMMIT");
            done = true;
            return result;
        } finally {
            if (!done) {
                try {
                    exec(c, "ROLLBACK");
                } catch (SQLException ignored) {
                    // no transaction left to roll back (the failure ended it)
                }
            }
        }
    }

    /** Commits done by this process through {@link #tx}; benchmarks report commits per message. */
    public static long commits() {
        return COMMITS.sum();
    }

    /** Commits done by the calling thread through {@link #tx}, for a per-session count in a shared JVM. */
    public static long commitsOnThisThread() {
        return THREAD_COMMITS.get()[0];
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    /** First column of the first row as a long; {@code 0} for no row or NULL. */
    public static long longValue(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof Boolean b) {
                    ps.setInt(i + 1, b ? 1 : 0);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    /** Reads a nullable integer column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
