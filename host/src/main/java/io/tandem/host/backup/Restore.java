package io.tandem.host.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * {@code tandem restore}: a backup into a new data folder, all or nothing. Every file the
 * manifest lists is checked (present, size, SHA-256) before anything is written; the files are
 * then copied into a hidden staging folder (a sibling of a new target, or inside an existing
 * empty one, which may be a mount point), hashed again as they are copied, and moved into place
 * only when all matched. A target that holds anything is
 * refused: a restore never mixes with, or overwrites, a data folder.
 */
public final class Restore {
    private Restore() {
    }

    public static Manifest run(Path from, Path target, Progress progress) {
        Manifest m = Manifest.read(from);
        Folders.requireEmptyOrAbsent(target, "--data");
        Path targetAbs = target.toAbsolutePath().normalize();
        for (Manifest.Entry e : m.files()) {
            requireSafe(e.path());
        }
        m.dirs().forEach(Restore::requireSafe);
        for (Manifest.Entry e : m.files()) {
            verify(from, e);
        }
        boolean existing = Files.isDirectory(targetAbs, LinkOption.NOFOLLOW_LINKS);
        // an existing empty target may be a mount point: stage inside it, on its own file system
        Path staging = existing ? targetAbs.resolve(".restoring-" + UUID.randomUUID())
                : targetAbs.resolveSibling("." + targetAbs.getFileName() + ".restoring-" + UUID.randomUUID());
        try {
            Folders.createPrivate(staging);
            int done = 0;
            for (Manifest.Entry e : m.files()) {
                copy(from, staging, e);
                progress.step(++done, m.files().size(), e.path(), e.size());
            }
            for (String d : m.dirs()) {
                Files.createDirectories(staging.resolve(d));
            }
            mountPoints(staging, m);
            Path token = staging.resolve("admin.token");
            if (Files.isRegularFile(token)) {
                Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            }
            if (existing) {
                moveChildren(staging, targetAbs);
            } else {
                Files.move(staging, targetAbs, StandardCopyOption.ATOMIC_MOVE);
            }
            return m;
        } catch (IOException e) {
            Folders.deleteTree(staging);
            throw new BackupException("restore into " + target + " failed: " + e + "; nothing was restored", e);
        } catch (RuntimeException e) {
            Folders.deleteTree(staging);
            throw e;
        }
    }

    /** Renames everything in {@code staging} into {@code target}, then removes the empty staging folder. */
    private static void moveChildren(Path staging, Path target) throws IOException {
        try (var children = Files.list(staging)) {
            for (Path c : (Iterable<Path>) children::iterator) {
                Files.move(c, target.resolve(c.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.delete(staging);
    }

    /** A manifest path is relative, normalised and stays inside the folder it names a file in. */
    static void requireSafe(String path) {
        Path p = Path.of(path);
        if (path.isEmpty() || p.isAbsolute() || !p.normalize().equals(p) || p.startsWith("..")
                || path.contains("\\") || path.equals(Manifest.FILE)) {
            throw new BackupException("the manifest lists an unsafe path '" + path + "'; nothing was restored");
        }
    }

    private static void verify(Path from, Manifest.Entry e) {
        Path f = from.resolve(e.path());
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupException(e.path() + " is listed in the manifest but missing from the backup; "
                        + "nothing was restored");
            }
            long size = Files.size(f);
            if (size != e.size()) {
                throw new BackupException(e.path() + " has " + size + " bytes, the manifest says " + e.size()
                        + ": the backup was changed or damaged; nothing was restored");
            }
            if (!Sha256.of(f).equals(e.sha256())) {
                throw new BackupException(e.path() + " does not match its SHA-256 in the manifest: the backup was "
                        + "changed or damaged; nothing was restored");
            }
        } catch (IOException io) {
            throw new BackupException(e.path() + " cannot be read from the backup: " + io.getMessage()
                    + "; nothing was restored", io);
        }
    }

    private static void copy(Path from, Path staging, Manifest.Entry e) throws IOException {
        Path dest = staging.resolve(e.path());
        Files.createDirectories(dest.getParent());
        String sha;
        try (InputStream in = Files.newInputStream(from.resolve(e.path()), LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
            sha = Sha256.copy(in, out);
        }
        if (!sha.equals(e.sha256())) {
            throw new BackupException(e.path() + " changed while it was restored; nothing was restored");
        }
    }

    /** Each restored session folder gets the empty {@code out/} and {@code agent/} the host creates. */
    private static void mountPoints(Path staging, Manifest m) throws IOException {
        Set<Path> sessions = new HashSet<>();
        for (Manifest.Entry e : m.files()) {
            Path p = Path.of(e.path());
            if (p.getNameCount() == 4 && p.startsWith("sessions") && p.endsWith("inbound.db")) {
                sessions.add(staging.resolve(p).getParent());
            }
        }
        for (Path s : sessions) {
            Files.createDirectories(s.resolve("out"));
            Files.createDirectories(s.resolve("agent"));
        }
    }
}
