package io.tandem.host.doctor;

import io.tandem.schema.session.ExclusiveFileLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a host holds the data folder's {@code host.lock}. Probed with a non-blocking try that is
 * released at once (a host starting at that instant may be refused and says so; that is the only
 * cost). Never called from a process that holds the lock itself.
 */
public final class HostProbe {
    private HostProbe() {
    }

    /** {@code running}: the lock is held; {@code pid}: what the holder wrote, if readable. */
    public record State(boolean running, Optional<Long> pid, String problem) {
    }

    public static State probe(Path dataDir) {
        Path lock = dataDir.resolve("host.lock");
        try {
            boolean free = ExclusiveFileLock.isFree(lock);
            return new State(!free, free ? Optional.empty() : ExclusiveFileLock.readPid(lock), null);
        } catch (IOException e) {
            return new State(false, Optional.empty(), "cannot probe " + lock + ": " + e.getMessage());
        }
    }
}
