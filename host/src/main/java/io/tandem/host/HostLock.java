package io.tandem.host;

import io.tandem.schema.TandemException;
import io.tandem.schema.session.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data>/host.lock}: one host per data folder (invariant 11). The holder writes its pid
 * through the locked channel; a refused host, which holds no lock on the file, may read it to say
 * who holds it. Exit code 3; a {@code host.lock} that is not a regular file, or cannot be opened
 * or written (no space, read-only folder), is exit 1 with one line naming it.
 */
public final class HostLock implements AutoCloseable {
    public static final String CODE = "TANDEM-E003";
    public static final int EXIT = 3;
    /** The data folder or its {@code host.lock} cannot be used (not a file, no space, not writable). */
    public static final String UNUSABLE = "TANDEM-E001";
    public static final int UNUSABLE_EXIT = 1;

    private final ExclusiveFileLock lock;

    private HostLock(ExclusiveFileLock lock) {
        this.lock = lock;
    }

    public static HostLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("host.lock");
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new TandemException(UNUSABLE, UNUSABLE_EXIT, file + " is not a regular file; remove it (no host "
                    + "can hold a lock on it)");
        }
        Optional<ExclusiveFileLock> l;
        try {
            l = ExclusiveFileLock.tryAcquire(file);
        } catch (IOException e) {
            throw new TandemException(UNUSABLE, UNUSABLE_EXIT, "cannot open " + file + ": " + reason(e), e);
        }
        if (l.isEmpty()) {
            String pid = ExclusiveFileLock.readPid(file).map(String::valueOf).orElse("unknown");
            throw new TandemException(CODE, EXIT, "another host (pid " + pid + ") holds " + file);
        }
        try {
            l.get().writePid(ProcessHandle.current().pid());
        } catch (IOException e) {
            l.get().close();
            throw new TandemException(UNUSABLE, UNUSABLE_EXIT, "cannot write " + file + ": " + reason(e), e);
        }
        return new HostLock(l.get());
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
