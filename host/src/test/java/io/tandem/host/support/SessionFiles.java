package io.tandem.host.support;

import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionFolders;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.seq.SeqMinter;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Builds a session folder in a temp dir: the host side through the host's own classes, and the
 * container side (outbound rows, acks) the way a runner writes them, for tests with no runner.
 */
public final class SessionFiles {
    private final SessionPaths paths;
    private final InboundDb inbound = new InboundDb(Durability.POWER);

    public SessionFiles(Path dataDir, String group, String session, String channelType, String chat) throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        paths = SessionPaths.of(dataDir, group, session);
        new SessionFolders(inbound).ensure(paths, new SessionFolders.Routing(channelType, chat, null));
    }

    public SessionPaths paths() {
        return paths;
    }

    public InboundDb inbound() {
        return inbound;
    }

    /** A chat message from {@code chat} as the router writes it; returns its id. */
    public String chatIn(String channelType, String chat, String text) throws Exception {
        String id = Ids.mint(Ids.MESSAGE_IN);
        var content = Json.object().put("text", text);
        content.putObject("sender").put("id", "ann");
        NewInbound m = new NewInbound(id, MessageKind.CHAT, "2026-11-22T10:00:00.000Z", null, true, chat, channelType,
                null, null, null, Json.write(content));
        inbound.with(paths, c -> new InboundWriter().insertOne(c, paths, m));
        return id;
    }

    /** A {@code messages_out} row as a runner writes it (odd seq); returns its id. */
    public String replyOut(String inReplyTo, String channelType, String chat, String text) throws Exception {
        String id = Ids.mint(Ids.MESSAGE_OUT);
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(paths.inboundDb());
        java.nio.file.Files.createDirectories(paths.outDir());
        try (Connection c = SqliteOpener.openSession(paths.outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind, "
                            + "platform_id, channel_type, content) VALUES (?, " + minter.nextSeqSql()
                            + ", ?, '2026-11-22T10:00:01.000Z', 'chat', ?, ?, ?)", id, otherMax, inReplyTo, chat,
                    channelType, Json.write(Json.object().put("text", text))));
        }
        return id;
    }

    /** A {@code processing_ack} row as a runner writes it. */
    public void ack(String messageId, int attempt, String status) throws Exception {
        try (Connection c = SqliteOpener.openSession(paths.outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed) "
                    + "VALUES (?, ?, ?, '2026-11-22T10:00:01.000Z') ON CONFLICT(message_id) DO UPDATE SET "
                    + "attempt = excluded.attempt, status = excluded.status", messageId, attempt, status));
        }
    }
}
