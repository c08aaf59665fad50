package io.tandem.runner.testagent;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Plays a runner killed mid-commit: opens an existing outbound.db read-write with a one-page cache
 * so a big transaction spills pages into the database file before COMMIT, writes many reply rows
 * and turns every ack {@code completed}, prints {@code mid-commit} and waits on stdin; the test
 * SIGKILLs it there, leaving {@code outbound.db-journal} hot. It never commits.
 * Args: {@code <outbound.db>}.
 */
public final class HotOutboundWriter {
    private HotOutboundWriter() {
    }

    public static void main(String[] args) throws Exception {
        Connection c = SqliteOpener.openSession(Path.of(args[0]), Durability.PROCESS);
        Sql.exec(c, "PRAGMA cache_size=1");
        Sql.exec(c, "BEGIN IMMEDIATE");
        Sql.update(c, "UPDATE processing_ack SET status = 'completed'");
        String pad = "x".repeat(1000);
        for (int i = 0; i < 2000; i++) {
            Sql.update(c, "INSERT INTO messages_out(id, seq, timestamp, kind, content) VALUES (?, ?,"
                    + " '2026-11-22T10:00:00.000Z', 'chat', ?)", "doomed-" + i, 1_000_001L + 2L * i,
                    "{\"text\":\"doomed " + pad + "\"}");
        }
        System.out.println("mid-commit");
        System.out.flush();
        System.in.read();
        Runtime.getRuntime().halt(3);
    }
}
