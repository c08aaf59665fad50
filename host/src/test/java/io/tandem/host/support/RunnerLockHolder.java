package io.tandem.host.support;

import io.tandem.schema.session.ExclusiveFileLock;
import java.nio.file.Path;

/**
 * Child JVM standing in for a runner left over from a previous host: it takes {@code runner.lock},
 * prints {@code locked}, and holds it until its stdin closes (the test decides when it is gone).
 */
public final class RunnerLockHolder {
    public static void main(String[] args) throws Exception {
        try (ExclusiveFileLock lock = ExclusiveFileLock.tryAcquire(Path.of(args[0]))
                .orElseThrow(() -> new IllegalStateException("runner.lock is held"))) {
            lock.writePid(ProcessHandle.current().pid());
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until EOF
            }
        }
    }
}
