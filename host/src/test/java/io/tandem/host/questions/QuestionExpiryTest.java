package io.tandem.host.questions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.channels.ChatTarget;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.questions.QuestionExpiry.Decision;
import io.tandem.host.sweep.Expiry.Why;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Decision table: which pending questions expire at {@code now}, and when the next one is due. */
class QuestionExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static PendingQuestion q(String id, String expiresAt) {
        return new PendingQuestion(id, "s-1", "o-" + id, new ChatTarget("http", "demo", null), "Deploy",
                "[{\"label\":\"Yes\",\"value\":\"yes\"}]", "2026-12-01T10:00:00.000Z", expiresAt);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            // expires_at,                  expires now?, why,        next due
            "2026-12-02T09:59:59.999Z,      true,         PAST,       NULL",
            "2026-12-01T10:00:00.000Z,      true,         PAST,       NULL",
            // exactly at expires_at it expires (a click then is 410 too)
            "2026-12-02T10:00:00.000Z,      true,         PAST,       NULL",
            "2026-12-02T10:00:00.001Z,      false,        NULL,       2026-12-02T10:00:00.001Z",
            "2026-12-03T10:00:00.000Z,      false,        NULL,       2026-12-03T10:00:00.000Z",
            "tomorrow,                      true,         UNPARSABLE, NULL",
            "'',                            true,         UNPARSABLE, NULL",
            "2026-12-03,                    true,         UNPARSABLE, NULL",
            "NULL,                          false,        NULL,       NULL", // no expires_at: never expires
    })
    void oneQuestion(String expiresAt, boolean expires, Why why, String nextDue) {
        Decision d = QuestionExpiry.decide(List.of(q("q-1", expiresAt)), NOW);
        if (expires) {
            assertThat(d.expire()).singleElement().satisfies(e -> {
                assertThat(e.question().questionId()).isEqualTo("q-1");
                assertThat(e.why()).isEqualTo(why);
            });
        } else {
            assertThat(d.expire()).isEmpty();
        }
        assertThat(d.nextDue()).isEqualTo(Optional.ofNullable(nextDue).map(Instant::parse));
    }

    @Test
    void anEmptyListExpiresNothingAndHasNothingDue() {
        Decision d = QuestionExpiry.decide(List.of(), NOW);
        assertThat(d.expire()).isEmpty();
        assertThat(d.nextDue()).isEmpty();
    }

    @Test
    void aMixExpiresTheDueAndTheDamagedInOrderAndTheEarliestLiveOneIsNext() {
        List<PendingQuestion> pending = new ArrayList<>(List.of(
                q("q-late", "2026-12-02T12:00:00.000Z"),
                q("q-past", "2026-12-02T09:00:00.000Z"),
                q("q-soon", "2026-12-02T10:00:03.000Z"),
                q("q-bad", "not a time"),
                q("q-never", null),
                q("q-now", "2026-12-02T10:00:00.000Z")));
        Decision d = QuestionExpiry.decide(pending, NOW);
        assertThat(d.expire()).extracting(e -> e.question().questionId() + ":" + e.why())
                .containsExactly("q-past:PAST", "q-bad:UNPARSABLE", "q-now:PAST");
        assertThat(d.nextDue()).contains(Instant.parse("2026-12-02T10:00:03Z"));
    }
}
