package io.tandem.schema.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive POSIX lock held on an open channel for the life of a process ({@code host.lock},
 * {@code out/runner.lock}). The holder records its pid through the same channel: opening and
 * closing the file through any other channel in this process would silently drop the lock.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ExclusiveFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock without waiting, or returns empty when another process holds it. */
    public static Optional<ExclusiveFileLock> tryAcquire(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new ExclusiveFileLock(ch, l));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * True when no process holds the lock on {@code file}. Probes with a non-blocking try and
     * releases at once. The caller must not itself hold a lock on that file.
     */
    public static boolean isFree(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!java.nio.file.Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        }
    }

    /** Reads the pid a holder wrote. Only for a process that does not hold this lock itself. */
    public static Optional<Long> readPid(Path file) {
        try {
            String s = java.nio.file.Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void writePid(long pid) throws IOException {
        channel.truncate(0);
        ByteBuffer buf = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.UTF_8));
        long pos = 0;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
