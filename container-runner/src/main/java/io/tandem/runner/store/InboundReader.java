package io.tandem.runner.store;

import io.tandem.schema.db.SqlErrors;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.MessageStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's one read-only ({@code mode=ro}) connection to inbound.db, kept open across polls.
 * Every read is a short autocommit statement whose result set is closed at once, so the runner
 * never holds a SHARED lock the host waits on and never sits on a stale snapshot.
 *
 * <p>A file the host has not created yet, one without schema ({@code user_version} 0), a hot
 * journal (only the host can roll it back) or any other read failure all mean "nothing readable
 * now": the read returns empty and the caller retries later; the connection is reopened after a
 * failure and whenever the file was replaced. Only a file newer than this build is an error
 * ({@code TANDEM-E005}, thrown).
 */
public final class InboundReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundReader.class);
    private static final int IN_CHUNK = 400;

    /** Why the last read had nothing; logged once per change. */
    public enum Availability { OK, MISSING, EMPTY, RECOVERING, BUSY, ERROR }

    private final Path file;
    private final String sessionId;
    private Connection conn;
    private Object fileKey;
    private Availability last = Availability.OK;

    public InboundReader(Path file, String sessionId) {
        this.file = file;
        this.sessionId = sessionId;
    }

    /** Runs {@code work} on the connection; empty when inbound.db cannot be read right now. */
    public <T> Optional<T> read(Sql.TxWork<T> work) {
        try {
            if (!ensureOpen()) {
                return Optional.empty();
            }
            // the version check and the work in one read transaction: one lock and hot-journal check
            Optional<T> value = Sql.read(conn, c -> {
                long version = Sql.longValue(c, "PRAGMA user_version");
                if (version == 0) {
                    return Optional.<T>empty();
                }
                SessionSchema.INBOUND.checkNotNewer(version);
                return Optional.of(work.run(c));
            });
            note(value.isPresent() ? Availability.OK : Availability.EMPTY, null);
            return value;
        } catch (SQLException e) {
            if (SqlErrors.isHotJournal(e)) {
                note(Availability.RECOVERING, null);
            } else if (SqlErrors.isBusy(e)) {
                note(Availability.BUSY, e);
            } else {
                note(Availability.ERROR, e);
                closeConnection();
            }
            return Optional.empty();
        } catch (IOException e) {
            note(Availability.ERROR, e);
            closeConnection();
            return Optional.empty();
        }
    }

    /** The inbound.db this reads. */
    public Path file() {
        return file;
    }

    public Availability availability() {
        return last;
    }

    private boolean ensureOpen() throws IOException, SQLException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            closeConnection();
            note(Availability.MISSING, null);
            return false;
        }
        if (!attrs.isRegularFile()) {
            closeConnection();
            note(Availability.MISSING, null);
            return false;
        }
        if (conn != null && !Objects.equals(attrs.fileKey(), fileKey)) {
            closeConnection();
        }
        if (conn == null) {
            conn = SqliteOpener.openReadOnly(file);
            fileKey = attrs.fileKey();
        }
        return true;
    }

    private void note(Availability now, Exception cause) {
        if (now == last) {
            return;
        }
        if (now == Availability.OK) {
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("was", last).log("inbound.readable");
        } else {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("status", now)
                    .addKeyValue("error", cause == null ? null : cause.toString()).log("inbound.unreadable");
        }
        last = now;
    }

    // ---- queries, each run through read(...) ----

    /** One page of due pending rows with {@code seq > afterSeq}, oldest first. */
    public static List<InboundMessage> pendingPage(Connection c, String now, boolean includeOnWake, long afterSeq,
            int limit) throws SQLException {
        return Sql.list(c, "SELECT " + InboundMessage.COLUMNS + " FROM messages_in"
                + " WHERE status = 'pending' AND (process_after IS NULL OR process_after <= ?)"
                + " AND (on_wake = 0 OR ?) AND seq > ? ORDER BY seq LIMIT ?",
                InboundMessage::map, now, includeOnWake, afterSeq, limit);
    }

    /**
     * The earliest {@code process_after} of a pending row that is not due at {@code now} (the
     * moment a scan at {@code now} could first find more), if any: what a skipped poll must not
     * sleep past.
     */
    public static Optional<String> nextDue(Connection c, String now) throws SQLException {
        return Sql.one(c, "SELECT min(process_after) FROM messages_in WHERE status = 'pending' AND process_after > ?",
                rs -> rs.getString(1), now);
    }

    public static List<Destination> destinations(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + Destination.COLUMNS + " FROM destinations ORDER BY name", Destination::map);
    }

    public static Map<String, Destination> destinationsByName(Connection c) throws SQLException {
        Map<String, Destination> out = new LinkedHashMap<>();
        for (Destination d : destinations(c)) {
            out.put(d.name(), d);
        }
        return out;
    }

    /** The {@code messages_in} row with {@code seq}, if the host wrote one into this session. */
    public static Optional<InboundMessage> bySeq(Connection c, long seq) throws SQLException {
        return Sql.one(c, "SELECT " + InboundMessage.COLUMNS + " FROM messages_in WHERE seq = ?", InboundMessage::map,
                seq);
    }

    /**
     * The thread of the latest inbound message from chat {@code platformId} on {@code channelType}
     * (empty when it had no thread or no message came from there): where a send to that chat goes.
     */
    public static Optional<String> latestThread(Connection c, String channelType, String platformId) throws SQLException {
        return Sql.one(c, "SELECT thread_id FROM messages_in WHERE channel_type = ? AND platform_id = ?"
                + " ORDER BY seq DESC LIMIT 1", rs -> rs.getString(1), channelType, platformId);
    }

    /** The largest inbound seq: the {@code otherMax} of outbound seq minting. */
    public static long maxSeq(Connection c) throws SQLException {
        return Sql.longValue(c, "SELECT coalesce(max(seq), 0) FROM messages_in");
    }

    /** {@code messages_in.tries} of the given ids that exist. */
    public static Map<String, Integer> tries(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            Sql.list(c, "SELECT id, tries FROM messages_in WHERE id IN (" + marks + ")",
                    rs -> out.put(rs.getString(1), rs.getInt(2)), chunk.toArray());
        }
        return out;
    }

    /** Where one inbound row stands: what the runner's ack pruning needs to know. */
    public record RowProgress(int tries, MessageStatus status) {
    }

    /** {@code tries} and {@code status} of the given ids that exist. */
    public static Map<String, RowProgress> progress(Connection c, Collection<String> ids) throws SQLException {
        Map<String, RowProgress> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            Sql.list(c, "SELECT id, tries, status FROM messages_in WHERE id IN (" + marks + ")",
                    rs -> out.put(rs.getString(1),
                            new RowProgress(rs.getInt(2), MessageStatus.fromWire(rs.getString(3)))),
                    chunk.toArray());
        }
        return out;
    }

    private void closeConnection() {
        SqliteOpener.closeQuietly(conn);
        conn = null;
        fileKey = null;
    }

    @Override
    public void close() {
        closeConnection();
    }
}
