package io.tandem.host.session;

import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.ReadResult;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads a {@link SessionSnapshot} in one pass, on the session's lane: the lock probe and what the
 * scheduler knows first, then the pending rows on the host's own connection, then the acks for
 * exactly those rows in one short read-only open of outbound.db. The presence is read on the lane
 * so that, with spawns also made on the lane, no runner can appear between this read and the
 * decisions applied from it.
 */
public final class SessionSnapshotReader {
    private static final int CHUNK = 500;

    /** The presence and the lock, read first: a runner spawned later is always seen as ours. */
    public record Runner(RunnerPresence presence, boolean lockFree) {
    }

    public Runner runner(SessionRef s, Supplier<RunnerPresence> presence) throws IOException {
        RunnerPresence p = presence.get();
        return new Runner(p, ExclusiveFileLock.isFree(s.paths().runnerLock()));
    }

    /** Reads the rest using {@code c}, an open inbound connection of this session. */
    public SessionSnapshot read(Connection c, SessionRef s, Runner runner) throws SQLException {
        SessionPaths paths = s.paths();
        List<SessionSnapshot.Row> pending = Sql.list(c, "SELECT id, seq, tries, trigger, process_after, timestamp "
                        + "FROM messages_in WHERE status = 'pending' ORDER BY seq",
                rs -> new SessionSnapshot.Row(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4) != 0,
                        rs.getString(5), rs.getString(6)));
        boolean journal = Files.exists(paths.outboundJournal(), LinkOption.NOFOLLOW_LINKS);
        Map<String, ProcessingAck> acks = Map.of();
        SessionSnapshot.Outbound outbound = SessionSnapshot.Outbound.READ;
        if (!pending.isEmpty() || journal) {
            ReadResult<Map<String, ProcessingAck>> r = ReadOnlyReads.read(paths.outboundDb(),
                    oc -> pending.isEmpty() ? Map.<String, ProcessingAck>of() : acks(oc, pending));
            if (r.status() == ReadResult.Status.OWNER_RECOVERING) {
                outbound = SessionSnapshot.Outbound.RECOVERING;
            }
            acks = r.orElse(Map.of());
        }
        return new SessionSnapshot(s.sessionId(), pending, acks, outbound, journal, runner.lockFree(),
                runner.presence(), null);
    }

    private static Map<String, ProcessingAck> acks(Connection outbound, List<SessionSnapshot.Row> pending)
            throws SQLException {
        Map<String, ProcessingAck> out = new HashMap<>();
        for (int i = 0; i < pending.size(); i += CHUNK) {
            List<SessionSnapshot.Row> part = pending.subList(i, Math.min(pending.size(), i + CHUNK));
            String marks = part.stream().map(r -> "?").collect(Collectors.joining(","));
            for (ProcessingAck a : Sql.list(outbound, "SELECT message_id, attempt, status, status_changed, error "
                    + "FROM processing_ack WHERE message_id IN (" + marks + ")", ProcessingAck::map,
                    part.stream().map(SessionSnapshot.Row::id).toArray())) {
                out.put(a.messageId(), a);
            }
        }
        return out;
    }
}
