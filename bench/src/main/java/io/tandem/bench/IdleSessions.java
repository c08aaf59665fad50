package io.tandem.bench;

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
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes idle session folders offline, each as one round trip leaves it: the host's side through
 * the host's own classes ({@link SessionFolders}, {@link InboundWriter}: even seq, routing row),
 * the runner's side the way the runner writes it (odd seq minted past inbound's max, a
 * {@code completed} ack), then the host's records of it (message completed, reply delivered,
 * delivery progress settled). The result passes {@code tandem-check}.
 *
 * <p>Fast enough for 10,000: one template session is written that way, then each session is a
 * copy of its two files with fresh ids and its own chat, rewritten in one transaction per file
 * with {@code synchronous=OFF} (a bench folder has nothing to lose; a schema apply and five
 * fsync-bearing commits per session took ~70 ms each on this machine, a copy takes a few).
 */
final class IdleSessions {
    private IdleSessions() {
    }

    private record Template(SessionPaths paths, String in, String out) {
    }

    static void write(Path data, String group, List<BenchData.Chat> chats) throws Exception {
        Path scratch = Files.createTempDirectory("tandem-bench-template");
        InboundDb inbound = new InboundDb(Durability.PROCESS);
        SessionPaths tp = SessionPaths.of(scratch, group, "s-template");
        Template template = one(inbound, new SessionFolders(inbound), tp, "template");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> each = new ArrayList<>();
            for (BenchData.Chat chat : chats) {
                each.add(pool.submit(() -> {
                    copy(template, SessionPaths.of(data, group, chat.sessionId()), chat.chat());
                    return null;
                }));
            }
            for (Future<?> f : each) {
                f.get();
            }
        } finally {
            pool.shutdown();
            try (var walk = Files.walk(scratch)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The template's files under {@code paths}, with fresh ids and {@code chat} as their chat. */
    private static void copy(Template t, SessionPaths paths, String chat) throws Exception {
        Files.createDirectories(paths.inbox());
        Files.createDirectories(paths.outDir());
        Files.createDirectories(paths.agentMount());
        Files.copy(t.paths().inboundDb(), paths.inboundDb());
        Files.copy(t.paths().outboundDb(), paths.outboundDb());
        String in = Ids.mint(Ids.MESSAGE_IN);
        String out = Ids.mint(Ids.MESSAGE_OUT);
        String text = Json.write(Json.object().put("text", "hello " + chat));
        var content = Json.object().put("text", "hello " + chat);
        content.putObject("sender").put("id", "bench");
        rewrite(paths.inboundDb(), tx -> {
            Sql.update(tx, "UPDATE messages_in SET id = ?, series_id = ?, platform_id = ?, content = ? WHERE id = ?",
                    in, in, chat, Json.write(content), t.in());
            Sql.update(tx, "UPDATE session_routing SET platform_id = ?", chat);
            Sql.update(tx, "UPDATE delivered SET message_out_id = ?, platform_message_id = ? WHERE message_out_id = ?",
                    out, "bench-" + out, t.out());
            return null;
        });
        rewrite(paths.outboundDb(), tx -> {
            Sql.update(tx, "UPDATE messages_out SET id = ?, in_reply_to = ?, platform_id = ?, content = ? WHERE id = ?",
                    out, in, chat, text, t.out());
            Sql.update(tx, "UPDATE processing_ack SET message_id = ? WHERE message_id = ?", in, t.in());
            return null;
        });
    }

    private static void rewrite(Path file, Sql.TxWork<Void> work) throws Exception {
        try (Connection c = SqliteOpener.openSession(file, Durability.PROCESS)) {
            SqliteOpener.pragma(c, "synchronous=OFF");
            Sql.tx(c, work);
        }
    }

    /** One session written through the host's classes and as a runner writes; returns its message ids. */
    private static Template one(InboundDb inbound, SessionFolders folders, SessionPaths paths, String chat)
            throws Exception {
        folders.ensure(paths, new SessionFolders.Routing("http", chat, null));
        String now = Timestamps.format(Instant.now());
        String in = Ids.mint(Ids.MESSAGE_IN);
        var content = Json.object().put("text", "hello " + chat);
        content.putObject("sender").put("id", "bench");
        inbound.with(paths, c -> new InboundWriter().insertOne(c, paths, new NewInbound(in, MessageKind.CHAT, now,
                null, true, chat, "http", null, null, null, Json.write(content))));
        String out = Ids.mint(Ids.MESSAGE_OUT);
        SeqMinter minter = SeqMinter.outbound();
        long otherMax = minter.otherMax(paths.inboundDb());
        long seq;
        try (Connection c = SqliteOpener.openSession(paths.outboundDb(), Durability.PROCESS)) {
            SessionSchema.OUTBOUND.apply(c);
            seq = Sql.tx(c, tx -> {
                Sql.update(tx, "INSERT INTO messages_out(id, seq, in_reply_to, timestamp, kind, platform_id, "
                                + "channel_type, content) VALUES (?, " + minter.nextSeqSql() + ", ?, ?, 'chat', ?, 'http', ?)",
                        out, otherMax, in, now, chat, Json.write(Json.object().put("text", "hello " + chat)));
                Sql.update(tx, "INSERT INTO processing_ack(message_id, attempt, status, status_changed) "
                        + "VALUES (?, 0, 'completed', ?)", in, now);
                return minter.seqOf(tx, out);
            });
        }
        inbound.with(paths, c -> Sql.tx(c, tx -> {
            Sql.update(tx, "UPDATE messages_in SET status = 'completed' WHERE id = ?", in);
            Sql.update(tx, "INSERT INTO delivered(message_out_id, platform_message_id, status, delivered_at) "
                    + "VALUES (?, ?, 'delivered', ?)", out, "bench-" + out, now);
            Sql.update(tx, "INSERT INTO delivery_progress(id, settled_through) VALUES (1, ?)", seq);
            return null;
        }));
        return new Template(paths, in, out);
    }
}
