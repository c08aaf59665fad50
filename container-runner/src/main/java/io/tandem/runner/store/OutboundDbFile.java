package io.tandem.runner.store;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens {@code out/outbound.db} read-write, creating it first when missing. A new file is built
 * as {@code outbound.db.new} with its whole schema and then renamed into place, so the host (which
 * only ever reads it) never sees a file without tables. An existing file gets the schema applied
 * idempotently; one newer than this build fails with {@code TANDEM-E005}. The runner adds one
 * index of its own, on {@code messages_out(in_reply_to)}: a retried message looks up what was
 * already sent for it, and that must not scan the whole history.
 */
public final class OutboundDbFile {
    private static final String REPLY_INDEX =
            "CREATE INDEX IF NOT EXISTS messages_out_in_reply_to ON messages_out(in_reply_to)";

    private OutboundDbFile() {
    }

    public static Connection openOrCreate(Path outboundDb, Durability durability) throws SQLException, IOException {
        if (!Files.exists(outboundDb, LinkOption.NOFOLLOW_LINKS)) {
            build(outboundDb, durability);
        } else if (!Files.isRegularFile(outboundDb, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(outboundDb + " is not a regular file");
        }
        Connection c = SqliteOpener.openSession(outboundDb, durability);
        try {
            SessionSchema.OUTBOUND.apply(c);
            Sql.exec(c, REPLY_INDEX);
            return c;
        } catch (SQLException | RuntimeException e) {
            SqliteOpener.closeQuietly(c);
            throw e;
        }
    }

    private static void build(Path outboundDb, Durability durability) throws SQLException, IOException {
        Path fresh = outboundDb.resolveSibling(outboundDb.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + "-journal"));
        Connection c = SqliteOpener.openSession(fresh, durability);
        try {
            SessionSchema.OUTBOUND.apply(c);
            Sql.exec(c, REPLY_INDEX);
        } finally {
            SqliteOpener.closeQuietly(c);
        }
        Files.move(fresh, outboundDb, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(outboundDb.getParent());
    }

    /** Makes the rename durable; best effort (some file systems refuse to open a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not supported here; the next commit's own syncs still cover the file contents
        }
    }
}
