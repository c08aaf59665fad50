package io.tandem.schema.seq;

import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Mints seq exactly as invariant 2 of the design says: a short, finished read of the other file's
 * max seq first ({@link #otherMax}; 0 when missing, empty or being recovered), then the INSERT
 * computes {@code next(max(own max, otherMax))} inside the write transaction. The other file is
 * never read or attached inside a write transaction: two sides doing so deadlock. Uniqueness rests
 * on parity plus the own-table max; cross-file order is best effort.
 */
public final class SeqMinter {
    private final String ownTable;
    private final Parity parity;
    private final String otherTable;

    private SeqMinter(String ownTable, Parity parity, String otherTable) {
        this.ownTable = ownTable;
        this.parity = parity;
        this.otherTable = otherTable;
    }

    /** The host's minter: even seq in {@code messages_in}. */
    public static SeqMinter inbound() {
        return new SeqMinter("messages_in", Parity.EVEN, "messages_out");
    }

    /** The container's minter: odd seq in {@code messages_out}. */
    public static SeqMinter outbound() {
        return new SeqMinter("messages_out", Parity.ODD, "messages_in");
    }

    public Parity parity() {
        return parity;
    }

    /** Max seq of the other side's file, read and closed before any write transaction begins. */
    public long otherMax(Path otherFile) throws SQLException {
        return ReadOnlyReads.read(otherFile, c -> Sql.longValue(c, otherMaxSql())).orElse(0L);
    }

    /**
     * The query behind {@link #otherMax}, for a caller that holds its own read-only connection to
     * the other file (autocommit, so the read is finished when it returns).
     */
    public String otherMaxSql() {
        return "SELECT coalesce(max(seq), 0) FROM " + otherTable;
    }

    /**
     * SQL expression for the next seq, to be used as a value of the INSERT. It takes one bound
     * parameter: the {@code otherMax} read before the transaction.
     */
    public String nextSeqSql() {
        return parity.nextSql("max(coalesce((SELECT max(seq) FROM " + ownTable + "), 0), ?)");
    }

    /** Reads back the seq of the row just inserted with {@code id}. */
    public long seqOf(Connection c, String id) throws SQLException {
        return Sql.longValue(c, "SELECT seq FROM " + ownTable + " WHERE id = ?", id);
    }
}
