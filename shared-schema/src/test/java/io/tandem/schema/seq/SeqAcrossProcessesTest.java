package io.tandem.schema.seq;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.testsupport.ChildJvm;
import io.tandem.schema.testsupport.SeqWriterMain;
import io.tandem.schema.testsupport.SessionFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 2 across two real processes: the host side mints even seq into inbound.db while the
 * runner side mints odd seq into out/outbound.db, each reading only the other's max before its
 * own write transaction. Seq stays unique across both tables and no SQLITE_BUSY surfaces.
 */
class SeqAcrossProcessesTest {
    private static final int ROWS = 2000;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void twoProcessesMintingConcurrentlyNeverCollideAndKeepTheirParity() throws Exception {
        Files.createDirectories(data.resolve("sessions"));
        SessionPaths session = SessionPaths.of(data, "ag-1", "s-1");
        SessionFiles.create(session.inboundDb(), SessionSchema.INBOUND);
        SessionFiles.create(session.outboundDb(), SessionSchema.OUTBOUND);

        try (ChildJvm host = ChildJvm.start(SeqWriterMain.class, "in", session.root().toString(), "" + ROWS);
                ChildJvm runner = ChildJvm.start(SeqWriterMain.class, "out", session.root().toString(), "" + ROWS)) {
            host.awaitLine("ready", LIMIT);
            runner.awaitLine("ready", LIMIT);
            host.send("go");
            runner.send("go");
            host.awaitLine("done", LIMIT);
            runner.awaitLine("done", LIMIT);
            assertThat(host.awaitExit(LIMIT)).as(host.transcript()).isZero();
            assertThat(runner.awaitExit(LIMIT)).as(runner.transcript()).isZero();
        }

        List<Long> in = new ArrayList<>();
        List<Long> out = new ArrayList<>();
        try (Connection c = SqliteOpener.openReadOnly(session.inboundDb())) {
            // rowid order is insertion order; records reject a wrong parity on the way out
            for (InboundMessage m : Sql.list(c, "SELECT " + InboundMessage.COLUMNS + " FROM messages_in ORDER BY rowid",
                    InboundMessage::map)) {
                in.add(m.seq());
            }
        }
        try (Connection c = SqliteOpener.openReadOnly(session.outboundDb())) {
            for (OutboundMessage m : Sql.list(c, "SELECT " + OutboundMessage.COLUMNS
                    + " FROM messages_out ORDER BY rowid", OutboundMessage::map)) {
                out.add(m.seq());
            }
        }

        assertThat(in).hasSize(ROWS).allMatch(s -> s % 2 == 0 && s > 0);
        assertThat(out).hasSize(ROWS).allMatch(s -> s % 2 == 1);
        Set<Long> all = new HashSet<>(in);
        all.addAll(out);
        assertThat(all).as("seq unique across both tables").hasSize(2 * ROWS);
        assertThat(in).as("each side's seq grows with its inserts").isSorted();
        assertThat(out).isSorted();
        // The two ranges interleave: the writers really ran at the same time and each minted
        // above what it had read of the other side.
        assertThat(in.get(in.size() - 1)).isGreaterThan(out.get(0));
        assertThat(out.get(out.size() - 1)).isGreaterThan(in.get(0));
        assertThat(session.inboundJournal()).doesNotExist();
        assertThat(session.outboundJournal()).doesNotExist();
    }
}
