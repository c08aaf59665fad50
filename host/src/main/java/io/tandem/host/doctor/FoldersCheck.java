package io.tandem.host.doctor;

import io.tandem.schema.rows.SessionStatus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Session folders against central's {@code sessions} table: a folder under
 * {@code sessions/<group>/<session>} with no row is an orphan (Tandem never reads it); an active
 * row with no folder, a symlinked folder, or ids that are not path-safe cannot be served.
 */
final class FoldersCheck implements DoctorCheck {
    static final String NAME = "folders";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> run(DoctorContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.sessions().isEmpty()) {
            return out;
        }
        Set<Path> known = new HashSet<>();
        int active = 0;
        for (SessionRow s : ctx.sessions().get()) {
            var paths = s.paths(ctx.dataDir());
            if (paths.isEmpty()) {
                out.add(Finding.error(NAME, s.subject(), "ids are not path-safe (agent group " + s.agentGroupId()
                        + "); it can have no folder", "close the session (tandem sessions close " + s.id() + ")"));
                continue;
            }
            Path root = paths.get().root();
            known.add(root);
            if (s.status() != SessionStatus.ACTIVE) {
                continue;
            }
            active++;
            if (Files.isSymbolicLink(root)) {
                out.add(Finding.error(NAME, s.subject(), ctx.rel(root) + " is a symbolic link (refused by the host)",
                        "replace the link with the real folder, or close the session"));
            } else if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                out.add(Finding.error(NAME, s.subject(), "active session with no folder " + ctx.rel(root),
                        "restore the folder from a backup, or close the session (tandem sessions close " + s.id() + ")"));
            }
        }
        List<Path> onDisk = folders(ctx.dataDir().resolve("sessions"), out, ctx);
        for (Path p : onDisk) {
            if (!known.contains(p)) {
                out.add(Finding.warn(NAME, ctx.rel(p), "orphan session folder: no sessions row names it",
                        "Tandem never reads it; move it out of the data folder once you no longer need it"));
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.ok(NAME, "sessions/", active + " active session folders present, no orphans among "
                    + onDisk.size() + " folders"));
        }
        return out;
    }

    private static List<Path> folders(Path sessions, List<Finding> out, DoctorContext ctx) {
        List<Path> all = new ArrayList<>();
        if (!Files.isDirectory(sessions)) {
            return all;
        }
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(sessions)) {
            for (Path g : groups) {
                if (!Files.isDirectory(g, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (DirectoryStream<Path> ss = Files.newDirectoryStream(g)) {
                    for (Path s : ss) {
                        if (Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(s)) {
                            all.add(s);
                        }
                    }
                }
            }
        } catch (IOException e) {
            out.add(Finding.error(NAME, ctx.rel(sessions), "cannot be listed: " + e.getMessage(),
                    "check the folder's owner and permissions"));
        }
        return all;
    }
}
