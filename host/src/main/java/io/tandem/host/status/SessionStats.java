package io.tandem.host.status;

import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionRef;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Reads {@link SessionFigures} for status on the session's lane (never an event loop, never the
 * central lane): a few short queries, each served by an index or the seq key — the last row of
 * each file by seq, pending rows by the (status, process_after) index — plus one stat of
 * {@code out/.heartbeat}. The outbound file is read first, before any inbound work, and only
 * read. A file that cannot be read gives figures that say why instead of failing the status.
 */
public final class SessionStats {
    private final InboundDb inbound;
    private final SessionLanes lanes;
    private final Clock clock;

    public SessionStats(InboundDb inbound, SessionLanes lanes, Clock clock) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.clock = clock;
    }

    public CompletableFuture<SessionFigures> read(SessionRef s) {
        return lanes.submit(s.sessionId(), () -> {
            Instant beat = heartbeat(s);
            String heartbeat = beat == null ? null : Timestamps.format(beat);
            Long age = beat == null ? null : Math.max(0, Duration.between(beat, clock.instant()).toSeconds());
            if (!Files.exists(s.paths().inboundDb(), LinkOption.NOFOLLOW_LINKS)) {
                return new SessionFigures(null, null, 0, 0, 0, 0, heartbeat, age, null);
            }
            try {
                String lastOut = inbound.outbound().read(s.paths(), c -> Sql.one(c,
                        "SELECT timestamp FROM messages_out ORDER BY seq DESC LIMIT 1", rs -> rs.getString(1))
                        .orElse(null)).orElse(null);
                String now = Timestamps.now(clock);
                return inbound.with(s.paths(), c -> new SessionFigures(
                        Sql.one(c, "SELECT timestamp FROM messages_in ORDER BY seq DESC LIMIT 1", rs -> rs.getString(1))
                                .orElse(null),
                        lastOut,
                        Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'pending' "
                                + "AND (process_after IS NULL OR process_after <= ?)", now),
                        Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'pending' "
                                + "AND process_after > ?", now),
                        Sql.longValue(c, "SELECT count(*) FROM messages_in WHERE status = 'failed'"),
                        Sql.longValue(c, "SELECT count(*) FROM delivered WHERE status = 'failed'"),
                        heartbeat, age, null));
            } catch (SQLException | RuntimeException e) {
                return SessionFigures.unreadable(e.getMessage());
            }
        });
    }

    private static Instant heartbeat(SessionRef s) {
        try {
            return Files.readAttributes(s.paths().heartbeat(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).lastModifiedTime().toInstant();
        } catch (IOException e) {
            return null; // no runner has beaten yet (or the file is gone with its runner)
        }
    }
}
