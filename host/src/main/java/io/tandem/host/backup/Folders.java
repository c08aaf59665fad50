package io.tandem.host.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** Folder checks and clean-up shared by backup, restore and export. */
final class Folders {
    private Folders() {
    }

    /** Refuses {@code dir} unless it does not exist or is an empty folder; {@code flag} names the option. */
    static void requireEmptyOrAbsent(Path dir, String flag) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackupException(flag + " " + dir + " exists and is not a folder; name a new or empty folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            var first = s.findFirst();
            if (first.isPresent()) {
                throw new BackupException(flag + " " + dir + " is not empty (it holds " + first.get().getFileName()
                        + "); name a new or empty folder");
            }
        } catch (IOException e) {
            throw new BackupException(flag + " " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and parents) readable by the owner only: backups hold admin.token. */
    static void createPrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder keeps its default permissions
        }
    }

    /** Deletes {@code dir} and everything in it, without following links; best effort. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // what is left is reported by the caller's error; nothing else depends on it
        }
    }

    /** {@code file} relative to {@code root}, with {@code /} separators (the manifest's form). */
    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
