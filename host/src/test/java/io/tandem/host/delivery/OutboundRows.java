package io.tandem.host.delivery;

import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.NewInbound;
import io.tandem.host.support.SessionFiles;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.migrate.SessionSchema;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.seq.SeqMinter;
import java.nio.file.Files;
import java.sql.Connection;

/**
 * Writes session rows the way the other side would, including rows a well-behaved runner never
 * writes: {@link #lax()} creates {@code outbound.db} without the CHECK constraints, as a foreign
 * or damaged runner might, so wrong parity and unknown kinds can be stored.
 */
final class OutboundRows {
    private final SessionFiles files;

    OutboundRows(SessionFiles files) {
        this.files = files;
    }

    /** Creates outbound.db with the contract's columns but no constraints (call before any row). */
    OutboundRows lax() throws Exception {
        Files.createDirectories(files.paths().outDir());
        try (Connection c = SqliteOpener.openSession(files.paths().outboundDb(), Durability.POWER)) {
            Sql.exec(c, "CREATE TABLE messages_out (id TEXT, seq, in_reply_to TEXT, timestamp TEXT, deliver_after TEXT, "
                    + "kind TEXT, platform_id TEXT, channel_type TEXT, thread_id TEXT, content TEXT)");
            Sql.exec(c, "CREATE TABLE processing_ack (message_id TEXT PRIMARY KEY, attempt INTEGER, status TEXT, "
                    + "status_changed TEXT, error TEXT)");
            Sql.exec(c, "PRAGMA user_version = 1");
        }
        return this;
    }

    /** Any row with the next odd seq; returns its id. */
    String out(String kind, String content, String channelType, String platformId, String threadId) throws Exception {
        String id = Ids.mint(Ids.MESSAGE_OUT);
        rawAt(id, null, kind, content, channelType, platformId, threadId, null);
        return id;
    }

    /** A plain chat reply to the session's chat; returns its id. */
    String chat(String text) throws Exception {
        return out("chat", Json.write(Json.object().put("text", text)), null, null, null);
    }

    /** A row with exactly the given seq (null: the next odd one) and id (may be null). */
    void rawAt(String id, Object seq, String kind, String content, String channelType, String platformId,
               String threadId, String deliverAfter) throws Exception {
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(files.paths().inboundDb());
        Files.createDirectories(files.paths().outDir());
        try (Connection c = SqliteOpener.openSession(files.paths().outboundDb(), Durability.POWER)) {
            SessionSchema.OUTBOUND.apply(c);
            String seqSql = seq == null ? minter.nextSeqSql() : "?";
            Object seqArg = seq == null ? otherMax : seq;
            Sql.tx(c, tx -> Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, deliver_after, "
                            + "kind, platform_id, channel_type, thread_id, content) VALUES (?, " + seqSql
                            + ", NULL, '2026-11-22T10:00:01.000Z', ?, ?, ?, ?, ?, ?)", id, seqArg, deliverAfter, kind,
                    platformId, channelType, threadId, content));
        }
    }

    /** Seq of an outbound row. */
    long seqOut(String id) throws Exception {
        try (Connection c = SqliteOpener.openReadOnly(files.paths().outboundDb())) {
            return Sql.longValue(c, "SELECT seq FROM messages_out WHERE id = ?", id);
        }
    }

    /** A chat message in a thread, with a platform message id; returns its seq. */
    long chatIn(String channelType, String chat, String thread, String platformMessageId) throws Exception {
        String id = Ids.mint(Ids.MESSAGE_IN);
        var content = Json.object().put("text", "hi");
        content.putObject("sender").put("id", "ann");
        NewInbound m = new NewInbound(id, MessageKind.CHAT, "2026-11-22T10:00:00.000Z", null, true, chat, channelType,
                thread, platformMessageId, null, Json.write(content));
        return files.inbound().with(files.paths(), c -> new InboundWriter().insertOne(c, files.paths(), m)).seq();
    }
}
