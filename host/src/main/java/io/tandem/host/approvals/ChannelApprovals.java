package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.Role;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel registration (DESIGN 5.1 step 3): a mention in a chat with no wiring files one
 * {@code pending_channel_approvals} row per chat (holding the message) and sends the owners a card
 * whose options name every agent group ({@code wire:<group id>}) plus {@code reject}. The card id
 * is {@value #PREFIX}{@code -<messaging group id>}.
 */
public final class ChannelApprovals {
    static final String PREFIX = "ca";
    private static final Logger log = LoggerFactory.getLogger(ChannelApprovals.class);

    private final ChannelApprovalStore store = new ChannelApprovalStore();
    private final SenderApprovalStore roles = new SenderApprovalStore();
    private final CentralStores stores;
    private final ApprovalCards cards;
    private final Clock clock;

    public ChannelApprovals(CentralStores stores, ChannelRegistry channels, Clock clock) {
        this.stores = stores;
        this.cards = new ApprovalCards(channels, clock);
        this.clock = clock;
    }

    static String questionId(String mgId) {
        return PREFIX + "-" + mgId;
    }

    /** Files the registration in the routing transaction; returns the card's sending, or null. */
    public Runnable hold(Connection c, InboundEvent ev, MessagingGroup mg) throws SQLException {
        Optional<ApproverChoice.Choice> choice = ApproverChoice.choose(List.of(), List.of(),
                cards.candidates(c, roles.holders(c, Role.OWNER.wire(), null), ev.channelType()));
        String chatName = mg.name() == null || mg.name().isBlank() ? ev.platformId() : mg.name();
        String title = "Register chat " + chatName + " (" + ev.channelType() + ":" + ev.platformId()
                + ")? Mentioned by " + ev.userId();
        ArrayNode options = Json.MAPPER.createArrayNode();
        for (AgentGroup g : stores.groups().agentGroups(c)) {
            ApprovalCards.option(options, "Wire to " + g.name(), "wire:" + g.id());
        }
        ApprovalCards.option(options, "Reject", "reject");
        String approver = choice.map(ApproverChoice.Choice::userId).orElse(null);
        if (!store.file(c, mg.id(), HeldMessage.write(ev), approver, title, Json.write(options),
                Timestamps.now(clock))) {
            log.atDebug().addKeyValue("chat", ev.platformId()).log("approval.channel_already_pending");
            return null;
        }
        log.atInfo().addKeyValue("approval", questionId(mg.id())).addKeyValue("chat", ev.platformId())
                .addKeyValue("approver", approver).log("approval.channel_filed");
        if (choice.isEmpty() || choice.get().dmChat() == null) {
            log.atWarn().addKeyValue("approval", questionId(mg.id())).log("approval.no_reachable_approver");
            return null;
        }
        return cards.question(questionId(mg.id()), null, ev.channelType(), choice.get().dmChat(), title, options);
    }
}
