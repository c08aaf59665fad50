package io.tandem.host.approvals;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.channels.ClickOutcome.Refusal;
import io.tandem.host.channels.http.ApprovalActions;
import io.tandem.host.routing.DropReason;
import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.RouteResult;
import io.tandem.host.routing.Router;
import io.tandem.schema.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clicks on sender-approval cards (DESIGN 5.7). The decision is {@link ClickPolicy}; the
 * answer (member added or audit updated, card deleted, its id remembered as answered) commits in
 * one central transaction, so of two racing clicks only one wins and the held message is replayed
 * through {@link Router#route} exactly once, after that commit.
 */
public final class ApprovalClicks implements ActionClicks, ApprovalActions {
    private static final Logger log = LoggerFactory.getLogger(ApprovalClicks.class);
    /** How long an answered card id is remembered (a later click answers 409, then 404). */
    private static final Duration ANSWERED_TTL = Duration.ofDays(30);
    /** Ids of agent-request cards (decided by {@code approvals.requests.RequestClicks}, guarded here too). */
    public static final String AGENT_REQUEST_PREFIX = "ap-";

    private final CentralDb central;
    private final CentralStores stores;
    private final Router router;
    private final String adminToken;
    private final Clock clock;
    private final SenderApprovalStore store = new SenderApprovalStore();
    private final ChannelApprovalClicks channelClicks;
    private final ChannelRegistry channels;

    /** {@code channels} tell whose sender ids are verified ({@link Channel#verifiesSenders()}). */
    public ApprovalClicks(CentralDb central, CentralStores stores, Router router, String adminToken,
                          ChannelRegistry channels, Clock clock) {
        this.channelClicks = new ChannelApprovalClicks(central, stores, router, clock);
        this.channels = channels;
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
                || questionId.startsWith(ChannelApprovals.PREFIX + "-")
                || questionId.startsWith(AGENT_REQUEST_PREFIX);
    }

    /**
     * The clicker's identity counts only when something vouches for it: the admin token (http,
     * where user ids are the client's claim) or a channel that verifies its senders.
     */
    private boolean verified(ActionClick k) {
        return k.adminBearer() || channels.get(k.channelType()).map(Channel::verifiesSenders).orElse(false);
    }

    @Override
    public CompletableFuture<ClickOutcome> click(ActionClick k) {
        String chatId = k.platformChatId();
        String questionId = k.questionId();
        String value = k.value();
        String userId = k.userId();
        boolean tokenOk = verified(k);
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

    private CompletableFuture<ClickOutcome> outcome(String chatId, String questionId, String userId, Answer a) {
        log.atInfo().addKeyValue("approval", questionId).addKeyValue("chat", chatId).addKeyValue("user", userId)
                .addKeyValue("verdict", a.verdict().name().toLowerCase(java.util.Locale.ROOT)).log("approval.click");
        Optional<ClickOutcome.Refused> refused = refusal(a.verdict(), chatId, questionId, userId);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        if (a.verdict() == ClickPolicy.Verdict.DENY) {
            return CompletableFuture.completedFuture(new ClickOutcome.Answered("denied: the sender stays unknown"));
        }
        return router.route(a.held(), true).thenApply(r -> new ClickOutcome.Answered(
                "allowed: the sender is now a member; the held message " + replayed(r)));
    }

    /** How a held message's replay went, in words for the clicker. */
    static String replayed(RouteResult r) {
        return r.dropped() != null ? "was dropped again (" + r.dropped() + ")"
                : "was replayed to " + r.routed().size() + " session(s)";
    }

    /** The refusal of a click that does not count, or empty when it counts. */
    static Optional<ClickOutcome.Refused> refusal(ClickPolicy.Verdict verdict, String chatId, String questionId,
                                                   String userId) {
        switch (verdict) {
            case UNKNOWN:
                return refused(Refusal.NOT_FOUND, "no pending question " + questionId + " in chat " + chatId);
            case ANSWERED:
                return refused(Refusal.ALREADY_ANSWERED, "question " + questionId + " was already answered");
            case UNAUTHENTICATED:
                return refused(Refusal.FORBIDDEN, "approval clicks need a verified identity "
                        + "(on the http channel: the admin token as bearer)");
            case FORBIDDEN:
                log.atWarn().addKeyValue("approval", questionId).addKeyValue("user", userId)
                        .log("approval.click_forbidden");
                return refused(Refusal.FORBIDDEN, "user " + userId
                        + " is neither the approver nor an admin of the group of question " + questionId);
            case BAD_VALUE:
                return refused(Refusal.INVALID, "value is not one of the card's options");
            default:
                return Optional.empty();
        }
    }

    private static Optional<ClickOutcome.Refused> refused(Refusal r, String message) {
        return Optional.of(new ClickOutcome.Refused(r, message));
    }

    static String answeredKey(String questionId) {
        return "approval:answered:" + questionId;
    }
}
