package io.tandem.host.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one runner start needs, whatever the runtime: the session folder and group folder as the
 * host sees them, the log file, the host variable passed beyond the allow-list (the group's
 * {@code api_key_env}) and whether a confined runtime lets the runner use the network.
 */
public record RunnerSpawn(String sessionId, Path workspace, Path groupDir, Path logFile, Optional<String> passEnv,
                          boolean network) {

    /**
     * Starts {@code argv} the way every runtime starts its runner: exactly {@code env} (the caller
     * built it from an allow-list; nothing of the host's own environment leaks), the group folder
     * as working directory, stdin a pipe (the runner exits when it reaches EOF, so runners never
     * outlive the host), stdout and stderr appended to the session's log file.
     */
    public static Process launch(List<String> argv, Map<String, String> env, Path groupDir, Path logFile)
            throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(groupDir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return pb.start();
    }
}
