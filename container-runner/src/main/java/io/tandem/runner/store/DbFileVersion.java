package io.tandem.runner.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What a rollback-journal SQLite file looks like from outside, without SQLite: its identity
 * (inode), size, mtime and the header's file change counter (4 bytes at offset 24, which SQLite
 * increments on every commit that changed the file in journal modes other than WAL). Two equal
 * versions mean no commit happened in between: the counter catches commits the coarse mtime
 * (one kernel tick) and an unchanged size would miss, the inode catches a replaced file.
 *
 * <p>Reading opens and closes a second descriptor on the file, and closing any descriptor drops
 * the process's POSIX locks on that file: read it only from the thread that owns the file's
 * connection and only between its statements (when SQLite holds no lock on it).
 */
public record DbFileVersion(Object fileKey, long size, long mtimeNanos, int changeCounter) {
    private static final int COUNTER_OFFSET = 24;

    /** The file's version now; empty when it is missing, not a regular file, too short or unreadable. */
    public static Optional<DbFileVersion> read(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() < COUNTER_OFFSET + 4) {
                return Optional.empty();
            }
            ByteBuffer counter = ByteBuffer.allocate(4);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                while (counter.hasRemaining()) {
                    if (ch.read(counter, COUNTER_OFFSET + counter.position()) < 0) {
                        return Optional.empty();
                    }
                }
            }
            long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return Optional.of(new DbFileVersion(a.fileKey(), a.size(), mtime, counter.flip().getInt()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
