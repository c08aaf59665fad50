package io.tandem.host.containers;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What one runner start needs, whatever the runtime: the session folder and group folder as the
 * host sees them, the log file, the host variable passed beyond the allow-list (the group's
 * {@code api_key_env}) and whether a confined runtime lets the runner use the network.
 */
public record RunnerSpawn(String sessionId, Path workspace, Path groupDir, Path logFile, Optional<String> passEnv,
                          boolean network) {
}
