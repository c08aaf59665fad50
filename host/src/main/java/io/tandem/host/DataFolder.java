package io.tandem.host;

import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder's host-owned files: its directories, {@code admin.token} (0600, created once),
 * {@code host.json} (written atomically once ready, removed on clean stop) and the start-up
 * roll-back of hot journals the host left beside any {@code inbound.db} when it was killed.
 */
public final class DataFolder {
    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);

    private final Path root;

    public DataFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public void create() throws IOException {
        Files.createDirectories(root);
        Files.createDirectories(root.resolve("sessions"));
        Files.createDirectories(root.resolve("groups"));
        Files.createDirectories(root.resolve("logs"));
    }

    public void ensureAdminToken() throws IOException {
        Path token = root.resolve("admin.token");
        if (Files.exists(token)) {
            return;
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        Path tmp = root.resolve("admin.token.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, HexFormat.of().formatHex(b) + "\n");
        Files.move(tmp, token, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens read-write every inbound.db with a journal beside it, so SQLite rolls it back. */
    public int rollBackHotJournals() {
        int n = 0;
        Path sessions = root.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return 0;
        }
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(sessions)) {
            for (Path g : groups) {
                if (!Files.isDirectory(g, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> ss = Files.newDirectoryStream(g)) {
                    for (Path s : ss) {
                        Path db = s.resolve("inbound.db");
                        if (Files.exists(s.resolve("inbound.db-journal")) && Files.isRegularFile(db)
                                && !Files.isSymbolicLink(s)) {
                            try (Connection c = SqliteOpener.openSession(db, io.tandem.schema.db.Durability.POWER)) {
                                io.tandem.schema.db.Sql.longValue(c, "SELECT count(*) FROM sqlite_master");
                                n++;
                                log.atWarn().addKeyValue("session", s.getFileName()).log("startup.hot_journal_rolled_back");
                            } catch (Exception e) {
                                log.atError().addKeyValue("session", s.getFileName()).setCause(e)
                                        .log("startup.hot_journal_failed");
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.atError().setCause(e).log("startup.scan_failed");
        }
        return n;
    }

    public void writeHostJson(String json) throws IOException {
        AtomicFiles.write(root.resolve("host.json"), json);
    }

    public void removeHostJson() {
        try {
            Files.deleteIfExists(root.resolve("host.json"));
        } catch (IOException e) {
            log.atWarn().setCause(e).log("shutdown.host_json_not_removed");
        }
    }
}
