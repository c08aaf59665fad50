package io.tandem.host.work;

import io.tandem.schema.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs several independent units of work in ONE {@code BEGIN IMMEDIATE … COMMIT}, each inside its
 * own {@code SAVEPOINT}, so queued writers share one commit (one set of fsyncs) instead of paying
 * one each (DESIGN 8.1: fewer commits per message is the main lever).
 *
 * <p>Invariants: a member that throws is rolled back to its savepoint and reported as failed; the
 * others are unaffected. Nothing is reported at all until the outer COMMIT has succeeded: {@link
 * #run} either returns every member's outcome after the commit, or throws (the whole batch rolled
 * back) — a caller must then fail every member, so a member is never told "done" for rows that did
 * not commit. If a member's failure ended the whole transaction (SQLite aborts it on some I/O and
 * resource errors), its savepoint is gone and the batch fails as a whole.
 *
 * <p>A batch whose members changed no row ({@code total_changes()} unchanged: reads only, or every
 * write a no-op) is ended with ROLLBACK instead of COMMIT — the same outcome, no journal write —
 * and is therefore not counted by {@link Sql#commits()}, which then counts fsync-bearing commits
 * only. Members must not run DDL (which {@code total_changes()} does not see); none does.
 */
public final class GroupCommit {
    private static final String SAVEPOINT = "tandem_member";

    private GroupCommit() {
    }

    /** One member's outcome: its value, or the failure it threw (its writes rolled back). */
    public record Outcome<T>(T value, Throwable failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** Thrown (and caught here) to end a batch that changed nothing with ROLLBACK. */
    private static final class NothingChanged extends RuntimeException {
        private final transient List<?> outcomes;

        NothingChanged(List<?> outcomes) {
            super(null, null, false, false);
            this.outcomes = outcomes;
        }
    }

    /**
     * Runs {@code members} in order in one transaction on {@code c} (in autocommit, no transaction
     * open). Returns their outcomes, in order, only after the COMMIT succeeded; throws when the
     * batch as a whole failed (BEGIN, a lost savepoint, or COMMIT), with nothing committed.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<Outcome<T>> run(Connection c, List<? extends Sql.TxWork<? extends T>> members)
            throws SQLException {
        try {
            return Sql.tx(c, tx -> {
                long before = Sql.longValue(tx, "SELECT total_changes()");
                List<Outcome<T>> outcomes = new ArrayList<>(members.size());
                for (Sql.TxWork<? extends T> member : members) {
                    outcomes.add(runMember(tx, member));
                }
                if (Sql.longValue(tx, "SELECT total_changes()") == before) {
                    throw new NothingChanged(outcomes);
                }
                return outcomes;
            });
        } catch (NothingChanged nothing) {
            return (List<Outcome<T>>) nothing.outcomes;
        }
    }

    private static <T> Outcome<T> runMember(Connection tx, Sql.TxWork<? extends T> member) throws SQLException {
        Sql.exec(tx, "SAVEPOINT " + SAVEPOINT);
        T value;
        try {
            value = member.run(tx);
        } catch (SQLException | RuntimeException e) {
            try {
                Sql.exec(tx, "ROLLBACK TO " + SAVEPOINT);
                Sql.exec(tx, "RELEASE " + SAVEPOINT);
            } catch (SQLException lost) {
                // the failure ended the whole transaction: no member's writes survive, fail them all
                lost.addSuppressed(e);
                throw lost;
            }
            return new Outcome<>(null, e);
        }
        Sql.exec(tx, "RELEASE " + SAVEPOINT);
        return new Outcome<>(value, null);
    }
}
