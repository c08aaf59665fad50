package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a sender-approval card for an unknown sender on a {@code request_approval} chat (DESIGN
 * 5.1 step 5): the message is held in {@code pending_sender_approvals} (one per chat and sender,
 * so repeats send no second card) inside the routing transaction, and the card goes to the
 * approver's DM chat after the commit. Card ids start with {@value #PREFIX}.
 */
public final class SenderApprovals {
    static final String PREFIX = "sa";
    private static final Logger log = LoggerFactory.getLogger(SenderApprovals.class);

    private final SenderApprovalStore store = new SenderApprovalStore();
    private final ApprovalCards cards;
    private final Clock clock;

    public SenderApprovals(ChannelRegistry channels, Clock clock) {
        this.cards = new ApprovalCards(channels, clock);
        this.clock = clock;
    }

    /** Files the card in the routing transaction; returns its sending, or null. */
    public Runnable hold(Connection c, InboundEvent ev, MessagingGroup mg, String agentGroupId) throws SQLException {
        String channelType = ev.channelType();
        Optional<ApproverChoice.Choice> choice = cards.approverFor(c, agentGroupId, channelType);
        String id = Ids.mint(PREFIX);
        String who = ev.senderName() == null || ev.senderName().isBlank() ? ev.senderId() : ev.senderName();
        String chatName = mg.name() == null || mg.name().isBlank() ? ev.platformId() : mg.name();
        String title = "Allow " + who + " (" + ev.userId() + ") in chat " + chatName + "?";
        ArrayNode options = Json.MAPPER.createArrayNode();
        ApprovalCards.option(options, "Allow", "allow");
        ApprovalCards.option(options, "Deny", "deny");
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
        return cards.question(id, agentGroupId, channelType, choice.get().dmChat(), title, options);
    }
}
