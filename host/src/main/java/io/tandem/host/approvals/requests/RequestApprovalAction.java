package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tandem.host.approvals.ApprovalCards;
import io.tandem.host.approvals.ApproverChoice;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.delivery.Outcome;
import io.tandem.host.delivery.SystemAction;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.ApprovalStatus;
import io.tandem.schema.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code request_approval} system action: an agent's {@code request} (DESIGN 7.3), as the
 * runner writes it, {@code {"action":"request_approval","request_id","request":{"action","payload",
 * "reason"}}}. An unknown action, a payload its handler refuses (tried in a rolled-back dry run) or
 * a group nobody may approve for is an {@link Outcome.Failed} naming it, which reaches the agent
 * as a note. Otherwise one {@code pending_approvals} row is filed, its id derived from the row's
 * {@code message_out_id} so a repeated delivery files nothing twice, and the Approve/Reject card
 * goes to the approver (an admin of the group, else a global admin, else an owner, preferring a
 * DM on the session's channel) after the commit; its platform message id is kept for the edit.
 */
public final class RequestApprovalAction implements SystemAction {
    public static final String NAME = "request_approval";
    static final String PREFIX = io.tandem.host.approvals.ApprovalClicks.AGENT_REQUEST_PREFIX;
    private static final Logger log = LoggerFactory.getLogger(RequestApprovalAction.class);

    private final CentralDb central;
    private final CentralStores stores;
    private final ApprovalHandlers handlers;
    private final ApprovalCards cards;
    private final Duration ttl;
    private final Consumer<Instant> armExpiry;
    private final Clock clock;
    private final PendingApprovalRows rows = new PendingApprovalRows();

    /** {@code armExpiry} is told each new approval's expiry, so it expires on time. */
    public RequestApprovalAction(CentralDb central, CentralStores stores, ApprovalHandlers handlers,
                                 ApprovalCards cards, Duration ttl, Consumer<Instant> armExpiry, Clock clock) {
        this.central = central;
        this.stores = stores;
        this.handlers = handlers;
        this.cards = cards;
        this.ttl = ttl;
        this.armExpiry = armExpiry;
        this.clock = clock;
    }

    /** How filing ended: a refusal, or the approval with where its card goes ({@code dmChat} null: nowhere). */
    private record Filed(String refusal, PendingApproval approval, String dmChat, boolean fresh) {
    }

    @Override
    public CompletableFuture<Outcome> run(Request r) {
        JsonNode c = r.content();
        String requestId = Json.text(c, "request_id");
        JsonNode req = c.get("request");
        String action = req == null ? null : Json.text(req, "action");
        if (requestId == null || requestId.isBlank() || action == null || action.isBlank()) {
            return failed(NAME + ": needs \"request_id\" and \"request\":{\"action\",\"payload\",\"reason\"}");
        }
        JsonNode payload = req.get("payload");
        if (payload == null || !payload.isObject()) {
            return failed(NAME + ": \"payload\" of request " + requestId + " must be a JSON object");
        }
        if (handlers.get(action).isEmpty()) {
            return failed(NAME + ": unknown action '" + action + "' (request " + requestId + "); known actions: "
                    + String.join(", ", handlers.actions()));
        }
        String reason = req.hasNonNull("reason") ? req.get("reason").asText() : "";
        String approvalId = approvalId(r.messageOutId());
        return central.tx(tx -> file(tx, r, approvalId, requestId, action, payload, reason))
                .thenCompose(f -> f.refusal() != null ? failed(f.refusal()) : send(f));
    }

    private Filed file(Connection tx, Request r, String approvalId, String requestId, String action, JsonNode payload,
                       String reason) throws SQLException {
        var existing = rows.find(tx, approvalId);
        if (existing.isPresent()) {
            return new Filed(null, existing.get(), existing.get().platformId(), false);
        }
        String group = r.session().agentGroupId();
        HandlerRun.Result dry = HandlerRun.run(tx, handlers.get(action).orElseThrow(), payload, group, false);
        if (!dry.ok()) {
            return new Filed(dry.refusal() + " (request " + requestId + ")", null, null, false);
        }
        String channelType = sessionChannel(tx, r.session().sessionId());
        var choice = cards.approverFor(tx, group, channelType);
        if (choice.isEmpty()) {
            return new Filed(NAME + ": nobody may approve requests of group " + group
                    + " (no owner or admin)", null, null, false);
        }
        Instant now = clock.instant();
        String title = "Agent " + group + " asks to " + action + " " + Json.write(payload)
                + (reason.isBlank() ? "" : " — reason: " + reason);
        String dm = choice.get().dmChat();
        PendingApproval a = new PendingApproval(approvalId, r.session().sessionId(), requestId, action,
                Json.write(payload), group, dm == null ? null : channelType, dm, null,
                choice.map(ApproverChoice.Choice::userId).orElseThrow(), ApprovalStatus.PENDING, title,
                Timestamps.format(now), Timestamps.format(now.plus(ttl)));
        rows.file(tx, a, Json.write(options()));
        log.atInfo().addKeyValue("session", a.sessionId()).addKeyValue("id", r.messageOutId())
                .addKeyValue("approval", approvalId).addKeyValue("request", requestId).addKeyValue("action", action)
                .addKeyValue("approver", a.approverUserId()).log("request.filed");
        return new Filed(null, a, dm, true);
    }

    /** The channel type of the session's chat, where the approver's DM is preferred; http when it has none. */
    private String sessionChannel(Connection tx, String sessionId) throws SQLException {
        String mg = stores.sessions().session(tx, sessionId).map(SessionRow::messagingGroupId).orElse(null);
        if (mg == null) {
            return "http";
        }
        return stores.channels().messagingGroupById(tx, mg).map(MessagingGroup::channelType).orElse("http");
    }

    private CompletableFuture<Outcome> send(Filed f) {
        PendingApproval a = f.approval();
        if (f.fresh()) {
            armExpiry.accept(Timestamps.parse(a.expiresAt()));
        } else if (a.platformMessageId() != null || a.status() != ApprovalStatus.PENDING) {
            return done(); // a repeated delivery of the same row: filed and sent the first time
        }
        if (f.dmChat() == null) {
            log.atWarn().addKeyValue("approval", a.approvalId()).addKeyValue("approver", a.approverUserId())
                    .log("request.no_reachable_approver");
            return done();
        }
        return cards.deliver(a.approvalId(), a.agentGroupId(), a.channelType(), f.dmChat(), a.title(), options())
                .thenCompose(pmid -> central.tx(tx -> {
                    rows.cardSent(tx, a.approvalId(), pmid);
                    return pmid;
                })).handle((pmid, err) -> {
                    if (err != null) {
                        // filed; the row's next attempt finds it and sends the card again (same idempotency key)
                        log.atWarn().addKeyValue("approval", a.approvalId()).addKeyValue("error", err.toString())
                                .log("request.card_failed");
                        return new Outcome.Retry("approval card " + a.approvalId() + " not sent: " + err);
                    }
                    log.atInfo().addKeyValue("approval", a.approvalId()).addKeyValue("chat", f.dmChat())
                            .log("request.card_sent");
                    return new Outcome.Delivered(null);
                });
    }

    /** Approve/Reject; the values are those {@code ClickPolicy} reads. */
    static ArrayNode options() {
        ArrayNode options = Json.MAPPER.createArrayNode();
        ApprovalCards.option(options, "Approve", "allow");
        ApprovalCards.option(options, "Reject", "deny");
        return options;
    }

    /** {@code ap-} + 16 hex chars of SHA-256 of the row's id: the same row always files the same approval. */
    static String approvalId(String messageOutId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(messageOutId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Outcome> done() {
        return CompletableFuture.completedFuture(new Outcome.Delivered(null));
    }

    private static CompletableFuture<Outcome> failed(String why) {
        return CompletableFuture.completedFuture(new Outcome.Failed(why));
    }
}
