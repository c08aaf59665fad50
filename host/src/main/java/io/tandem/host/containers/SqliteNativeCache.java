package io.tandem.host.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite's native library for runners, extracted once per data folder out of the runner jar itself
 * (so its version always matches the runner's sqlite-jdbc), written to a temporary name and
 * renamed; see {@link RunnerJvm}.
 */
final class SqliteNativeCache {
    private static final Logger log = LoggerFactory.getLogger(SqliteNativeCache.class);

    private SqliteNativeCache() {
    }

    /**
     * Copies the runner jar's own SQLite library for this platform into {@code cache/sqlite-<crc>/}
     * (if not already there) and returns the flags that make sqlite-jdbc load it; empty when the
     * jar holds no library for this platform.
     */
    static List<String> extract(Path cacheDir, Path runnerJar) throws IOException {
        String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (ZipFile zip = new ZipFile(runnerJar.toFile())) {
            ZipEntry entry = zip.getEntry(resource.startsWith("/") ? resource.substring(1) : resource);
            if (entry == null || entry.getCrc() < 0) {
                return List.of();
            }
            Path dir = cacheDir.resolve(String.format("sqlite-%08x-%d", entry.getCrc(), entry.getSize()));
            Path lib = dir.resolve(name);
            if (!Files.isRegularFile(lib) || Files.size(lib) != entry.getSize()) {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(name + ".tmp-" + ProcessHandle.current().pid());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.atInfo().addKeyValue("lib", lib).log("runner.cache.sqlite_extracted");
            }
            return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name,
                    "-Dorg.sqlite.tmpdir=" + dir);
        }
    }

}
