package io.tandem.host.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json} of a backup: every file's path relative to the backup (and to the data
 * folder it restores into), its size and SHA-256, when the backup was taken and by which tandem.
 * {@code dirs} are the folders a restore creates even when empty (the group folders, an agent's
 * working directory). Written last, so a folder without it is not a finished backup.
 */
public record Manifest(int format, @JsonProperty("tandem_version") String tandemVersion,
        @JsonProperty("created_at") String createdAt, String source, List<Entry> files, List<String> dirs) {
    public static final String FILE = "manifest.json";
    public static final int FORMAT = 1;

    public Manifest {
        files = files == null ? List.of() : List.copyOf(files);
        dirs = dirs == null ? List.of() : List.copyOf(dirs);
    }

    /** One copied file; {@code sqlite} says it was taken through SQLite and passed integrity_check. */
    public record Entry(String path, long size, String sha256, boolean sqlite) {
    }

    void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    static Manifest read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BackupException(dir + " is not a finished backup: it has no " + FILE);
        }
        try {
            Manifest m = Json.MAPPER.readValue(file.toFile(), Manifest.class);
            if (m.format() != FORMAT) {
                throw new BackupException(file + ": unknown manifest format " + m.format());
            }
            return m;
        } catch (IOException e) {
            throw new BackupException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
