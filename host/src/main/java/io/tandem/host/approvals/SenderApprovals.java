package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.UnknownSenderHook;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.Role;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a sender-approval card for an unknown sender on a {@code request_approval} chat (DESIGN
 * 5.1 step 5): the message is held in {@code pending_sender_approvals} (one per chat and sender,
 * so repeats send no second card) inside the routing transaction, and the card goes to the
 * approver's DM chat after the commit. Card ids start with {@value #PREFIX}.
 */
public final class SenderApprovals implements UnknownSenderHook {
    static final String PREFIX = "sa";
    private static final Logger log = LoggerFactory.getLogger(SenderApprovals.class);

    private final SenderApprovalStore store = new SenderApprovalStore();
    private final ChannelRegistry channels;
    private final Clock clock;

    public SenderApprovals(ChannelRegistry channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    @Override
    public Runnable hold(Connection c, InboundEvent ev, MessagingGroup mg, String agentGroupId) throws SQLException {
        String channelType = ev.channelType();
        Optional<ApproverChoice.Choice> choice = ApproverChoice.choose(
                candidates(c, store.holders(c, Role.ADMIN.wire(), agentGroupId), channelType),
                candidates(c, store.holders(c, Role.ADMIN.wire(), null), channelType),
                candidates(c, store.holders(c, Role.OWNER.wire(), null), channelType));
        String id = Ids.mint(PREFIX);
        String who = ev.senderName() == null || ev.senderName().isBlank() ? ev.senderId() : ev.senderName();
        String chatName = mg.name() == null || mg.name().isBlank() ? ev.platformId() : mg.name();
        String title = "Allow " + who + " (" + ev.userId() + ") in chat " + chatName + "?";
        ArrayNode options = Json.MAPPER.createArrayNode();
        options.addObject().put("label", "Allow").put("value", "allow");
        options.addObject().put("label", "Deny").put("value", "deny");
        String approver = choice.map(ApproverChoice.Choice::userId).orElse(null);
        boolean filed = store.file(c, id, mg.id(), agentGroupId, ev.userId(), ev.senderName(), HeldMessage.write(ev),
                approver, title, Json.write(options), Timestamps.now(clock));
        if (!filed) {
            log.atDebug().addKeyValue("chat", ev.platformId()).addKeyValue("sender", ev.userId())
                    .log("approval.sender_already_pending");
            return null;
        }
        log.atInfo().addKeyValue("approval", id).addKeyValue("chat", ev.platformId())
                .addKeyValue("sender", ev.userId()).addKeyValue("approver", approver)
                .addKeyValue("agent_group", agentGroupId).log("approval.sender_filed");
        if (choice.isEmpty() || choice.get().dmChat() == null) {
            log.atWarn().addKeyValue("approval", id).addKeyValue("approver", approver)
                    .log("approval.no_reachable_approver");
            return null;
        }
        ObjectNode content = Json.object();
        content.put("question_id", id);
        content.put("title", title);
        content.set("options", options);
        OutboundDelivery card = new OutboundDelivery(null, agentGroupId, id, 0, "question", channelType,
                choice.get().dmChat(), null, content, Timestamps.now(clock));
        return () -> send(card);
    }

    private void send(OutboundDelivery card) {
        channels.get(card.channelType()).ifPresentOrElse(ch -> ch.send(card).whenComplete((r, err) -> {
            if (err != null) {
                log.atWarn().addKeyValue("approval", card.messageOutId()).addKeyValue("error", err.toString())
                        .log("approval.card_failed");
            } else {
                log.atInfo().addKeyValue("approval", card.messageOutId()).addKeyValue("chat", card.platformId())
                        .log("approval.card_sent");
            }
        }), () -> log.atWarn().addKeyValue("channel", card.channelType()).log("approval.no_channel"));
    }

    /** Role holders with their DM chat on {@code channelType}: user_dms, or {@code dm-<raw id>} on http. */
    private List<ApproverChoice.Candidate> candidates(Connection c, List<String> users, String channelType)
            throws SQLException {
        List<ApproverChoice.Candidate> out = new ArrayList<>();
        for (String u : users) {
            String dm = store.dmChat(c, u, channelType).orElse(null);
            if (dm == null && "http".equals(channelType) && u.startsWith("http:")) {
                dm = "dm-" + u.substring("http:".length());
            }
            out.add(new ApproverChoice.Candidate(u, dm));
        }
        return out;
    }
}
