package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.http.ApprovalActions;
import io.tandem.host.channels.http.HttpError;
import io.tandem.host.routing.DropReason;
import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.Router;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clicks on sender-approval cards (DESIGN 5.7). The decision is {@link ClickPolicy}; the
 * answer (member added or audit updated, card deleted, its id remembered as answered) commits in
 * one central transaction, so of two racing clicks only one wins and the held message is replayed
 * through {@link Router#route} exactly once, after that commit.
 */
public final class ApprovalClicks implements ApprovalActions {
    private static final Logger log = LoggerFactory.getLogger(ApprovalClicks.class);
    /** How long an answered card id is remembered (a later click answers 409, then 404). */
    private static final Duration ANSWERED_TTL = Duration.ofDays(30);

    private final CentralDb central;
    private final CentralStores stores;
    private final Router router;
    private final String adminToken;
    private final Clock clock;
    private final SenderApprovalStore store = new SenderApprovalStore();
    private final ChannelApprovalClicks channelClicks;

    public ApprovalClicks(CentralDb central, CentralStores stores, Router router, String adminToken, Clock clock) {
        this.channelClicks = new ChannelApprovalClicks(central, stores, router, clock);
        this.central = central;
        this.stores = stores;
        this.router = router;
        this.adminToken = adminToken.strip();
        this.clock = clock;
    }

    private record Answer(ClickPolicy.Verdict verdict, InboundEvent held) {
    }

    @Override
    public boolean adminBearer(String authorization) {
        return authorization != null && MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handles(String questionId) {
        return questionId.startsWith(SenderApprovals.PREFIX + "-")
                || questionId.startsWith(ChannelApprovals.PREFIX + "-");
    }

    @Override
    public CompletableFuture<JsonNode> click(String chatId, String questionId, String value, String userId,
                                             String authorization) {
        boolean tokenOk = adminBearer(authorization);
        if (questionId.startsWith(ChannelApprovals.PREFIX + "-")) {
            return channelClicks.click(chatId, questionId, value, userId, tokenOk);
        }
        return central.tx(c -> {
            var pending = store.find(c, questionId);
            boolean answered = pending.isEmpty() && stores.adapterState().kvGet(c, answeredKey(questionId)).isPresent();
            boolean isApprover = pending.isPresent() && userId != null
                    && userId.equals(pending.get().approverUserId());
            boolean isAdmin = pending.isPresent() && userId != null
                    && store.isAdminOf(c, userId, pending.get().agentGroupId());
            ClickPolicy.Verdict v = ClickPolicy.decide(pending.isPresent(), answered, tokenOk, isApprover, isAdmin,
                    value);
            if (v != ClickPolicy.Verdict.ALLOW && v != ClickPolicy.Verdict.DENY) {
                return new Answer(v, null);
            }
            var p = pending.get();
            InboundEvent held = HeldMessage.read(p.originalMessage());
            if (v == ClickPolicy.Verdict.ALLOW) {
                stores.users().addMember(c, p.senderIdentity(), p.agentGroupId(), userId);
            } else {
                stores.audit().auditDrop(c, held.channelType(), held.platformId(), p.senderIdentity(),
                        p.senderName(), DropReason.UNKNOWN_SENDER_REQUEST_APPROVAL.wire(), p.messagingGroupId(),
                        p.agentGroupId());
            }
            store.delete(c, questionId);
            stores.adapterState().kvPut(c, answeredKey(questionId), v.name().toLowerCase(java.util.Locale.ROOT),
                    Timestamps.format(clock.instant().plus(ANSWERED_TTL)));
            return new Answer(v, held);
        }).thenCompose(a -> outcome(chatId, questionId, userId, a));
    }

    private CompletableFuture<JsonNode> outcome(String chatId, String questionId, String userId, Answer a) {
        log.atInfo().addKeyValue("approval", questionId).addKeyValue("chat", chatId).addKeyValue("user", userId)
                .addKeyValue("verdict", a.verdict().name().toLowerCase(java.util.Locale.ROOT)).log("approval.click");
        ObjectNode body = Json.object();
        body.put("question_id", questionId);
        HttpError refused = refusal(a.verdict(), chatId, questionId, userId);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        if (a.verdict() == ClickPolicy.Verdict.DENY) {
            body.put("outcome", "denied");
            return CompletableFuture.completedFuture(body);
        }
        body.put("outcome", "allowed");
        return router.route(a.held(), true).thenApply(r -> {
            body.set("replayed", Json.MAPPER.valueToTree(r));
            return body;
        });
    }

    /** The answer to a refused click, or null when the click counts. */
    static HttpError refusal(ClickPolicy.Verdict verdict, String chatId, String questionId, String userId) {
        switch (verdict) {
            case UNKNOWN:
                return new HttpError(404, "not_found", "no pending question " + questionId + " in chat " + chatId);
            case ANSWERED:
                return new HttpError(409, "already_answered", "question " + questionId + " was already answered");
            case UNAUTHENTICATED:
                return new HttpError(401, "unauthorized", "approval clicks need the admin token as bearer");
            case FORBIDDEN:
                log.atWarn().addKeyValue("approval", questionId).addKeyValue("user", userId)
                        .log("approval.click_forbidden");
                return new HttpError(403, "forbidden", "user " + userId
                        + " is neither the approver nor an admin of the group of question " + questionId);
            case BAD_VALUE:
                return HttpError.invalidField("value", "is not one of the card's options");
            default:
                return null;
        }
    }

    static String answeredKey(String questionId) {
        return "approval:answered:" + questionId;
    }
}
