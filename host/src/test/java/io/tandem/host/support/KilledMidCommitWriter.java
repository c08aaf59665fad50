package io.tandem.host.support;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Child-JVM writer that stops in the middle of a commit: a tiny page cache makes SQLite spill
 * pages into the database file while the journal still holds the originals. It prints
 * {@code mid-commit} and waits; the test then SIGKILLs it, leaving a hot journal.
 * Args: file, {@code in} (messages_in, even seq) or {@code out} (messages_out, odd seq).
 */
public final class KilledMidCommitWriter {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean in = args[1].equals("in");
        Connection c = SqliteOpener.openSession(file, Durability.POWER);
        Sql.exec(c, "PRAGMA cache_size=1");
        Sql.exec(c, "BEGIN IMMEDIATE");
        String pad = "x".repeat(1000);
        for (int i = 0; i < 2000; i++) {
            long seq = 1_000_000 + 2L * i + (in ? 0 : 1);
            if (in) {
                Sql.update(c, "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) VALUES (?, ?, "
                        + "'chat', '2026-11-22T10:00:00.000Z', ?, ?)", "doomed-" + i, seq, "doomed-" + i, pad);
            } else {
                Sql.update(c, "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES (?, ?, "
                        + "'2026-11-22T10:00:00.000Z', 'chat', ?)", "doomed-" + i, seq, pad);
            }
        }
        System.out.println("mid-commit");
        System.out.flush();
        System.in.read();
    }
}
