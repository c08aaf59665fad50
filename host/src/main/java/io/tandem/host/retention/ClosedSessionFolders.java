package io.tandem.host.retention;

import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Archives or deletes the folder of a session closed longer than {@code retention.closed_sessions}.
 * An archived folder moves, whole and atomically (same file system), to
 * {@code <data>/archive/<agent group>/<session id>}, where backup, export and the operator still
 * find it; the host never opens it again. Symbolic links are never followed.
 */
final class ClosedSessionFolders {
    private final Path dataDir;

    ClosedSessionFolders(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Archives or deletes the folder; false when there was none (already done). */
    boolean retire(String agentGroupId, String sessionId, RetentionPolicy.ClosedSessionAction action)
            throws IOException {
        Path root = SessionPaths.of(dataDir, agentGroupId, sessionId).root();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (action == RetentionPolicy.ClosedSessionAction.ARCHIVE) {
            Path target = archiveOf(agentGroupId, sessionId);
            Files.createDirectories(target.getParent());
            Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return true;
    }

    Path archiveOf(String agentGroupId, String sessionId) {
        return dataDir.resolve("archive").resolve(agentGroupId).resolve(sessionId);
    }
}
