package io.tandem.host.tasks;

import io.tandem.host.session.RowsFinished;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues recurring series where the host finishes rows (the ack sync of delivery and of the
 * session controller, and recovery's {@code failed}): in the SAME inbound transaction that sets a
 * row {@code completed} or {@code failed}, its next occurrence is inserted and its recurrence
 * cleared ({@link SeriesFollowUps} decides). {@link #prepare} runs before that transaction, on the
 * same connection: it finds which rows carry a recurrence and only then reads the zone and the
 * outbound max seq, so the common path (chat rows) costs one indexed read and no other file.
 */
public final class Recurrences implements RowsFinished {
    private static final Logger log = LoggerFactory.getLogger(Recurrences.class);
    private static final SeqMinter MINTER = SeqMinter.inbound();

    private final TaskZones zones;

    public Recurrences(TaskZones zones) {
        this.zones = zones;
    }

    /** What {@link #apply} needs, read before the transaction. */
    record Prepared(List<String> candidates, ZoneId zone, long otherMax) {
    }

    /** Reads, outside any transaction, which of the rows about to finish carry a recurrence. */
    @Override
    public InTx prepare(Connection c, SessionPaths paths, Collection<String> finishing) throws SQLException {
        List<String> candidates = TaskRows.withRecurrence(c, finishing);
        if (candidates.isEmpty()) {
            return InTx.NONE;
        }
        Prepared p = new Prepared(candidates, zones.zoneOf(paths), MINTER.otherMax(paths.outboundDb()));
        return (tx, sessionId, now) -> apply(tx, sessionId, p, now).stream()
                .anyMatch(u -> u instanceof SeriesFollowUps.Next || u instanceof SeriesFollowUps.Invalid);
    }

    /**
     * Inside the caller's transaction, after the statuses are written: each candidate now finished
     * gets its follow-up. Returns what was decided for each.
     */
    List<SeriesFollowUps.FollowUp> apply(Connection tx, String sessionId, Prepared p, Instant now)
            throws SQLException {
        if (p.candidates().isEmpty()) {
            return List.of();
        }
        List<SeriesFollowUps.Finished> finished = TaskRows.finishedWithRecurrence(tx, p.candidates());
        if (finished.isEmpty()) {
            return List.of();
        }
        Set<String> series = new LinkedHashSet<>();
        finished.forEach(f -> series.add(f.seriesId()));
        List<SeriesFollowUps.FollowUp> ups = SeriesFollowUps.decide(finished, TaskRows.liveSeries(tx, series),
                p.zone(), now);
        for (SeriesFollowUps.FollowUp u : ups) {
            TaskRows.clearRecurrence(tx, u.finishedId());
            if (u instanceof SeriesFollowUps.Next n) {
                String id = Ids.mint(Ids.TASK);
                TaskRows.insert(tx, p.otherMax(), id, n.seriesId(), n.at(), n.recurrence(), n.content(), now);
                log.atInfo().addKeyValue("session", sessionId).addKeyValue("id", id).addKeyValue("series", n.seriesId())
                        .addKeyValue("after", n.finishedId()).addKeyValue("process_after", n.at()).log("task.next");
            } else if (u instanceof SeriesFollowUps.Invalid bad) {
                var note = Json.object().put("type", "task_recurrence_invalid").put("task_id", bad.finishedId())
                        .put("series_id", bad.seriesId()).put("recurrence", bad.recurrence())
                        .put("error", bad.error() + "; the series ends here");
                String noteId = Ids.mint(Ids.MESSAGE_IN);
                Sql.update(tx, "INSERT INTO messages_in(id, seq, kind, timestamp, status, series_id, trigger, content) "
                        + "VALUES (?, " + MINTER.nextSeqSql() + ", 'system', ?, 'pending', ?, 0, ?)",
                        noteId, p.otherMax(), Timestamps.format(now), noteId, Json.write(note));
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("id", bad.finishedId())
                        .addKeyValue("recurrence", bad.recurrence()).addKeyValue("error", bad.error())
                        .log("task.recurrence_invalid");
            }
        }
        return ups;
    }
}
