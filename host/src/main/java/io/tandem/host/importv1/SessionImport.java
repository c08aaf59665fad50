package io.tandem.host.importv1;

import io.tandem.host.importv1.ImportReport.Kind;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertOutcome;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.tasks.TaskRows;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The session half of an import: one session's v1 history as {@code completed} chat rows
 * (trigger 0, the v1 timestamp, even seq minted by {@link InboundWriter} in timestamp order) and
 * its v1 tasks as task rows ({@link TaskRows}), all in one inbound transaction. The folder is made
 * by {@link SessionFolders}, as the host makes it. Row ids derive from v1 keys and chat rows carry
 * the v1 message id as {@code platform_message_id}, so a row already there is left alone and
 * counted as present. A dry run only reads ({@code mode=ro}), and only files that exist.
 */
final class SessionImport {
    private final InboundDb inbound;
    private final SessionFolders folders;
    private final InboundWriter writer = new InboundWriter();

    SessionImport(InboundDb inbound) {
        this.inbound = inbound;
        this.folders = new SessionFolders(inbound);
    }

    /** A row to write: a chat message or a task, with the item name the report shows. */
    private sealed interface Row permits ChatRow, TaskRow {
        String id();

        String item();

        Kind kind();
    }

    private record ChatRow(String id, NewInbound row, String item) implements Row {
        @Override
        public Kind kind() {
            return Kind.MESSAGES;
        }
    }

    private record TaskRow(String id, V1Mapping.TaskPlan plan, String item) implements Row {
        @Override
        public Kind kind() {
            return Kind.TASKS;
        }
    }

    void run(Path dataDir, SessionTarget t, List<V1Rows.Message> messages, List<V1Rows.Task> tasks, boolean write,
             Instant now, ImportReport report) throws IOException, SQLException {
        List<Row> rows = rows(t, messages, tasks, now, report);
        if (!write) {
            dryRun(dataDir, t, rows, report);
            return;
        }
        SessionPaths paths = SessionPaths.of(dataDir, t.agentGroupId(), t.sessionId());
        folders.ensure(paths, new SessionFolders.Routing(t.chat().channelType(), t.chat().platformId(), null));
        long otherMax = writer.otherMax(paths);
        List<Runnable> counts = inbound.with(paths, c -> Sql.tx(c, tx -> {
            List<Runnable> out = new ArrayList<>();
            for (Row r : rows) {
                boolean added = r instanceof ChatRow m ? history(tx, m, otherMax)
                        : task(tx, (TaskRow) r, otherMax, now);
                out.add(added ? () -> report.imported(r.kind(), r.item()) : () -> report.present(r.kind()));
            }
            return out;
        }));
        // counted only once the transaction committed
        counts.forEach(Runnable::run);
    }

    /** A history row: written as the router writes a message, then finished at once. */
    private boolean history(Connection tx, ChatRow m, long otherMax) throws SQLException {
        InsertOutcome o = writer.insert(tx, m.row(), otherMax);
        if (o.duplicate()) {
            return false;
        }
        Sql.update(tx, "UPDATE messages_in SET status = 'completed' WHERE id = ?", o.id());
        return true;
    }

    private static boolean task(Connection tx, TaskRow t, long otherMax, Instant now) throws SQLException {
        boolean added = TaskRows.insert(tx, otherMax, t.id(), t.id(), t.plan().processAfter(), t.plan().recurrence(),
                t.plan().content(), now);
        if (added && t.plan().paused()) {
            TaskRows.setStatus(tx, t.id(), "pending", "paused", false);
        }
        return added;
    }

    private static List<Row> rows(SessionTarget t, List<V1Rows.Message> messages, List<V1Rows.Task> tasks,
                                  Instant now, ImportReport report) {
        record Timed(String timestamp, ChatRow row) {
        }
        List<Timed> chat = new ArrayList<>();
        for (V1Rows.Message m : messages) {
            V1Mapping.Mapped<String> ts = V1Mapping.timestamp(m.timestamp());
            if (!ts.ok()) {
                report.skipped(Kind.MESSAGES, m.chatJid() + "/" + m.id(), ts.skipReason(), 1);
                continue;
            }
            String id = V1Mapping.messageId(m.chatJid(), m.id());
            chat.add(new Timed(ts.value(), new ChatRow(id, new NewInbound(id, MessageKind.CHAT, ts.value(), null, false,
                    t.chat().platformId(), t.chat().channelType(), null, m.id(), null, V1Mapping.chatContent(m)),
                    m.chatJid() + "/" + m.id())));
        }
        chat.sort(Comparator.comparing(Timed::timestamp).thenComparing(x -> x.row().row().platformMessageId()));
        List<Row> rows = new ArrayList<>(chat.stream().map(Timed::row).toList());
        for (V1Rows.Task task : tasks) {
            V1Mapping.Mapped<V1Mapping.TaskPlan> plan = V1Mapping.task(task, t.zone(), now);
            if (!plan.ok()) {
                report.skipped(Kind.TASKS, task.id(), plan.skipReason(), 1);
                continue;
            }
            rows.add(new TaskRow(V1Mapping.taskId(task.id()), plan.value(), task.id()));
        }
        return rows;
    }

    private static void dryRun(Path dataDir, SessionTarget t, List<Row> rows, ImportReport report)
            throws SQLException {
        Path db = t.sessionId() == null ? null : SessionPaths.of(dataDir, t.agentGroupId(), t.sessionId()).inboundDb();
        java.util.Set<String> present = java.util.Set.of();
        if (db != null && Files.isRegularFile(db) && !rows.isEmpty()) {
            try (Connection c = SqliteOpener.openReadOnly(db)) {
                present = new java.util.HashSet<>(Sql.list(c, "SELECT id FROM messages_in", rs -> rs.getString(1)));
            }
        }
        for (Row r : rows) {
            if (present.contains(r.id())) {
                report.present(r.kind());
            } else {
                report.imported(r.kind(), r.item());
            }
        }
    }
}
