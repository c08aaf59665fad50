package io.tandem.schema.testsupport;

import io.tandem.schema.session.ExclusiveFileLock;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Takes an {@link ExclusiveFileLock}, writes its own pid through it, prints {@code locked}, waits
 * for a line on stdin, releases, prints {@code released}. Prints {@code busy} and exits 2 when
 * another process holds the lock.
 *
 * <p>Args: {@code <lock file>}.
 */
public final class HoldFileLockMain {
    private HoldFileLockMain() {
    }

    public static void main(String[] args) {
        ChildMain.run(args, a -> {
            Optional<ExclusiveFileLock> lock = ExclusiveFileLock.tryAcquire(Path.of(a[0]));
            if (lock.isEmpty()) {
                ChildMain.say("busy");
                System.exit(2);
            }
            try (ExclusiveFileLock l = lock.get()) {
                l.writePid(ProcessHandle.current().pid());
                ChildMain.say("locked");
                ChildMain.readLine();
            }
            ChildMain.say("released");
        });
    }
}
