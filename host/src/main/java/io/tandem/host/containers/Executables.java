package io.tandem.host.containers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds a configured executable: an absolute path as given, a bare name on the host's PATH. */
final class Executables {
    private Executables() {
    }

    static Optional<Path> find(String binary, Map<String, String> env) {
        if (binary.startsWith("/")) {
            Path p = Path.of(binary);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, binary);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
