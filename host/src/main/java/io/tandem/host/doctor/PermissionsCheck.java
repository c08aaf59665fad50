package io.tandem.host.doctor;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files and folders of the data folder this user cannot read (the host would fail on them), and an
 * {@code admin.token} readable by others. Agent workspaces under {@code groups/} are the agents'
 * own and are not walked. At most {@link #LIMIT} unreadable paths are listed, then a count.
 */
final class PermissionsCheck implements DoctorCheck {
    static final String NAME = "permissions";
    static final int LIMIT = 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        List<Finding> out = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        Path groups = ctx.dataDir().resolve("groups");
        try {
            Files.walkFileTree(ctx.dataDir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
                        unreadable.add(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return dir.getParent() != null && dir.getParent().equals(groups)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !Files.isReadable(file) && Files.exists(file)) {
                        unreadable.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (Files.exists(file)) { // vanished while walking (a journal, a tmp file) is fine
                        unreadable.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            out.add(Finding.error(NAME, ".", "cannot be walked: " + e.getMessage(), "check the folder's permissions"));
        }
        for (Path p : unreadable.subList(0, Math.min(LIMIT, unreadable.size()))) {
            out.add(Finding.error(NAME, ctx.rel(p), "not readable by this user",
                    "chown/chmod it so the host's user can read it"));
        }
        if (unreadable.size() > LIMIT) {
            out.add(Finding.error(NAME, ".", (unreadable.size() - LIMIT) + " more unreadable paths",
                    "chown -R the data folder to the host's user"));
        }
        Path token = ctx.dataDir().resolve("admin.token");
        try {
            if (Files.exists(token)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(token);
                if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    out.add(Finding.warn(NAME, "admin.token", "readable by others than its owner",
                            "chmod 600 " + token));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            out.add(Finding.warn(NAME, "admin.token", "permissions cannot be read: " + e.getMessage(),
                    "check the file"));
        }
        if (out.isEmpty()) {
            out.add(Finding.ok(NAME, ".", "every file is readable; admin.token is 0600"));
        }
        return out;
    }
}
