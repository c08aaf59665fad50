package io.tandem.schema.testsupport;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Takes the write lock of a session file ({@code BEGIN IMMEDIATE}), prints {@code locked}, waits
 * for one line on stdin, then commits, prints {@code released} and exits 0.
 *
 * <p>Args: {@code <db file>}.
 */
public final class HoldWriteLockMain {
    private HoldWriteLockMain() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            try (Connection c = SqliteOpener.openSession(Path.of(a[0]), Durability.PROCESS)) {
                Sql.exec(c, "BEGIN IMMEDIATE");
                ChildMain.say("locked");
                ChildMain.readLine();
                Sql.exec(c, "COMMIT");
                ChildMain.say("released");
            }
        });
    }
}
