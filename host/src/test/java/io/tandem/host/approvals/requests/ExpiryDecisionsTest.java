package io.tandem.host.approvals.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What expires at a given instant, and when to look next: the decision table of {@link ExpiryDecisions}. */
class ExpiryDecisionsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @ParameterizedTest(name = "expires_at {0} → expired {1}")
    @CsvSource(nullValues = "null", value = {
            "2026-12-02T11:00:00.000Z, true",   // long past
            "2026-12-02T11:59:59.999Z, true",   // just past
            "2026-12-02T12:00:00.000Z, true",   // exactly now
            "2026-12-02T12:00:00.001Z, false",  // just ahead
            "2026-12-03T12:00:00.000Z, false",  // a day ahead
            "null, false",                      // no expiry
            "yesterday, true"                   // unreadable: expires, like a question (one rule), and is named
    })
    void oneApproval(String expiresAt, boolean expired) {
        ExpiryDecisions.Decision d = ExpiryDecisions.decide(List.of(new ExpiryDecisions.Open("ap-1", expiresAt)), NOW);
        assertThat(d.expire()).isEqualTo(expired ? List.of("ap-1") : List.of());
        if (!expired && expiresAt != null && expiresAt.startsWith("2026")) {
            assertThat(d.nextAt()).isEqualTo(Instant.parse(expiresAt));
        } else {
            assertThat(d.nextAt()).isNull();
        }
        assertThat(d.unreadable()).isEqualTo("yesterday".equals(expiresAt) ? List.of("ap-1") : List.of());
    }

    @Test
    void manyApprovals_expireThePastOnesAndWakeAtTheEarliestFutureOne() {
        ExpiryDecisions.Decision d = ExpiryDecisions.decide(List.of(
                new ExpiryDecisions.Open("ap-late", "2026-12-02T18:00:00.000Z"),
                new ExpiryDecisions.Open("ap-past", "2026-12-01T00:00:00.000Z"),
                new ExpiryDecisions.Open("ap-soon", "2026-12-02T12:00:05.000Z"),
                new ExpiryDecisions.Open("ap-now", "2026-12-02T12:00:00.000Z")), NOW);
        assertThat(d.expire()).containsExactly("ap-past", "ap-now");
        assertThat(d.nextAt()).isEqualTo(Instant.parse("2026-12-02T12:00:05Z"));
    }

    @Test
    void nothingOpen_nothingToDoAndNoWake() {
        ExpiryDecisions.Decision d = ExpiryDecisions.decide(List.of(), NOW);
        assertThat(d.expire()).isEmpty();
        assertThat(d.nextAt()).isNull();
    }

    @Test
    void theApprovalIdIsDerivedFromTheRowSoARepeatedDeliveryFilesTheSameOne() {
        String a = RequestApprovalAction.approvalId("o-123");
        assertThat(a).matches("ap-[0-9a-f]{16}").isEqualTo(RequestApprovalAction.approvalId("o-123"));
        assertThat(RequestApprovalAction.approvalId("o-124")).isNotEqualTo(a);
    }
}
