package io.tandem.host.backup;

import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tandem backup}: a copy of a data folder that a restore can start a host on, taken while
 * the host runs or not. {@code central.db} first, then the sessions that snapshot lists, one file
 * at a time, each through {@link DbSnapshot} and checked with {@code integrity_check}; so every
 * message a client had acknowledged (202) before the backup started is in it. The live files are
 * only ever read. {@code manifest.json} is written last; a failed backup removes what it wrote.
 */
public final class Backup {
    /**
     * What was written; what was left out and why ({@code notes}: sessions without a file yet);
     * and the session files that could not be copied ({@code missing}: unreadable, corrupt, or
     * left with a hot journal). One broken session file must not cost the backup of all others,
     * but a backup with {@code missing} entries is incomplete and the verb exits 1.
     */
    public record Result(Path out, Manifest manifest, List<String> notes, List<String> missing) {
        public Result {
            notes = List.copyOf(notes);
            missing = List.copyOf(missing);
        }
    }

    private Backup() {
    }

    public static Result run(Path dataDir, Path out, String version, Clock clock, Progress progress) {
        return run(dataDir, out, version, clock, progress, DbSnapshot.RETRY_FOR);
    }

    /** As above, a session file's hot journal or SQLITE_BUSY retried for {@code retryFor}. */
    static Result run(Path dataDir, Path out, String version, Clock clock, Progress progress, Duration retryFor) {
        Path data = realDataFolder(dataDir);
        Folders.requireEmptyOrAbsent(out, "--out");
        Path outAbs = out.toAbsolutePath().normalize();
        if (outAbs.startsWith(data)) {
            throw new BackupException("--out " + out + " is inside the data folder " + data
                    + "; name a folder outside it");
        }
        boolean existed = Files.isDirectory(outAbs);
        String createdAt = Timestamps.now(clock);
        try {
            Folders.createPrivate(outAbs);
            List<Manifest.Entry> entries = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            Path central = outAbs.resolve("central.db");
            DbSnapshot.take(data.resolve("central.db"), central);
            DbSnapshot.requireIntact(central, "central.db");
            entries.add(entry("central.db", central, true));
            List<BackupPlan.Item> items = BackupPlan.after(data, central, notes);
            int total = items.size() + 1;
            progress.step(1, total, "central.db", entries.get(0).size());
            for (BackupPlan.Item item : items) {
                Path dest = outAbs.resolve(item.path());
                Files.createDirectories(dest.getParent());
                Manifest.Entry e = item.sqlite() ? database(item, dest, missing, retryFor) : plain(item, dest, notes);
                if (e != null) {
                    entries.add(e);
                    progress.step(entries.size(), total, e.path(), e.size());
                }
            }
            Manifest manifest = new Manifest(Manifest.FORMAT, version, createdAt, data.toString(), entries,
                    BackupPlan.groupDirs(data));
            manifest.write(outAbs);
            return new Result(outAbs, manifest, notes, missing);
        } catch (IOException e) {
            cleanUp(outAbs, existed);
            throw new BackupException("backup into " + out + " failed: " + e + "; nothing was kept", e);
        } catch (RuntimeException e) {
            cleanUp(outAbs, existed);
            throw e;
        }
    }

    static Path realDataFolder(Path dataDir) {
        Path central = dataDir.resolve("central.db");
        if (!Files.isRegularFile(central, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupException(dataDir + " is not a tandem data folder: it has no central.db");
        }
        try {
            return dataDir.toRealPath();
        } catch (IOException e) {
            throw new BackupException(dataDir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A session file through SQLite; one that cannot be copied whole is left out and named. */
    private static Manifest.Entry database(BackupPlan.Item item, Path dest, List<String> missing,
            Duration retryFor) throws IOException {
        try {
            DbSnapshot.take(item.source(), dest, retryFor);
            DbSnapshot.requireIntact(dest, item.path());
        } catch (BackupException e) {
            Files.deleteIfExists(dest);
            missing.add(item.path() + ": " + e.getMessage().replaceFirst("^TANDEM-E\\d+: ", ""));
            return null;
        }
        return entry(item.path(), dest, true);
    }

    /** A plain file, hashed as it is copied; one that vanished since the listing is noted, not fatal. */
    private static Manifest.Entry plain(BackupPlan.Item item, Path dest, List<String> notes) throws IOException {
        String sha;
        try (InputStream in = Files.newInputStream(item.source(), LinkOption.NOFOLLOW_LINKS);
             OutputStream os = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
            sha = Sha256.copy(in, os);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(dest);
            notes.add(item.path() + " skipped: removed while the backup ran");
            return null;
        }
        return new Manifest.Entry(item.path(), Files.size(dest), sha, false);
    }

    private static Manifest.Entry entry(String path, Path file, boolean sqlite) throws IOException {
        return new Manifest.Entry(path, Files.size(file), Sha256.of(file), sqlite);
    }

    private static void cleanUp(Path out, boolean existed) {
        if (!existed) {
            Folders.deleteTree(out);
            return;
        }
        try (var s = Files.list(out)) {
            s.forEach(Folders::deleteTree);
        } catch (IOException ignored) {
            // the error that led here is the one reported
        }
    }
}
