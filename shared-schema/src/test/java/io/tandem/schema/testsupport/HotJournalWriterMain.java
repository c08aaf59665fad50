package io.tandem.schema.testsupport;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;

/**
 * Opens an existing inbound.db read-write with a one-page cache, so that a big transaction spills
 * changed pages into the database file before COMMIT, then inserts many 1 KiB rows inside
 * {@code BEGIN IMMEDIATE}, prints {@code mid-commit} and blocks on stdin: the test SIGKILLs it
 * there, leaving a hot journal. It never commits.
 *
 * <p>Args: {@code <inbound.db> <rows>}.
 */
public final class HotJournalWriterMain {
    private HotJournalWriterMain() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            int rows = Integer.parseInt(a[1]);
            Connection c = SqliteOpener.openSession(Path.of(a[0]), Durability.POWER);
            SqliteOpener.pragma(c, "cache_size=1");
            Sql.exec(c, "BEGIN IMMEDIATE");
            String blob = "x".repeat(1024);
            String ts = Timestamps.format(Instant.now());
            for (int i = 0; i < rows; i++) {
                Sql.update(c, SessionFiles.INSERT_IN, "hot-" + i, 1_000_000L + 2L * i, ts, "hot", blob);
            }
            ChildMain.say("mid-commit");
            ChildMain.readLine();
            // Never commit, never roll back: leave the way a killed process would.
            Runtime.getRuntime().halt(3);
        });
    }
}
