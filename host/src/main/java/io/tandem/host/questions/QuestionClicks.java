package io.tandem.host.questions;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.host.channels.ActionClick;
import io.tandem.host.channels.ActionClicks;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.channels.ClickOutcome.Refusal;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.routing.SenderAccess;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clicks on an agent's question cards (DESIGN 5.7, {@code ask}): the click is claimed in
 * ONE central transaction (the {@code pending_questions} row deleted and the question remembered
 * as answered), so of two racing clicks exactly one wins and the other is refused with 409; only
 * then is the {@code question_response} system row ({@code trigger=1}) written into the asking
 * session's {@code inbound.db} on that session's lane, and the session woken. Should that write
 * fail, the claim is undone (the pending row restored), so an answer is never lost for a question
 * that is no longer pending. The row id is derived from the question id, so the answer can exist
 * at most once in the session, whatever happens. A question {@link QuestionExpiryPass} expired
 * first is remembered as expired, and a click on it is refused with 410.
 *
 * <p><b>Who may answer.</b> The person who may talk to the asking agent in that chat: the chat's
 * {@code unknown_sender_policy} and the wiring's {@code sender_scope}, decided by the very rule
 * the router applies to messages ({@link SenderAccess}). In a {@code public} chat anyone in it may
 * answer; otherwise the clicker must be an owner, admin or member of the asking agent group. A
 * question in a chat no wiring links to that group (a named destination) needs membership; a chat
 * that was denied accepts no answers. On the http channel the user id is the client's claim, as
 * it is for messages; the channel's bearer token is what guards both.
 */
public final class QuestionClicks implements ActionClicks {
    private static final Logger log = LoggerFactory.getLogger(QuestionClicks.class);
    private final CentralDb central;
    private final CentralStores stores;
    private final QuestionResponses responses;
    private final Clock clock;
    private final PendingQuestionRows rows = new PendingQuestionRows();

    public QuestionClicks(CentralDb central, CentralStores stores, Path dataDir, SessionLanes lanes, InboundDb inbound,
                          SessionWaker waker, Clock clock) {
        this.central = central;
        this.stores = stores;
        this.responses = new QuestionResponses(dataDir, lanes, inbound, waker);
        this.clock = clock;
    }

    /** The outcome of the claiming transaction: a refusal, or the question now answered. */
    private record Claim(Optional<Refusal> refusal, PendingQuestion question, String agentGroupId) {
    }

    @Override
    public CompletableFuture<ClickOutcome> click(ActionClick k) {
        Instant now = clock.instant();
        return central.tx(c -> claim(c, k, now)).thenCompose(claim -> {
            if (claim.refusal().isPresent()) {
                Refusal r = claim.refusal().get();
                log.atInfo().addKeyValue("question", k.questionId()).addKeyValue("chat", k.platformChatId())
                        .addKeyValue("user", k.userId()).addKeyValue("refusal", r.name().toLowerCase(Locale.ROOT))
                        .log("question.click_refused");
                return CompletableFuture.completedFuture(new ClickOutcome.Refused(r, message(r, k, claim)));
            }
            return answer(k, claim, now);
        });
    }

    private Claim claim(Connection c, ActionClick k, Instant now) throws SQLException {
        Optional<PendingQuestion> found = rows.find(c, k.questionId());
        Optional<SessionRow> session = found.isEmpty() ? Optional.empty()
                : stores.sessions().session(c, found.get().sessionId());
        if (found.isEmpty() || session.isEmpty()) {
            QuestionMark mark = rows.markOf(c, stores.adapterState(), k.questionId()).orElse(null);
            var facts = new AnswerPolicy.Facts(false, mark == QuestionMark.ANSWERED, mark == QuestionMark.EXPIRED,
                    false, null, false, false);
            return new Claim(AnswerPolicy.decide(facts, now), null, null);
        }
        PendingQuestion q = found.get();
        String group = session.get().agentGroupId();
        boolean sameChat = Objects.equals(q.chat().channelType(), k.channelType())
                && Objects.equals(q.chat().platformId(), k.platformChatId());
        var facts = new AnswerPolicy.Facts(true, false, false, sameChat,
                q.expiresAt() == null ? null : Timestamps.parse(q.expiresAt()),
                sameChat && mayTalk(c, k, group), optionValues(q.optionsJson()).contains(k.value()));
        Optional<Refusal> refusal = AnswerPolicy.decide(facts, now);
        if (refusal.isEmpty()) {
            rows.delete(c, q.questionId());
            rows.mark(c, stores.adapterState(), q.questionId(), QuestionMark.ANSWERED, now);
        }
        return new Claim(refusal, q, group);
    }

    /** The router's rule for this chat and group ({@link SenderAccess}), applied to the clicker. */
    private boolean mayTalk(Connection c, ActionClick k, String agentGroupId) throws SQLException {
        Optional<MessagingGroup> mg = stores.channels().messagingGroup(c, k.channelType(), k.platformChatId());
        if (mg.isPresent() && mg.get().deniedAt() != null) {
            return false;
        }
        SenderScope scope = null;
        if (mg.isPresent()) {
            scope = stores.channels().wirings(c, mg.get().id()).stream()
                    .filter(w -> w.agentGroupId().equals(agentGroupId)).map(Wiring::senderScope).findFirst()
                    .orElse(null);
        }
        UnknownSenderPolicy policy = mg.map(MessagingGroup::unknownSenderPolicy).orElse(UnknownSenderPolicy.STRICT);
        if (!SenderAccess.needsKnownSender(policy, scope)) {
            return true;
        }
        return k.userId() != null && stores.users().isKnownTo(c, k.userId(), agentGroupId);
    }

    private CompletableFuture<ClickOutcome> answer(ActionClick k, Claim claim, Instant now) {
        PendingQuestion q = claim.question();
        var content = QuestionResponses.answered(q.questionId(), k.value(), k.userId());
        return responses.write(q, claim.agentGroupId(), content, now).handle((out, err) -> {
            if (err != null) {
                log.atWarn().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                        .setCause(err).log("question.answer_write_failed");
                return unclaim(q).<ClickOutcome>thenCompose(v -> CompletableFuture.failedFuture(err));
            }
            log.atInfo().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                    .addKeyValue("seq", out.seq()).addKeyValue("id", out.id()).addKeyValue("user", k.userId())
                    .addKeyValue("duplicate", out.duplicate()).log("question.answered");
            return CompletableFuture.<ClickOutcome>completedFuture(
                    new ClickOutcome.Answered("answer \"" + k.value() + "\" recorded"));
        }).thenCompose(f -> f);
    }

    /** Undoes a claim whose answer could not be written: the question is pending again. */
    private CompletableFuture<Void> unclaim(PendingQuestion q) {
        return central.tx(c -> {
            rows.restore(c, stores.adapterState(), q, clock.instant());
            return (Void) null;
        }).exceptionally(e -> {
            log.atError().addKeyValue("session", q.sessionId()).addKeyValue("question", q.questionId())
                    .setCause(e).log("question.unclaim_failed");
            return null;
        });
    }

    /** The values a click may carry: each option's {@code value} (a plain string option is its own value). */
    static List<String> optionValues(String optionsJson) {
        List<String> values = new ArrayList<>();
        if (optionsJson == null) {
            return values;
        }
        JsonNode options = Json.parse(optionsJson);
        for (JsonNode o : options) {
            if (o.isTextual()) {
                values.add(o.asText());
            } else if (o.hasNonNull("value")) {
                values.add(o.get("value").asText());
            }
        }
        return values;
    }

    private static String message(Refusal r, ActionClick k, Claim claim) {
        return switch (r) {
            case NOT_FOUND -> "no pending question " + k.questionId() + " in chat " + k.platformChatId();
            case ALREADY_ANSWERED -> "question " + k.questionId() + " was already answered";
            case EXPIRED -> "question " + k.questionId() + " expired" + (claim.question() == null
                    ? ": no answer was given in time" : " at " + claim.question().expiresAt());
            case FORBIDDEN -> "user " + k.userId() + " may not answer questions of agent group "
                    + claim.agentGroupId() + " in chat " + k.platformChatId();
            case INVALID -> "value " + (k.value() == null ? "(none)" : "\"" + k.value() + "\"")
                    + " is not one of the options of question " + k.questionId() + ": "
                    + optionValues(claim.question().optionsJson());
        };
    }
}
