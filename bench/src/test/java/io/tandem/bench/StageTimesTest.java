package io.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageTimesTest {
    private static final long T0 = Instant.parse("2026-12-03T15:00:00Z").toEpochMilli();

    @TempDir
    Path data;

    @Test
    void aRoundTripIsSplitAtTheHostsRowAndTheRunnersReplyReadBackFromRealSessionFiles() throws Exception {
        Path session = session("s-1");
        inbound(session, "m-1", 2, T0 + 15, "{\"text\":\"o0-1\",\"sender\":{\"id\":\"bench\"}}");
        inbound(session, "m-2", 4, T0 + 20, "{\"text\":\"not this step\"}");
        reply(session, "r-1", 5, "m-1", T0 + 260);
        reply(session, "r-2", 7, "m-1", T0 + 270); // a second reply to the same message: the first one counts

        StageTimes.Stages s = StageTimes.read(data, Map.of("o0-1", new long[] {T0, T0 + 500}));

        assertThat(s.found()).isEqualTo(1);
        assertThat(s.toHostRow()).containsExactly(15);
        assertThat(s.toReplyRow()).containsExactly(245);
        assertThat(s.toClient()).containsExactly(240);
        assertThat(s.line()).contains("1 round trips").contains("send → host's row 15 / 15")
                .contains("host's row → runner's reply 245 / 245").contains("reply → client 240 / 240");
    }

    @Test
    void aSessionWithoutAnOutboundFileAndAMessageWithoutTextAreSkippedNotErrors() throws Exception {
        Path session = session("s-2");
        inbound(session, "m-1", 2, T0 + 5, "{\"text\":\"o0-1\"}");
        inbound(session, "m-2", 4, T0 + 6, "not json");
        Files.createDirectories(data.resolve("sessions").resolve("g").resolve("empty-folder"));

        StageTimes.Stages s = StageTimes.read(data, Map.of("o0-1", new long[] {T0, T0 + 50}));

        assertThat(s.found()).isZero();
        assertThat(s.line()).contains("no round trip of this step found");
        assertThat(StageTimes.textOf("not json")).isNull();
        assertThat(StageTimes.textOf("{\"text\":7}")).isNull();
    }

    @Test
    void aDataFolderWithoutSessionsReadsAsNothingFound() {
        assertThat(StageTimes.read(data.resolve("nowhere"), Map.of()).found()).isZero();
    }

    private Path session(String id) throws Exception {
        Path dir = data.resolve("sessions").resolve("g").resolve(id);
        Files.createDirectories(dir.resolve("out"));
        try (Connection c = SqliteOpener.openSession(dir.resolve("inbound.db"), Durability.PROCESS)) {
            SessionSchema.INBOUND.apply(c);
        }
        return dir;
    }

    private static void inbound(Path session, String id, long seq, long atMs, String content) throws Exception {
        try (Connection c = SqliteOpener.openSession(session.resolve("inbound.db"), Durability.PROCESS)) {
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_in(id, seq, kind, timestamp, series_id, content) "
                    + "VALUES (?, ?, 'chat', ?, ?, ?)", id, seq, Timestamps.format(Instant.ofEpochMilli(atMs)), id, content));
        }
    }

    private static void reply(Path session, String id, long seq, String inReplyTo, long atMs) throws Exception {
        try (Connection c = SqliteOpener.openSession(session.resolve("out").resolve("outbound.db"), Durability.PROCESS)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind, content) "
                    + "VALUES (?, ?, ?, ?, 'chat', '{\"text\":\"echo\"}')", id, seq, inReplyTo,
                    Timestamps.format(Instant.ofEpochMilli(atMs))));
        }
    }
}
