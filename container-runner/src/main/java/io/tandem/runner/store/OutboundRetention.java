package io.tandem.runner.store;

import io.tandem.schema.db.Sql;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of outbound.db (issue 11, {@code retention.messages}): the runner is the only writer of
 * its file, so it is the one that deletes the rows the host has settled (a {@code delivered} row in
 * inbound.db, delivered or failed) and that are older than the retention, with their outbox files,
 * then gives the freed pages back ({@code PRAGMA incremental_vacuum}). The newest row is always
 * kept, so seq never goes back and an agent's reference to a recent seq never meets a reused one.
 * Unsettled rows are kept whatever their age: the host may still deliver them.
 *
 * <p>Works in pages like {@link AckPruner}: one read of outbound.db, one read of inbound.db, one
 * short outbound transaction; between batches only, and a failure is logged, never fatal.
 */
public final class OutboundRetention {
    private static final Logger log = LoggerFactory.getLogger(OutboundRetention.class);
    static final int PAGE = 500;
    /** Between two runs of a long-lived runner. */
    public static final Duration EVERY = Duration.ofHours(1);

    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final Path outbox;
    private final String sessionId;
    private final Duration keep;

    public OutboundRetention(InboundReader inbound, OutboundStore outbound, Path outbox, String sessionId,
                             Duration keep) {
        this.inbound = inbound;
        this.outbound = outbound;
        this.outbox = outbox;
        this.sessionId = sessionId;
        this.keep = keep;
    }

    private record Candidate(String id, long seq) {
    }

    /** Deletes settled rows older than the retention at {@code now}; returns how many. */
    public int run(Instant now) throws SQLException {
        String cutoff = Timestamps.format(now.minus(keep));
        int deleted = 0;
        long afterSeq = -1;
        while (true) {
            long after = afterSeq;
            List<Candidate> page = outbound.tx(c -> Sql.list(c, "SELECT id, seq FROM messages_out WHERE seq > ? "
                    + "AND timestamp < ? AND seq < (SELECT max(seq) FROM messages_out) ORDER BY seq LIMIT ?",
                    rs -> new Candidate(rs.getString(1), rs.getLong(2)), after, cutoff, PAGE));
            if (page.isEmpty()) {
                break;
            }
            afterSeq = page.get(page.size() - 1).seq();
            List<String> ids = page.stream().map(Candidate::id).toList();
            Optional<Set<String>> settled = inbound.read(c -> settled(c, ids));
            if (settled.isEmpty()) {
                log.atWarn().addKeyValue("session", sessionId).log("retention.outbound_skipped");
                break;
            }
            List<String> gone = ids.stream().filter(settled.get()::contains).toList();
            if (!gone.isEmpty()) {
                deleted += outbound.tx(c -> {
                    int n = 0;
                    for (String id : gone) {
                        n += Sql.update(c, "DELETE FROM messages_out WHERE id = ?", id);
                    }
                    return n;
                });
                gone.forEach(this::deleteOutboxFiles);
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (deleted > 0) {
            outbound.vacuumIncrementally();
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("deleted", deleted)
                    .addKeyValue("older_than", cutoff).log("retention.outbound");
        }
        return deleted;
    }

    private static Set<String> settled(java.sql.Connection c, List<String> ids) throws SQLException {
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        return Set.copyOf(Sql.list(c, "SELECT message_out_id FROM delivered WHERE message_out_id IN (" + marks + ")",
                rs -> rs.getString(1), ids.toArray()));
    }

    /** The row's {@code out/outbox/<id>/} folder, if it has one (ids are minted, never paths). */
    private void deleteOutboxFiles(String id) {
        Path dir = outbox.resolve(id);
        if (!dir.normalize().getParent().equals(outbox.normalize())
                || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("id", id).addKeyValue("error", e.toString())
                    .log("retention.outbox_not_deleted");
        }
    }
}
