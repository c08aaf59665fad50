package io.tandem.host.importv1;

import io.tandem.host.DataFolder;
import io.tandem.host.HostLock;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.session.InboundDb;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code tandem import-v1}: a v1 {@code messages.db} into a Tandem data folder.
 *
 * <p>Order, so that a failure anywhere leaves nothing a re-run cannot finish: the v1 file is read
 * whole first (refused before the data folder is touched); then, under {@code host.lock}, every
 * central row in <b>one</b> transaction; only after that commit the session folders and their
 * rows, each session in one inbound transaction. A crash before the central commit leaves
 * nothing; one after it leaves sessions that are registered but not (fully) filled, which the
 * next run fills, because every row is found by its v1-derived key. A dry run takes no lock and
 * opens only existing files, read-only; it creates nothing, not even the data folder.
 */
public final class V1Importer {
    private final Path dataDir;
    private final ZoneId hostZone;
    private final Durability durability;
    private final Clock clock;

    public V1Importer(Path dataDir, ZoneId hostZone, Durability durability, Clock clock) {
        this.dataDir = dataDir;
        this.hostZone = hostZone;
        this.durability = durability;
        this.clock = clock;
    }

    public ImportReport run(Path v1File, boolean dryRun) throws IOException, SQLException {
        V1Rows.Snapshot v1 = V1Database.read(v1File);
        ImportReport report = new ImportReport(dryRun);
        CentralImport central = new CentralImport(CentralStores.sqlite(clock), hostZone);
        Instant now = clock.instant();
        if (dryRun) {
            List<SessionTarget> targets;
            Path db = dataDir.resolve("central.db");
            if (Files.isRegularFile(db)) {
                // an empty or absent -wal holds no frames: the immutable open reads the file alone and
                // touches nothing beside it; with frames (a host is running) a plain read-only open
                Path wal = dataDir.resolve("central.db-wal");
                boolean frames = Files.exists(wal) && Files.size(wal) > 0;
                try (Connection c = frames ? SqliteOpener.openReadOnly(db) : SqliteOpener.openImmutable(db)) {
                    targets = central.run(c, false, v1, report);
                }
            } else {
                targets = central.run(null, false, v1, report);
            }
            sessions(targets, v1, false, now, report, null);
            return report;
        }
        DataFolder folder = new DataFolder(dataDir);
        folder.create();
        try (HostLock lock = HostLock.acquire(dataDir);
             CentralDb db = CentralDb.open(dataDir.resolve("central.db"), clock);
             InboundDb inbound = new InboundDb(durability)) {
            List<SessionTarget> targets = db.call(c -> Sql.tx(c, tx -> central.run(tx, true, v1, report)));
            for (SessionTarget t : targets) {
                Files.createDirectories(dataDir.resolve("groups").resolve(t.folder()));
            }
            sessions(targets, v1, true, now, report, inbound);
        }
        return report;
    }

    private void sessions(List<SessionTarget> targets, V1Rows.Snapshot v1, boolean write, Instant now,
                          ImportReport report, InboundDb inbound) throws IOException, SQLException {
        Map<String, List<V1Rows.Message>> byChat = v1.messages().stream()
                .collect(Collectors.groupingBy(V1Rows.Message::chatJid));
        Map<String, List<V1Rows.Task>> byFolder = v1.tasks().stream()
                .collect(Collectors.groupingBy(V1Rows.Task::groupFolder));
        SessionImport sessions = write ? new SessionImport(inbound) : new SessionImport(null);
        for (SessionTarget t : targets) {
            List<V1Rows.Task> tasks = new ArrayList<>();
            for (V1Rows.Task task : byFolder.getOrDefault(t.folder(), List.of())) {
                if (task.chatJid() != null && !task.chatJid().equals(t.chatJid())) {
                    report.skipped(ImportReport.Kind.TASKS, task.id(), "chat_jid " + task.chatJid()
                            + " is not the registered chat of group " + t.folder(), 1);
                } else {
                    tasks.add(task);
                }
            }
            sessions.run(dataDir, t, byChat.getOrDefault(t.chatJid(), List.of()), tasks, write, now, report);
            byChat.remove(t.chatJid());
            byFolder.remove(t.folder());
        }
        byChat.forEach((jid, ms) -> report.skipped(ImportReport.Kind.MESSAGES, "chat " + jid,
                "the chat has no imported group (no session to hold its history)", ms.size()));
        byFolder.forEach((folder, ts) -> ts.forEach(task -> report.skipped(ImportReport.Kind.TASKS, task.id(),
                "group folder " + folder + " has no imported session", 1)));
    }
}
