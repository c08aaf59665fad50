package io.tandem.host.channels.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.schema.rows.ContainerStatus;
import io.tandem.schema.rows.SessionStatus;
import org.junit.jupiter.api.Test;

/** Where an a2a message lands, as a decision table over the replied-to message's source session. */
class LandingTest {
    private static SessionRow session(String group, SessionStatus status) {
        return new SessionRow("s-src", group, "mg-1", null, status, ContainerStatus.STOPPED);
    }

    @Test
    void decisionTable() {
        SessionRow active = session("target", SessionStatus.ACTIVE);
        assertThat(Landing.decide("target", active)).as("reply, active session of the target: return path")
                .isEqualTo(new Landing.ReturnPath(active));
        assertThat(Landing.decide("target", null)).as("no reply or no source session")
                .isEqualTo(new Landing.AgentShared("target"));
        assertThat(Landing.decide("target", session("target", SessionStatus.CLOSED))).as("source session closed")
                .isEqualTo(new Landing.AgentShared("target"));
        assertThat(Landing.decide("target", session("other", SessionStatus.ACTIVE)))
                .as("source session of another group: never steered there").isEqualTo(new Landing.AgentShared("target"));
    }
}
