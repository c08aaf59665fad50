package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.OutboundDelivery;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import io.tandem.schema.rows.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends approval cards: a {@code question} delivery ({@code question_id}, {@code title},
 * {@code options}) to an approver's DM chat, found in {@code user_dms} or, on the http channel,
 * {@code dm-<raw id>}. Sending happens after the filing transaction committed; a failure is logged
 * (the card stays pending and can still be answered by an admin).
 */
public final class ApprovalCards {
    private static final Logger log = LoggerFactory.getLogger(ApprovalCards.class);

    private final SenderApprovalStore store = new SenderApprovalStore();
    private final ChannelRegistry channels;
    private final Clock clock;

    public ApprovalCards(ChannelRegistry channels, Clock clock) {
        this.channels = channels;
        this.clock = clock;
    }

    /** Role holders with their DM chat on {@code channelType} (null when unreachable there). */
    List<ApproverChoice.Candidate> candidates(Connection c, List<String> users, String channelType)
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

    /**
     * The approver of a card about {@code agentGroupId} ({@link ApproverChoice}: the group's
     * admins, else global admins, else owners), preferring one with a DM chat on {@code channelType}.
     */
    public Optional<ApproverChoice.Choice> approverFor(Connection c, String agentGroupId, String channelType)
            throws SQLException {
        return ApproverChoice.choose(
                candidates(c, store.holders(c, Role.ADMIN.wire(), agentGroupId), channelType),
                candidates(c, store.holders(c, Role.ADMIN.wire(), null), channelType),
                candidates(c, store.holders(c, Role.OWNER.wire(), null), channelType));
    }

    /** Whether {@code userId} is an owner, a global admin or an admin of {@code agentGroupId} (may decide its cards). */
    public boolean isAdminOf(Connection c, String userId, String agentGroupId) throws SQLException {
        return store.isAdminOf(c, userId, agentGroupId);
    }

    /** An option as {@code {"label","value"}}. */
    public static void option(ArrayNode options, String label, String value) {
        options.addObject().put("label", label).put("value", value);
    }

    /** The card's sending, to run after the commit. */
    Runnable question(String id, String agentGroupId, String channelType, String dmChat, String title,
                      ArrayNode options) {
        return () -> send(card(id, agentGroupId, channelType, dmChat, title, options));
    }

    /**
     * Sends the card now (after the filing commit) and completes with its platform message id, so
     * it can be edited later; fails when the channel is unknown or refuses.
     */
    public CompletableFuture<String> deliver(String id, String agentGroupId, String channelType, String dmChat,
                                             String title, ArrayNode options) {
        OutboundDelivery card = card(id, agentGroupId, channelType, dmChat, title, options);
        return channels.get(channelType).map(ch -> ch.send(card)).orElseGet(() -> CompletableFuture.failedFuture(
                new IllegalStateException("no channel " + channelType + " to send approval " + id)));
    }

    private OutboundDelivery card(String id, String agentGroupId, String channelType, String dmChat, String title,
                                  ArrayNode options) {
        ObjectNode content = Json.object();
        content.put("question_id", id);
        content.put("title", title);
        content.set("options", options);
        return new OutboundDelivery(null, agentGroupId, id, 0, "question", channelType, dmChat, null, content,
                Timestamps.now(clock));
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
}
