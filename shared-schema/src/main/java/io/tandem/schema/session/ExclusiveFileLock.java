package io.tandem.schema.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive POSIX lock held on an open channel for the life of a process ({@code host.lock},
 * {@code out/runner.lock}) or, in a shared runner JVM, for the life of one session's run. The
 * holder records its pid through the same channel: opening and closing the file through any other
 * channel in this process would silently drop the lock (POSIX locks belong to the process, and
 * closing any descriptor of the file releases them).
 *
 * <p>So this JVM's own holders are also kept in a table: a second {@link #tryAcquire}, {@link #isFree}
 * or {@link #readPid} on a file this JVM holds answers from the table without opening the file
 * (held; the pid its holder wrote) instead of throwing {@link OverlappingFileLockException} or dropping
 * the holder's lock. Invariant: a file is in the table exactly while an instance holds its lock.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    /** This JVM's holders, by the absolute normalised path of their file. */
    private static final Map<Path, ExclusiveFileLock> HELD = new ConcurrentHashMap<>();

    /** Stands in the table for a lock being taken, so a concurrent second attempt sees it as held. */
    private static final ExclusiveFileLock RESERVED = new ExclusiveFileLock(null, null, null);

    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Long writtenPid;

    private ExclusiveFileLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /**
     * Takes the lock without waiting, or returns empty when another process (or another holder in
     * this JVM) holds it.
     */
    public static Optional<ExclusiveFileLock> tryAcquire(Path file) throws IOException {
        Path key = key(file);
        // reserved under the key first, so two threads of this JVM never open the file at once
        if (HELD.putIfAbsent(key, RESERVED) != null) {
            return Optional.empty();
        }
        ExclusiveFileLock taken = null;
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try {
                FileLock l = ch.tryLock();
                if (l == null) {
                    ch.close();
                    return Optional.empty();
                }
                taken = new ExclusiveFileLock(ch, l, key);
                HELD.put(key, taken);
                return Optional.of(taken);
            } catch (OverlappingFileLockException e) {
                // held in this JVM under another name of the same file: held, as for another process
                ch.close();
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } finally {
            if (taken == null) {
                HELD.remove(key, RESERVED);
            }
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /**
     * True when no process holds the lock on {@code file}. Probes with a non-blocking try and
     * releases at once; false without opening the file when a holder in this JVM has it.
     */
    public static boolean isFree(Path file) throws IOException {
        if (HELD.containsKey(key(file))) {
            return false;
        }
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

    /**
     * Reads the pid a holder wrote; when a holder in this JVM has the file, the pid it wrote,
     * without opening the file.
     */
    public static Optional<Long> readPid(Path file) {
        ExclusiveFileLock holder = HELD.get(key(file));
        if (holder != null) {
            return Optional.ofNullable(holder.writtenPid);
        }
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
        writtenPid = pid;
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key, this);
            }
        }
    }
}
