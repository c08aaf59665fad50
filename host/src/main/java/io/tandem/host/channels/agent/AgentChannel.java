package io.tandem.host.channels.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelException;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.routing.AdminCommands;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertBatcher;
import io.tandem.host.session.NewInbound;
import io.tandem.host.session.SessionFolders;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent-to-agent messages (DESIGN 5.8) as a channel: {@code channel_type = agent},
 * {@code platform_id} = the target agent group id. Delivery hands it rows like any channel, so
 * router and delivery know nothing of agents; "sending" writes the message into a session of the
 * target group and wakes it.
 *
 * <p>Kept here: the sender's group must have an {@code agent_destinations} row targeting the group,
 * read from central at send time (the session's projection may be stale), or target itself; the
 * pair's {@link A2aCap}; the landing session ({@link Landing}: the replied-to message's
 * {@code source_session_id} when it is an active session of the target group, else the target's
 * {@code agent-shared} session, created as the router creates sessions). The row lands as
 * {@code chat}, {@code trigger=1}, {@code channel_type=agent}, {@code platform_id} = the sender
 * group, {@code source_session_id} = the sending session, through the landing session's lane
 * ({@link InsertBatcher}). Its {@code platform_message_id} is the sender's {@code messages_out} id,
 * which is also what {@link #send} answers: a delivery repeated after a crash hits the unique
 * platform message index and lands nothing twice. Refusals (undeclared target, unknown group, the
 * cap, files, an admin command such as {@code /clear}, which only people with a role may send) are
 * permanent, so delivery fails the row at once with a {@code delivery_failed}
 * note to the sender. Central work runs on the central lane, session work on session lanes; no
 * network is involved.
 */
public final class AgentChannel implements Channel {
    public static final String TYPE = "agent";
    private static final Logger log = LoggerFactory.getLogger(AgentChannel.class);

    private final Path dataDir;
    private final CentralDb central;
    private final CentralStores stores;
    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final SessionFolders folders;
    private final InsertBatcher inserts;
    private final SessionWaker waker;
    private final A2aCap cap;
    private final Clock clock;

    public AgentChannel(Path dataDir, CentralDb central, CentralStores stores, SessionLanes lanes, InboundDb inbound,
                        SessionWaker waker, A2aCap cap, Clock clock) {
        this.dataDir = dataDir;
        this.central = central;
        this.stores = stores;
        this.lanes = lanes;
        this.inbound = inbound;
        this.folders = new SessionFolders(inbound);
        this.inserts = new InsertBatcher(lanes, inbound, new InboundWriter());
        this.waker = waker;
        this.cap = cap;
        this.clock = clock;
    }

    @Override
    public String channelType() {
        return TYPE;
    }

    @Override
    public boolean supportsThreads() {
        return false;
    }

    @Override
    public boolean started() {
        return true;
    }

    /** The session a message lands in and the sender group's display name; or why it may not go. */
    private record Plan(SessionRow session, String senderName, String refusal) {
        static Plan refused(String why) {
            return new Plan(null, null, why);
        }
    }

    @Override
    public CompletableFuture<String> send(OutboundDelivery d) {
        if (d.platformId() == null || d.platformId().isBlank()) {
            return refused("an agent message needs a target agent group (platform_id)");
        }
        if (!d.files().isEmpty()) {
            return refused("files cannot be sent to another agent (message " + d.messageOutId() + " to agent group "
                    + d.platformId() + " has " + d.files().size() + "); send the text alone");
        }
        String command = AdminCommands.command(Json.text(d.content(), "text"));
        if (command != null) {
            // the host checks a person's right to admin commands before writing the row; an agent has none
            return refused("admin command " + command + " cannot be sent to another agent (message "
                    + d.messageOutId() + " to agent group " + d.platformId() + ")");
        }
        return sourceSession(d)
                .thenCompose(source -> central.tx(c -> plan(c, d, source)))
                .thenCompose(plan -> plan.refusal() != null ? refused(plan.refusal()) : land(d, plan));
    }

    /**
     * The {@code source_session_id} of the message this row replies to, read in the sending
     * session's {@code inbound.db} on its lane; null when the row replies to no agent message.
     */
    private CompletableFuture<String> sourceSession(OutboundDelivery d) {
        if (d.replyToPlatformMessageId() == null) {
            return CompletableFuture.completedFuture(null);
        }
        SessionPaths paths = SessionPaths.of(dataDir, d.agentGroupId(), d.sessionId());
        return lanes.submit(d.sessionId(), () -> inbound.with(paths, c -> Sql.one(c, "SELECT source_session_id "
                + "FROM messages_in WHERE channel_type = ? AND platform_id = ? AND platform_message_id = ?",
                rs -> rs.getString(1), TYPE, d.platformId(), d.replyToPlatformMessageId()).orElse(null)));
    }

    /** On the central lane: authorisation, the cap, the landing session (created when missing). */
    private Plan plan(Connection c, OutboundDelivery d, String sourceSessionId) throws SQLException {
        String sender = d.agentGroupId();
        String target = d.platformId();
        if (stores.groups().agentGroup(c, target).isEmpty()) {
            return Plan.refused("agent group " + target + " does not exist (message from agent group " + sender + ")");
        }
        if (!sender.equals(target) && stores.groups().destinations(c, sender).stream()
                .noneMatch(x -> x.targetType() == DestinationType.AGENT && x.targetId().equals(target))) {
            return Plan.refused("agent group " + sender + " may not send to agent group " + target
                    + ": it has no destination for it (tandem dest add " + sender + " NAME --agent " + target + ")");
        }
        if (!cap.admit(sender, target, d.messageOutId())) {
            log.atWarn().addKeyValue("session", d.sessionId()).addKeyValue("message", d.messageOutId())
                    .addKeyValue("seq", d.seq()).addKeyValue("from_group", sender).addKeyValue("to_group", target)
                    .addKeyValue("max_per_minute", cap.maxPerMinute()).log("a2a.capped");
            return Plan.refused("a2a.max_per_minute cap hit: agent group " + sender + " already sent "
                    + cap.maxPerMinute() + " messages to agent group " + target + " in the last minute; this one"
                    + " was not delivered");
        }
        String senderName = stores.groups().agentGroup(c, sender).map(AgentGroup::name).orElse(sender);
        Optional<SessionRow> source = sourceSessionId == null ? Optional.empty()
                : stores.sessions().session(c, sourceSessionId);
        Landing landing = Landing.decide(target, source.orElse(null));
        SessionRow session = landing instanceof Landing.ReturnPath r ? r.session()
                : stores.sessions().findOrCreateSession(c, ((Landing.AgentShared) landing).agentGroupId(), null, null);
        stores.sessions().touchSession(c, session.id());
        return new Plan(session, senderName, null);
    }

    /** On the landing session's lane: its folder when new, then the row; wakes it. */
    private CompletableFuture<String> land(OutboundDelivery d, Plan plan) {
        SessionRow s = plan.session();
        SessionPaths paths = SessionPaths.of(dataDir, s.agentGroupId(), s.id());
        String platformMessageId = d.messageOutId();
        ObjectNode content = Json.object().put("text", Json.text(d.content(), "text"));
        content.putObject("sender").put("id", "agent:" + d.agentGroupId()).put("name", plan.senderName());
        return inserts.insert(s.id(), paths, () -> {
            if (!folders.exists(paths)) {
                folders.ensure(paths, null); // an agent-shared session has no chat of its own
            }
            return new NewInbound(Ids.mint(Ids.MESSAGE_IN), MessageKind.CHAT, Timestamps.now(clock), null, true,
                    d.agentGroupId(), TYPE, null, platformMessageId, d.sessionId(), Json.write(content));
        }).thenApply(out -> {
            log.atInfo().addKeyValue("session", s.id()).addKeyValue("seq", out.seq()).addKeyValue("id", out.id())
                    .addKeyValue("from_session", d.sessionId()).addKeyValue("message", d.messageOutId())
                    .addKeyValue("duplicate", out.duplicate()).log("a2a.landed");
            if (!out.duplicate()) {
                waker.wake(s.id());
            }
            return platformMessageId;
        });
    }

    private static CompletableFuture<String> refused(String why) {
        return CompletableFuture.failedFuture(new ChannelException(why, true));
    }
}
