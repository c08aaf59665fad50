package io.tandem.host.questions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.ClickOutcome.Refusal;
import io.tandem.host.routing.SenderAccess;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.UnknownSenderPolicy;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decision tables: whether a click answers a question, and who may talk (and so answer) in a chat. */
class AnswerPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            // pending, answered, expired, sameChat, expiresAt,                mayTalk, offered, expected
            "false,     false,    false,   false,    ,                         false,   false,   NOT_FOUND",
            "false,     true,     false,   false,    ,                         false,   false,   ALREADY_ANSWERED",
            "false,     false,    true,    false,    ,                         false,   false,   EXPIRED",
            "false,     true,     true,    false,    ,                         false,   false,   EXPIRED",
            "true,      false,    false,   false,    2026-12-03T10:00:00Z,     true,    true,    NOT_FOUND",
            "true,      false,    false,   true,     2026-12-02T10:00:00Z,     true,    true,    EXPIRED",
            "true,      false,    false,   true,     2026-12-01T10:00:00Z,     false,   false,   EXPIRED",
            "true,      false,    false,   true,     2026-12-02T10:00:01Z,     false,   true,    FORBIDDEN",
            "true,      false,    false,   true,     2026-12-02T10:00:01Z,     true,    false,   INVALID",
            "true,      false,    false,   true,     2026-12-02T10:00:01Z,     true,    true,    ",
            "true,      false,    false,   true,     ,                         true,    true,    ",
    })
    void aClickAnswersOnlyAPendingUnexpiredQuestionOfItsChatFromSomeoneWhoMayTalkThere(boolean pending,
            boolean answered, boolean expired, boolean sameChat, String expiresAt, boolean mayTalk, boolean offered,
            Refusal expected) {
        var facts = new AnswerPolicy.Facts(pending, answered, expired, sameChat,
                expiresAt == null ? null : Instant.parse(expiresAt), mayTalk, offered);
        assertThat(AnswerPolicy.decide(facts, NOW).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "PUBLIC,           ALL,   false",
            "PUBLIC,           KNOWN, true",
            "PUBLIC,           ,      true",
            "STRICT,           ALL,   true",
            "REQUEST_APPROVAL, ALL,   true",
    })
    void onlyAPublicChatWithoutAKnownScopeLetsStrangersTalkOrAnswer(UnknownSenderPolicy policy, SenderScope scope,
                                                                   boolean needsKnown) {
        assertThat(SenderAccess.needsKnownSender(policy, scope)).isEqualTo(needsKnown);
    }
}
