package io.tandem.host.session;

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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a {@link SessionSnapshot} in one pass, on the session's lane: the lock probe and what the
 * scheduler knows first, then the pending rows on the host's own connection, then the acks for
 * exactly those rows in one short read of outbound.db (on its cached read-only connection). The presence is read on the lane
 * so that, with spawns also made on the lane, no runner can appear between this read and the
 * decisions applied from it.
 */
public final class SessionSnapshotReader {
    private final OutboundReads outboundReads;

    public SessionSnapshotReader(OutboundReads outbound) {
        this.outboundReads = outbound;
    }

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
            ReadResult<Map<String, ProcessingAck>> r = outboundReads.read(paths,
                    oc -> pending.isEmpty() ? Map.<String, ProcessingAck>of() : SessionStateReader.acksFor(oc,
                            pending.stream().map(SessionSnapshot.Row::id).toList()));
            if (r.status() == ReadResult.Status.OWNER_RECOVERING) {
                outbound = SessionSnapshot.Outbound.RECOVERING;
            }
            acks = r.orElse(Map.of());
        }
        return new SessionSnapshot(s.sessionId(), pending, acks, outbound, journal, runner.lockFree(),
                runner.presence(), null);
    }
}
