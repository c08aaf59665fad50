package io.tandem.host.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of files this process does not hold SQLite locks on (backup copies, never live
 * database files: closing a Java stream on a file this process locks would drop the lock).
 */
final class Sha256 {
    private Sha256() {
    }

    static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return copy(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out} and returns the SHA-256 of the bytes copied. */
    static String copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest md = digest();
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
