package io.tandem.host.channels.agent;

import io.tandem.host.central.Rows.SessionRow;
import io.tandem.schema.rows.SessionStatus;

/**
 * Where an agent-to-agent message lands (DESIGN 5.8), as a pure decision. A reply to a message
 * that came from another agent's session goes back to that session (the return path), so the
 * conversation continues where it started, but only while that session is active and belongs to
 * the target group: a row can never steer a message into another group's session. Anything else
 * goes to the target group's {@code agent-shared} session.
 */
public sealed interface Landing permits Landing.ReturnPath, Landing.AgentShared {

    /** The session that sent the message being replied to. */
    record ReturnPath(SessionRow session) implements Landing {
    }

    /** The target group's one session across chats (created when missing). */
    record AgentShared(String agentGroupId) implements Landing {
    }

    /**
     * @param targetGroup the group the message is addressed to
     * @param source      the session named by the replied-to row's {@code source_session_id}, or
     *                    null (no reply, no source, or no such session)
     */
    static Landing decide(String targetGroup, SessionRow source) {
        if (source != null && source.agentGroupId().equals(targetGroup) && source.status() == SessionStatus.ACTIVE) {
            return new ReturnPath(source);
        }
        return new AgentShared(targetGroup);
    }
}
