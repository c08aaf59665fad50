package io.tandem.host.routing;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.host.metrics.HostMetrics;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.Role;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Deduplication: the answer for a platform message id is kept in {@code chat_sdk_kv} under
 * {@code inbound:<channel>:<chat>:<platform message id>} until now + {@code dedupeTtl}; a re-post
 * within that window gets the same answer back as a duplicate without routing. After it, the key
 * has expired (and is purged by {@link io.tandem.host.central.Housekeeping}), so a re-post is routed
 * as new: wiring and access are decided again, and only a session whose {@code inbound.db} still
 * holds the message (its unique platform message index) answers it as a duplicate without a
 * second row or a wake.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores stores;
    private final SessionWrites writes;
    private final Engagement engagement = new Engagement();
    private final Clock clock;
    private final Duration dedupeTtl;
    private final AccessHooks hooks;
    private final HostMetrics metrics;

    public Router(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes, InboundDb inbound,
                  SessionWaker waker, Clock clock, Duration dedupeTtl) {
        this(dataDir, central, stores, lanes, inbound, waker, clock, dedupeTtl, AccessHooks.NONE);
    }

    /** {@code hooks} hold messages for sender approval and start channel registration. */
    public Router(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes, InboundDb inbound,
                  SessionWaker waker, Clock clock, Duration dedupeTtl, AccessHooks hooks) {
        this(dataDir, central, stores, lanes, inbound, waker, clock, dedupeTtl, hooks, HostMetrics.none());
    }

    /** {@code metrics} counts every answer: routed, dropped by reason, or duplicate. */
    public Router(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes, InboundDb inbound,
                  SessionWaker waker, Clock clock, Duration dedupeTtl, AccessHooks hooks, HostMetrics metrics) {
        if (dedupeTtl.isNegative() || dedupeTtl.isZero()) {
            throw new IllegalArgumentException("adapters.dedupe_ttl must be positive, got " + dedupeTtl);
        }
        this.dataDir = dataDir;
        this.central = central;
        this.stores = stores;
        this.writes = new SessionWrites(dataDir, lanes, inbound, waker);
        this.clock = clock;
        this.dedupeTtl = dedupeTtl;
        this.hooks = hooks;
        this.metrics = metrics;
    }

    /** {@code afterCommit} (null for none) runs once the planning transaction committed. */
    private record Plan(RouteResult answer, List<RouteTarget> targets, String dedupeKey, Runnable afterCommit) {
        Plan(RouteResult answer, List<RouteTarget> targets, String dedupeKey) {
            this(answer, targets, dedupeKey, null);
        }
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
            if (plan.afterCommit() != null) {
                try {
                    plan.afterCommit().run();
                } catch (RuntimeException e) {
                    log.atWarn().addKeyValue("chat", ev.platformId()).addKeyValue("error", e.toString())
                            .log("route.after_commit_failed");
                }
            }
            if (plan.answer() != null) {
                return CompletableFuture.completedFuture(plan.answer());
            }
            return writes.writeAll(ev, messageId, plan.targets()).thenCompose(result -> plan.dedupeKey() == null
                    ? CompletableFuture.completedFuture(result) : record(plan, result));
        }).whenComplete((result, err) -> {
            if (result != null) {
                count(ev.channelType(), result);
            }
        });
    }

    private void count(String channel, RouteResult r) {
        if (r.duplicate()) {
            metrics.duplicate(channel);
        } else if (r.dropped() != null) {
            metrics.dropped(channel, r.dropped());
        } else {
            metrics.routed(channel);
        }
    }

    private Plan plan(Connection c, InboundEvent ev, String answerId) throws SQLException {
        String dedupeKey = ev.platformMessageId() == null ? null
                : "inbound:" + ev.channelType() + ":" + ev.platformId() + ":" + ev.platformMessageId();
        if (dedupeKey != null) {
            var previous = stores.adapterState().kvGet(c, dedupeKey);
            if (previous.isPresent()) {
                RouteResult r = Json.read(previous.get(), RouteResult.class);
                return new Plan(r.asDuplicate(), List.of(), dedupeKey);
            }
        }
        var found = stores.channels().messagingGroup(c, ev.channelType(), ev.platformId());
        if (found.isEmpty()) {
            if (!ev.isMention()) {
                return drop(c, ev, answerId, DropReason.UNKNOWN_CHAT, null, null);
            }
            String mgId = stores.channels().insertMessagingGroup(c, ev.channelType(), ev.platformId(), null,
                    ev.isGroup(), UnknownSenderPolicy.REQUEST_APPROVAL);
            return unwired(c, ev, answerId, stores.channels().messagingGroupById(c, mgId).orElseThrow());
        }
        MessagingGroup mg = found.get();
        if (mg.deniedAt() != null) {
            return drop(c, ev, answerId, DropReason.DENIED_CHANNEL, mg.id(), null);
        }
        List<Wiring> wirings = stores.channels().wirings(c, mg.id());
        if (wirings.isEmpty()) {
            return unwired(c, ev, answerId, mg);
        }
        stores.users().upsertUser(c, ev.userId(), ev.channelType(), ev.senderName());
        List<RouteTarget> targets = new ArrayList<>();
        DropReason accessDrop = null;
        String accessGroup = null;
        String command = AdminCommands.command(ev.text());
        String commandDenied = null;
        for (Wiring w : wirings) {
            String threadKey = sessionThread(w, mg, ev);
            String mgKey = sessionChat(w, mg);
            boolean sticky = switch (w.engageMode()) {
                case MENTION_STICKY -> stores.sessions().activeSession(c, w.agentGroupId(), mgKey, threadKey)
                        .isPresent();
                case PATTERN, MENTION -> false;
            };
            boolean engaged = engagement.engages(w, ev, sticky);
            log.atDebug().addKeyValue("chat", ev.platformId()).addKeyValue("agent_group", w.agentGroupId())
                    .addKeyValue("engage_mode", w.engageMode().wire()).addKeyValue("engaged", engaged)
                    .addKeyValue("sticky", sticky).log("route.wiring");
            if (!engaged && w.ignoredMessagePolicy() != IgnoredMessagePolicy.ACCUMULATE) {
                continue;
            }
            DropReason denied = access(c, w, mg, ev);
            if (denied != null) {
                accessDrop = denied;
                accessGroup = w.agentGroupId();
                continue;
            }
            if (command != null && !adminOf(c, ev.userId(), w.agentGroupId())) {
                commandDenied = w.agentGroupId();
                continue;
            }
            SessionRow s = stores.sessions().findOrCreateSession(c, w.agentGroupId(), mgKey, threadKey);
            stores.sessions().touchSession(c, s.id());
            SessionFolders.Routing routing = mgKey == null ? null
                    : new SessionFolders.Routing(ev.channelType(), ev.platformId(), threadKey);
            targets.add(new RouteTarget(s, engaged, routing));
        }
        if (targets.isEmpty() && commandDenied != null) {
            log.atInfo().addKeyValue("chat", ev.platformId()).addKeyValue("sender", ev.userId())
                    .addKeyValue("command", command).log("inbound.command_denied");
            return new Plan(RouteResult.dropped(answerId, "admin_command_denied"), List.of(), null,
                    hooks.commandDenied(ev, command, commandDenied));
        }
        if (targets.isEmpty()) {
            Plan dropped = drop(c, ev, answerId, accessDrop != null ? accessDrop : DropReason.NO_AGENT_ENGAGED,
                    mg.id(), accessGroup);
            if (accessDrop == DropReason.UNKNOWN_SENDER_REQUEST_APPROVAL) {
                return new Plan(dropped.answer(), List.of(), null, hooks.heldSender(c, ev, mg, accessGroup));
            }
            return dropped;
        }
        return new Plan(null, targets, dedupeKey);
    }

    /** No wiring: drop, and a mention starts channel registration. */
    private Plan unwired(Connection c, InboundEvent ev, String answerId, MessagingGroup mg) throws SQLException {
        Plan dropped = drop(c, ev, answerId, DropReason.NO_AGENT_WIRED, mg.id(), null);
        return ev.isMention() ? new Plan(dropped.answer(), List.of(), null, hooks.unwiredChat(c, ev, mg)) : dropped;
    }

    private static String sessionThread(Wiring w, MessagingGroup mg, InboundEvent ev) {
        return switch (w.sessionMode()) {
            case PER_THREAD -> ev.threadId();
            case AGENT_SHARED -> null;
            case SHARED -> mg.isGroup() ? ev.threadId() : null;
        };
    }

    /** The messaging group in the session key: none for a session the agent shares across chats. */
    private static String sessionChat(Wiring w, MessagingGroup mg) {
        return switch (w.sessionMode()) {
            case AGENT_SHARED -> null;
            case SHARED, PER_THREAD -> mg.id();
        };
    }

    private DropReason access(Connection c, Wiring w, MessagingGroup mg, InboundEvent ev) throws SQLException {
        boolean needsKnown = SenderAccess.needsKnownSender(mg.unknownSenderPolicy(), w.senderScope());
        if (!needsKnown || stores.users().isKnownTo(c, ev.userId(), w.agentGroupId())) {
            return null;
        }
        return switch (mg.unknownSenderPolicy()) {
            case REQUEST_APPROVAL -> DropReason.UNKNOWN_SENDER_REQUEST_APPROVAL;
            case STRICT, PUBLIC -> DropReason.UNKNOWN_SENDER_STRICT;
        };
    }

    private boolean adminOf(Connection c, String userId, String agentGroupId) throws SQLException {
        return AdminCommands.allowed(stores.users().hasRole(c, userId, Role.OWNER, null),
                stores.users().hasRole(c, userId, Role.ADMIN, null),
                stores.users().hasRole(c, userId, Role.ADMIN, agentGroupId));
    }

    private Plan drop(Connection c, InboundEvent ev, String answerId, DropReason reason, String mgId, String agId)
            throws SQLException {
        stores.audit().auditDrop(c, ev.channelType(), ev.platformId(), ev.userId(), ev.senderName(), reason.wire(), mgId, agId);
        log.atInfo().addKeyValue("channel", ev.channelType()).addKeyValue("chat", ev.platformId())
                .addKeyValue("reason", reason.wire()).log("inbound.dropped");
        return new Plan(RouteResult.dropped(answerId, reason.wire()), List.of(), null);
    }

    /**
     * Keeps the answer for a platform message id until now + {@code dedupeTtl}, so a re-post within
     * that window gets it back as a duplicate.
     */
    private CompletableFuture<RouteResult> record(Plan plan, RouteResult result) {
        return central.tx(c -> {
            String expiresAt = Timestamps.format(clock.instant().plus(dedupeTtl));
            stores.adapterState().kvPut(c, plan.dedupeKey(), Json.write(result), expiresAt);
            return result;
        });
    }
}
