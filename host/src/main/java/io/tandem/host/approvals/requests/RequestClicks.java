package io.tandem.host.approvals.requests;

import io.tandem.host.admin.api.AdminEffects;
import io.tandem.host.approvals.ApprovalCards;
import io.tandem.host.approvals.ClickPolicy;
import io.tandem.host.central.CentralDb;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.Channel;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.channels.ClickOutcome.Refusal;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.ApprovalStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clicks on agent-request cards ({@code ap-…}, DESIGN 5.7). Who may decide is
 * {@link ClickPolicy}: a verified identity (the admin token on http, or a channel that verifies
 * its senders) that is the approver or an owner or admin of the group. The decision, and on
 * Approve the handler's change, commit in ONE central transaction that moves the row from
 * {@code pending} only, so of two racing clicks one wins and the other gets 409; a click past
 * {@code expires_at} gets 410. A handler that refuses rolls back its own writes only: the
 * approval is recorded as approved and the agent is told {@code failed} with the reason. After
 * the commit: destinations re-projected, a new group's folder created, the agent told, the card
 * edited to show the decision.
 */
public final class RequestClicks implements ActionClicks {
    private static final Logger log = LoggerFactory.getLogger(RequestClicks.class);

    private final CentralDb central;
    private final ApprovalCards cards;
    private final ApprovalHandlers handlers;
    private final RequestOutcomes outcomes;
    private final AdminEffects effects;
    private final ChannelRegistry channels;
    private final Path dataDir;
    private final Clock clock;
    private final PendingApprovalRows rows = new PendingApprovalRows();

    RequestClicks(CentralDb central, ApprovalCards cards, ApprovalHandlers handlers, RequestOutcomes outcomes,
                  AdminEffects effects, ChannelRegistry channels, Path dataDir, Clock clock) {
        this.central = central;
        this.cards = cards;
        this.handlers = handlers;
        this.outcomes = outcomes;
        this.effects = effects;
        this.channels = channels;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** Whether {@code questionId} names an agent-request card. */
    public static boolean handles(String questionId) {
        return questionId != null && questionId.startsWith(RequestApprovalAction.PREFIX);
    }

    /** The claiming transaction's result: a refusal, or the decided approval and its outcome. */
    private record Decided(Refusal refusal, String message, PendingApproval approval,
                           RequestOutcomes.Status status, String detail, Effects effects) {
        static Decided refused(Refusal r, String message) {
            return new Decided(r, message, null, null, null, null);
        }
    }

    @Override
    public CompletableFuture<ClickOutcome> click(ActionClick k) {
        Instant now = clock.instant();
        boolean verified = k.adminBearer()
                || channels.get(k.channelType()).map(Channel::verifiesSenders).orElse(false);
        return central.tx(tx -> decide(tx, k, verified, now)).thenApply(d -> {
            log.atInfo().addKeyValue("approval", k.questionId()).addKeyValue("user", k.userId())
                    .addKeyValue("outcome", d.refusal() != null ? d.refusal().name().toLowerCase(Locale.ROOT)
                            : d.status().wire()).log("request.click");
            if (d.refusal() != null) {
                return new ClickOutcome.Refused(d.refusal(), d.message());
            }
            afterCommit(d);
            return new ClickOutcome.Answered(d.status().wire() + ": " + d.detail());
        });
    }

    private Decided decide(Connection tx, ActionClick k, boolean verified, Instant now) throws SQLException {
        String id = k.questionId();
        var found = rows.find(tx, id);
        if (found.isEmpty()) {
            return Decided.refused(Refusal.NOT_FOUND, "no pending approval " + id);
        }
        PendingApproval a = found.get();
        if (verified && (a.status() == ApprovalStatus.EXPIRED || (a.status() == ApprovalStatus.PENDING
                && ExpiryDecisions.isExpired(ExpiryDecisions.parse(a.expiresAt()), now)))) {
            return Decided.refused(Refusal.EXPIRED, "approval " + id + " expired at " + a.expiresAt());
        }
        boolean isApprover = k.userId() != null && k.userId().equals(a.approverUserId());
        boolean isAdmin = k.userId() != null && cards.isAdminOf(tx, k.userId(), a.agentGroupId());
        ClickPolicy.Verdict v = ClickPolicy.decide(a.status() == ApprovalStatus.PENDING,
                a.status() != ApprovalStatus.PENDING, verified, isApprover, isAdmin, k.value());
        switch (v) {
            case ALLOW:
                return approve(tx, a, k.userId());
            case DENY:
                rows.decide(tx, id, ApprovalStatus.REJECTED);
                return new Decided(null, null, a, RequestOutcomes.Status.REJECTED, "rejected by " + k.userId(), null);
            case ANSWERED:
                return Decided.refused(Refusal.ALREADY_ANSWERED, "approval " + id + " was already "
                        + a.status().wire());
            case UNAUTHENTICATED:
                return Decided.refused(Refusal.FORBIDDEN, "approval clicks need a verified identity "
                        + "(on the http channel: the admin token as bearer)");
            case FORBIDDEN:
                return Decided.refused(Refusal.FORBIDDEN, "user " + k.userId()
                        + " is neither the approver nor an admin of group " + a.agentGroupId());
            case BAD_VALUE:
                return Decided.refused(Refusal.INVALID, "value is not one of the card's options (allow, deny)");
            default:
                return Decided.refused(Refusal.NOT_FOUND, "no pending approval " + id);
        }
    }

    private Decided approve(Connection tx, PendingApproval a, String userId) throws SQLException {
        var handler = handlers.get(a.action());
        HandlerRun.Result r = handler.isPresent()
                ? HandlerRun.run(tx, handler.get(), Json.parse(a.payload()), a.agentGroupId(), true)
                : new HandlerRun.Result(null, "no handler for action " + a.action() + " on this host");
        rows.decide(tx, a.approvalId(), ApprovalStatus.APPROVED);
        if (!r.ok()) {
            return new Decided(null, null, a, RequestOutcomes.Status.FAILED, "approved by " + userId
                    + " but not carried out: " + r.refusal(), null);
        }
        return new Decided(null, null, a, RequestOutcomes.Status.APPROVED, "approved by " + userId + ": "
                + r.effects().detail(), r.effects());
    }

    private void afterCommit(Decided d) {
        PendingApproval a = d.approval();
        if (d.effects() != null) {
            if (!d.effects().reprojectGroups().isEmpty()) {
                effects.destinationsChanged(d.effects().reprojectGroups());
            }
            if (d.effects().newGroupFolder() != null) {
                createFolder(a, d.effects().newGroupFolder());
            }
        }
        outcomes.tell(a, d.status(), d.detail());
        outcomes.editCard(a, d.status(), a.title() + "\n→ " + d.status().wire() + " (" + d.detail() + ")");
    }

    private void createFolder(PendingApproval a, String folder) {
        try {
            Files.createDirectories(dataDir.resolve("groups").resolve(folder));
        } catch (IOException e) {
            // the runner's launcher creates it at the first spawn as well
            log.atWarn().addKeyValue("approval", a.approvalId()).addKeyValue("folder", folder)
                    .addKeyValue("error", e.toString()).log("request.folder_failed");
        }
    }
}
