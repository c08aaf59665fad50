package io.tandem.host.sweep;

import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * One stat of each file whose change means a session may have work: {@code inbound.db} (the host's
 * writes, e.g. a routed message or a scheduled task) and {@code out/outbound.db} (a runner's commit:
 * replies, acks; its first creation). Session files run in journal-DELETE mode, so every commit
 * writes the database file in place and moves its mtime; size, mtime and inode together say
 * "unchanged" without opening a database (DESIGN 8.1: a stat is ~6 µs, an open ~0.2 ms). A plain
 * value, compared with equals.
 *
 * <p>{@code out/} itself is not stat'ed: a journal a runner leaves behind without touching the
 * database is only possible when it dies mid-commit, and its exit (or, for a runner of an earlier
 * host, the first pass after start, or the lock it still holds) already makes the session visited.
 */
public record FileStamp(Stat inbound, Stat outbound) {

    /** Size, modification time and file key (device + inode on Linux) of one path; {@link #MISSING} if absent. */
    public record Stat(long size, Instant modified, Object fileKey) {
        public static final Stat MISSING = new Stat(-1, Instant.EPOCH, null);

        public boolean missing() {
            return size < 0;
        }

        static Stat of(Path p) throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return new Stat(a.size(), a.lastModifiedTime().toInstant(), a.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }
    }

    /** Stats the session's files (two stat calls, no open). */
    public static FileStamp of(SessionPaths paths) throws IOException {
        return new FileStamp(Stat.of(paths.inboundDb()), Stat.of(paths.outboundDb()));
    }

    /** The newest modification time among the files, for the racy-stamp rule of {@link SweepSkip}. */
    public Instant newest() {
        return outbound.modified().isAfter(inbound.modified()) ? outbound.modified() : inbound.modified();
    }
}
