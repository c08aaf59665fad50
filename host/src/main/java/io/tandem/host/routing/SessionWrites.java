package io.tandem.host.routing;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.session.Inbox;
import io.tandem.host.session.InboxFile;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertBatcher;
import io.tandem.host.session.InsertOutcome;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's second half: writes one routed message into the {@code inbound.db} of each target
 * session, on that session's lane (folder and attachments first, then the row), and wakes the
 * sessions it triggers. Queued inserts of one session share one commit ({@link InsertBatcher});
 * the answer completes only after every target's commit, so a 202 is never sent for a row that
 * is not on disk, and attachment files exist only for the row that names them.
 */
final class SessionWrites {
    private static final Logger log = LoggerFactory.getLogger(SessionWrites.class);

    private final SessionPathCache sessionPaths;
    private final SessionLanes lanes;
    private final SessionFolders folders;
    private final InsertBatcher inserts;
    private final Inbox inbox;
    private final SessionWaker waker;

    SessionWrites(Path dataDir, SessionLanes lanes, InboundDb inbound, SessionWaker waker) {
        this.sessionPaths = new SessionPathCache(dataDir);
        this.lanes = lanes;
        this.folders = new SessionFolders(inbound);
        this.inserts = new InsertBatcher(lanes, inbound, new InboundWriter());
        this.inbox = new Inbox(inbound.durability());
        this.waker = waker;
    }

    CompletableFuture<RouteResult> writeAll(InboundEvent ev, String messageId, List<RouteTarget> targets) {
        List<CompletableFuture<InsertOutcome>> writes = new ArrayList<>();
        List<RouteResult.Routed> routed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<InboxFile> files = ev.attachments();
        var content = files.isEmpty() ? ev.content() : Inbox.describe(ev.content(), messageId, files);
        for (RouteTarget t : targets) {
            SessionRow s = t.session();
            SessionPaths paths = sessionPaths.of(s.agentGroupId(), s.id());
            AtomicBoolean wroteFiles = new AtomicBoolean();
            // queued inserts of one session share one commit; each future completes after that commit
            CompletableFuture<InsertOutcome> write = inserts.insert(s.id(), paths, () -> {
                if (!folders.exists(paths)) {
                    folders.ensure(paths, t.routing());
                }
                if (!files.isEmpty()) {
                    // on the lane, before the commit that references them; a failure removes them and refuses the row
                    inbox.write(paths, messageId, files);
                    wroteFiles.set(true);
                }
                return new NewInbound(messageId, MessageKind.CHAT, ev.timestamp(), null, t.trigger(),
                        ev.platformId(), ev.channelType(), ev.threadId(), ev.platformMessageId(), null,
                        Json.write(content));
            });
            if (!files.isEmpty()) {
                write = keepFilesOnlyWithTheirRow(write, s.id(), paths, messageId, files, wroteFiles);
            }
            writes.add(write.thenApply(out -> {
                log.atInfo().addKeyValue("session", s.id()).addKeyValue("agent_group", s.agentGroupId())
                        .addKeyValue("seq", out.seq()).addKeyValue("id", out.id())
                        .addKeyValue("duplicate", out.duplicate())
                        .log("inbound.accepted");
                if (t.trigger() && !out.duplicate()) {
                    waker.wake(s.id());
                }
                routed.add(new RouteResult.Routed(s.id(), s.agentGroupId(), out.seq()));
                return out;
            }));
        }
        String answerId = ev.platformMessageId() != null ? ev.platformMessageId() : messageId;
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> {
            boolean allDuplicates = writes.stream().allMatch(w -> w.join().duplicate());
            List<RouteResult.Routed> inOrder = targets.stream().flatMap(t -> routed.stream()
                    .filter(r -> r.sessionId().equals(t.session().id()))).toList();
            return new RouteResult(answerId, inOrder, null, allDuplicates);
        });
    }

    /**
     * Attachments written for a row that was not committed, or that turned out to be a re-delivery
     * of an earlier row (which keeps its own files, untouched), are removed on the session's lane
     * before the caller hears the outcome: files exist only for the row that names them.
     */
    private CompletableFuture<InsertOutcome> keepFilesOnlyWithTheirRow(CompletableFuture<InsertOutcome> write,
            String sessionId, SessionPaths paths, String messageId, List<InboxFile> files, AtomicBoolean wroteFiles) {
        return write.handle((out, err) -> {
            boolean orphaned = wroteFiles.get() && (err != null || !out.id().equals(messageId));
            if (!orphaned) {
                return write;
            }
            log.atDebug().addKeyValue("session", sessionId).addKeyValue("id", messageId)
                    .addKeyValue("duplicate", err == null).log("inbox.orphans_removed");
            return lanes.submit(sessionId, () -> {
                inbox.remove(paths, messageId, files);
                return null;
            }).handle((v, removeErr) -> null).thenCompose(v -> write);
        }).thenCompose(f -> f);
    }
}
