package io.tandem.host.routing;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStore;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertOutcome;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one inbound event (DESIGN 5.1): finds the chat and its wirings in central, decides
 * engagement and access per wiring, resolves the session, writes the message into each target
 * session's {@code inbound.db} on that session's lane, and only then answers. Central work runs on
 * the central lane, session work on session lanes; the steps chain, none waits on another lane.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStore store;
    private final SessionLanes lanes;
    private final SessionFolders folders;
    private final InboundDb inbound;
    private final InboundWriter writer = new InboundWriter();
    private final Engagement engagement = new Engagement();
    private final SessionWaker waker;

    public Router(Path dataDir, CentralDb central, CentralStore store, SessionLanes lanes, InboundDb inbound,
                  SessionWaker waker) {
        this.dataDir = dataDir;
        this.central = central;
        this.store = store;
        this.lanes = lanes;
        this.inbound = inbound;
        this.folders = new SessionFolders(inbound);
        this.waker = waker;
    }

    private record Target(SessionRow session, boolean trigger, SessionFolders.Routing routing) {
    }

    private record Plan(RouteResult answer, List<Target> targets, String dedupeKey) {
    }

    /**
     * Routes {@code ev}; {@code supportsThreads} comes from the adapter. The future completes after
     * the inbound commits (or with the drop reason).
     */
    public CompletableFuture<RouteResult> route(InboundEvent event, boolean supportsThreads) {
        InboundEvent ev = supportsThreads ? event : event.withoutThread();
        String messageId = Ids.mint(Ids.MESSAGE_IN);
        String answerId = ev.platformMessageId() != null ? ev.platformMessageId() : messageId;
        return central.tx(c -> plan(c, ev, answerId)).thenCompose(plan -> {
            if (plan.answer() != null) {
                return CompletableFuture.completedFuture(plan.answer());
            }
            return writeAll(ev, messageId, plan).thenCompose(result -> plan.dedupeKey() == null
                    ? CompletableFuture.completedFuture(result) : record(plan, result));
        });
    }

    private Plan plan(Connection c, InboundEvent ev, String answerId) throws SQLException {
        String dedupeKey = ev.platformMessageId() == null ? null
                : "inbound:" + ev.channelType() + ":" + ev.platformId() + ":" + ev.platformMessageId();
        if (dedupeKey != null) {
            var previous = store.kvGet(c, dedupeKey);
            if (previous.isPresent()) {
                RouteResult r = Json.read(previous.get(), RouteResult.class);
                return new Plan(r.asDuplicate(), List.of(), dedupeKey);
            }
        }
        var found = store.messagingGroup(c, ev.channelType(), ev.platformId());
        if (found.isEmpty()) {
            if (!ev.isMention()) {
                return drop(c, ev, answerId, DropReason.UNKNOWN_CHAT, null, null);
            }
            String mgId = store.insertMessagingGroup(c, ev.channelType(), ev.platformId(), null, ev.isGroup(),
                    "request_approval");
            return drop(c, ev, answerId, DropReason.NO_AGENT_WIRED, mgId, null);
        }
        MessagingGroup mg = found.get();
        if (mg.deniedAt() != null) {
            return drop(c, ev, answerId, DropReason.DENIED_CHANNEL, mg.id(), null);
        }
        List<Wiring> wirings = store.wirings(c, mg.id());
        if (wirings.isEmpty()) {
            return drop(c, ev, answerId, DropReason.NO_AGENT_WIRED, mg.id(), null);
        }
        store.upsertUser(c, ev.userId(), ev.channelType(), ev.senderName());
        List<Target> targets = new ArrayList<>();
        DropReason accessDrop = null;
        String accessGroup = null;
        for (Wiring w : wirings) {
            String threadKey = sessionThread(w, mg, ev);
            String mgKey = "agent-shared".equals(w.sessionMode()) ? null : mg.id();
            boolean sticky = "mention-sticky".equals(w.engageMode())
                    && store.activeSession(c, w.agentGroupId(), mgKey, threadKey).isPresent();
            boolean engaged = engagement.engages(w, ev, sticky);
            if (!engaged && !"accumulate".equals(w.ignoredMessagePolicy())) {
                continue;
            }
            DropReason denied = access(c, w, mg, ev);
            if (denied != null) {
                accessDrop = denied;
                accessGroup = w.agentGroupId();
                continue;
            }
            SessionRow s = store.findOrCreateSession(c, w.agentGroupId(), mgKey, threadKey);
            store.touchSession(c, s.id());
            SessionFolders.Routing routing = mgKey == null ? null
                    : new SessionFolders.Routing(ev.channelType(), ev.platformId(), threadKey);
            targets.add(new Target(s, engaged, routing));
        }
        if (targets.isEmpty()) {
            return drop(c, ev, answerId, accessDrop != null ? accessDrop : DropReason.NO_AGENT_ENGAGED, mg.id(),
                    accessGroup);
        }
        return new Plan(null, targets, dedupeKey);
    }

    private static String sessionThread(Wiring w, MessagingGroup mg, InboundEvent ev) {
        return switch (w.sessionMode()) {
            case "per-thread" -> ev.threadId();
            case "agent-shared" -> null;
            default -> mg.isGroup() ? ev.threadId() : null;
        };
    }

    private DropReason access(Connection c, Wiring w, MessagingGroup mg, InboundEvent ev) throws SQLException {
        boolean publicChat = "public".equals(mg.unknownSenderPolicy());
        boolean needsKnown = !publicChat || "known".equals(w.senderScope());
        if (!needsKnown || store.isKnownTo(c, ev.userId(), w.agentGroupId())) {
            return null;
        }
        return "request_approval".equals(mg.unknownSenderPolicy()) ? DropReason.UNKNOWN_SENDER_REQUEST_APPROVAL
                : DropReason.UNKNOWN_SENDER_STRICT;
    }

    private Plan drop(Connection c, InboundEvent ev, String answerId, DropReason reason, String mgId, String agId)
            throws SQLException {
        store.auditDrop(c, ev.channelType(), ev.platformId(), ev.userId(), ev.senderName(), reason.wire(), mgId, agId);
        log.atInfo().addKeyValue("channel", ev.channelType()).addKeyValue("chat", ev.platformId())
                .addKeyValue("reason", reason.wire()).log("inbound.dropped");
        return new Plan(RouteResult.dropped(answerId, reason.wire()), List.of(), null);
    }

    private CompletableFuture<RouteResult> writeAll(InboundEvent ev, String messageId, Plan plan) {
        List<CompletableFuture<InsertOutcome>> writes = new ArrayList<>();
        List<RouteResult.Routed> routed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Target t : plan.targets()) {
            SessionRow s = t.session();
            writes.add(lanes.submit(s.id(), () -> {
                SessionPaths paths = SessionPaths.of(dataDir, s.agentGroupId(), s.id());
                io.tandem.host.session.Quarantine.reason(paths).ifPresent(r -> {
                    throw new io.tandem.host.channels.http.HttpError(503, "session_quarantined",
                            "session " + s.id() + " is quarantined: " + r);
                });
                if (!folders.exists(paths)) {
                    folders.ensure(paths, t.routing());
                }
                NewInbound row = new NewInbound(messageId, MessageKind.CHAT, ev.timestamp(), null, t.trigger(),
                        ev.platformId(), ev.channelType(), ev.threadId(), ev.platformMessageId(), null,
                        Json.write(ev.content()));
                InsertOutcome out = inbound.with(paths, c -> writer.insertOne(c, paths, row));
                log.atInfo().addKeyValue("session", s.id()).addKeyValue("seq", out.seq())
                        .addKeyValue("id", out.id()).addKeyValue("duplicate", out.duplicate())
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
            List<RouteResult.Routed> inOrder = plan.targets().stream().flatMap(t -> routed.stream()
                    .filter(r -> r.sessionId().equals(t.session().id()))).toList();
            return new RouteResult(answerId, inOrder, null, allDuplicates);
        });
    }

    /** Keeps the answer for a platform message id, so a re-post gets it back as a duplicate. */
    private CompletableFuture<RouteResult> record(Plan plan, RouteResult result) {
        return central.tx(c -> {
            store.kvPut(c, plan.dedupeKey(), Json.write(result), null);
            return result;
        });
    }
}
