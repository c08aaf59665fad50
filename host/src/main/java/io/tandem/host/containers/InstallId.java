package io.tandem.host.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This install's stable id ({@code <data>/install.id}, 12 hex digits, created once): it names and
 * labels the install's docker containers, so the orphan sweep at start stops this install's
 * leftovers and never another install's on the same docker engine.
 */
public final class InstallId {
    public static final String FILE = "install.id";
    private static final String SHAPE = "[0-9a-f]{12}";

    private InstallId() {
    }

    /** The id, minted now if the data folder has none (one host per data folder: no race). */
    public static String readOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] b = new byte[6];
            new SecureRandom().nextBytes(b);
            Path tmp = Files.createTempFile(dataDir, ".install.id", ".tmp");
            try {
                Files.writeString(tmp, HexFormat.of().formatHex(b) + "\n");
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!id.matches(SHAPE)) {
            throw new IOException(file + " must hold 12 lowercase hex digits (this install's id), found '" + id
                    + "'; remove it to mint a new one (running containers of the old id are then not found)");
        }
        return id;
    }
}
