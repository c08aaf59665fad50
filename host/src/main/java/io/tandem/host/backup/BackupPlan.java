package io.tandem.host.backup;

import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a backup copies besides {@code central.db}, decided from the central snapshot already
 * taken: the sessions it lists (so the copy never holds a session folder its central does not
 * know), each one's {@code inbound.db} and {@code out/outbound.db} through SQLite, its inbox and
 * outbox files and {@code container.json}; {@code admin.token}, {@code tandem.conf} and the group
 * folders. Never {@code host.lock}, {@code host.json}, {@code logs/}, runner locks, heartbeats,
 * journals or WAL files: a restore must not inherit a dead process's state. Links are never
 * followed.
 */
final class BackupPlan {
    /** One file to copy; {@code sqlite} ones go through {@link DbSnapshot}. */
    record Item(String path, Path source, boolean sqlite) {
    }

    private static final Set<String> NEVER = Set.of(".heartbeat", "runner.lock", "host.lock", "host.json");

    private BackupPlan() {
    }

    /** Every folder under {@code groups/} (links not followed), so empty agent folders come back too. */
    static List<String> groupDirs(Path data) throws IOException {
        Path groups = data.resolve("groups");
        if (!Files.isDirectory(groups, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(groups)) {
            return s.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .map(d -> Folders.relative(data, d)).toList();
        }
    }

    static List<Item> after(Path data, Path centralCopy, List<String> notes) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String top : List.of("admin.token", "tandem.conf")) {
            plain(data, data.resolve(top), items);
        }
        tree(data, data.resolve("groups"), items);
        for (String[] s : sessions(centralCopy)) {
            SessionPaths p;
            try {
                p = SessionPaths.of(data, s[0], s[1]);
            } catch (IllegalArgumentException e) {
                notes.add("session " + s[1] + " skipped: " + e.getMessage());
                continue;
            }
            if (Files.isSymbolicLink(p.root()) || !Files.isRegularFile(p.inboundDb(), LinkOption.NOFOLLOW_LINKS)) {
                notes.add("session " + s[1] + " skipped: it has no inbound.db yet");
                continue;
            }
            items.add(new Item(Folders.relative(data, p.inboundDb()), p.inboundDb(), true));
            if (Files.isRegularFile(p.outboundDb(), LinkOption.NOFOLLOW_LINKS)) {
                items.add(new Item(Folders.relative(data, p.outboundDb()), p.outboundDb(), true));
            }
            plain(data, p.containerJson(), items);
            tree(data, p.inbox(), items);
            tree(data, p.outbox(), items);
        }
        return items;
    }

    private static List<String[]> sessions(Path centralCopy) {
        try (Connection c = SqliteOpener.openReadOnly(centralCopy)) {
            return Sql.list(c, "SELECT agent_group_id, id FROM sessions ORDER BY agent_group_id, id",
                    rs -> new String[] {rs.getString(1), rs.getString(2)});
        } catch (SQLException e) {
            throw new BackupException("central.db: the sessions cannot be listed: " + e.getMessage(), e);
        }
    }

    private static void plain(Path data, Path file, List<Item> items) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && copied(file)) {
            items.add(new Item(Folders.relative(data, file), file, false));
        }
    }

    private static void tree(Path data, Path dir, List<Item> items) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .forEach(f -> plain(data, f, items));
        }
    }

    private static boolean copied(Path file) {
        String n = file.getFileName().toString();
        return !NEVER.contains(n) && !n.endsWith("-journal") && !n.endsWith("-wal") && !n.endsWith("-shm");
    }
}
