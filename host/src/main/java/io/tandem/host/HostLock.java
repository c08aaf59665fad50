package io.tandem.host;

import io.tandem.schema.TandemException;
import io.tandem.schema.session.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data>/host.lock}: one host per data folder (invariant 11). The holder writes its pid
 * through the locked channel; a refused host, which holds no lock on the file, may read it to say
 * who holds it. Exit code 3.
 */
public final class HostLock implements AutoCloseable {
    public static final String CODE = "TANDEM-E003";
    public static final int EXIT = 3;

    private final ExclusiveFileLock lock;

    private HostLock(ExclusiveFileLock lock) {
        this.lock = lock;
    }

    public static HostLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("host.lock");
        Optional<ExclusiveFileLock> l = ExclusiveFileLock.tryAcquire(file);
        if (l.isEmpty()) {
            String pid = ExclusiveFileLock.readPid(file).map(String::valueOf).orElse("unknown");
            throw new TandemException(CODE, EXIT, "another host (pid " + pid + ") holds " + file);
        }
        l.get().writePid(ProcessHandle.current().pid());
        return new HostLock(l.get());
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
