package io.tandem.host.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.channels.ClickOutcome;
import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.Router;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers clicks on channel-registration cards: {@code wire:<group>} (one of the card's options)
 * creates the wiring (engage on mention, shared session) and replays the held message once after
 * the commit; {@code reject} sets {@code denied_at}, so later messages drop as
 * {@code denied_channel}. Only the card's approver or an owner / global admin may answer.
 */
final class ChannelApprovalClicks {
    private static final Logger log = LoggerFactory.getLogger(ChannelApprovalClicks.class);
    private static final Duration ANSWERED_TTL = Duration.ofDays(30);

    private final CentralDb central;
    private final CentralStores stores;
    private final Router router;
    private final Clock clock;
    private final ChannelApprovalStore store = new ChannelApprovalStore();
    private final SenderApprovalStore roles = new SenderApprovalStore();

    ChannelApprovalClicks(CentralDb central, CentralStores stores, Router router, Clock clock) {
        this.central = central;
        this.stores = stores;
        this.router = router;
        this.clock = clock;
    }

    private record Answer(ClickPolicy.Verdict verdict, String group, InboundEvent held) {
    }

    CompletableFuture<ClickOutcome> click(String chatId, String questionId, String value, String userId,
                                      boolean tokenOk) {
        String mgId = questionId.substring(ChannelApprovals.PREFIX.length() + 1);
        return central.tx(c -> {
            var pending = store.find(c, mgId);
            boolean answered = pending.isEmpty()
                    && stores.adapterState().kvGet(c, ApprovalClicks.answeredKey(questionId)).isPresent();
            boolean isApprover = pending.isPresent() && userId != null
                    && userId.equals(pending.get().approverUserId());
            boolean isAdmin = pending.isPresent() && userId != null && roles.isAdminOf(c, userId, null);
            String group = null;
            String mapped = null;
            if (pending.isPresent() && value != null) {
                if (value.equals("reject")) {
                    mapped = "deny";
                } else if (value.startsWith("wire:") && offered(pending.get().optionsJson(), value)) {
                    mapped = "allow";
                    group = value.substring("wire:".length());
                }
            }
            ClickPolicy.Verdict v = ClickPolicy.decide(pending.isPresent(), answered, tokenOk, isApprover, isAdmin,
                    mapped);
            if (v != ClickPolicy.Verdict.ALLOW && v != ClickPolicy.Verdict.DENY) {
                return new Answer(v, null, null);
            }
            if (v == ClickPolicy.Verdict.ALLOW && stores.groups().agentGroups(c).stream()
                    .noneMatch(g -> g.id().equals(value.substring("wire:".length())))) {
                return new Answer(ClickPolicy.Verdict.BAD_VALUE, null, null);
            }
            if (v == ClickPolicy.Verdict.ALLOW) {
                stores.channels().insertWiring(c, mgId, group, EngageMode.MENTION, null, SessionMode.SHARED);
            } else {
                store.deny(c, mgId, Timestamps.now(clock));
            }
            store.delete(c, mgId);
            stores.adapterState().kvPut(c, ApprovalClicks.answeredKey(questionId),
                    v.name().toLowerCase(Locale.ROOT), Timestamps.format(clock.instant().plus(ANSWERED_TTL)));
            return new Answer(v, group, HeldMessage.read(pending.get().originalMessage()));
        }).thenCompose(a -> {
            log.atInfo().addKeyValue("approval", questionId).addKeyValue("chat", chatId).addKeyValue("user", userId)
                    .addKeyValue("verdict", a.verdict().name().toLowerCase(Locale.ROOT))
                    .addKeyValue("agent_group", a.group()).log("approval.channel_click");
            var refused = ApprovalClicks.refusal(a.verdict(), chatId, questionId, userId);
            if (refused.isPresent()) {
                return CompletableFuture.<ClickOutcome>completedFuture(refused.get());
            }
            if (a.verdict() == ClickPolicy.Verdict.DENY) {
                return CompletableFuture.<ClickOutcome>completedFuture(
                        new ClickOutcome.Answered("rejected: the chat stays unwired"));
            }
            return router.route(a.held(), true).<ClickOutcome>thenApply(r -> new ClickOutcome.Answered(
                    "wired to " + a.group() + "; the held message " + ApprovalClicks.replayed(r)));
        });
    }

    private static boolean offered(String optionsJson, String value) {
        if (optionsJson == null) {
            return false;
        }
        for (JsonNode o : Json.parse(optionsJson)) {
            if (value.equals(o.path("value").asText())) {
                return true;
            }
        }
        return false;
    }
}
