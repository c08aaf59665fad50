package io.tandem.host.approvals;

import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.routing.AccessHooks;
import io.tandem.host.routing.InboundEvent;
import java.sql.Connection;
import java.sql.SQLException;

/** The router's {@link AccessHooks}: sender approvals, channel registration, refused admin commands. */
public record ApprovalHooks(SenderApprovals senders, ChannelApprovals channels, CommandDenials commands)
        implements AccessHooks {
    @Override
    public Runnable heldSender(Connection c, InboundEvent ev, MessagingGroup mg, String agentGroupId)
            throws SQLException {
        return senders.hold(c, ev, mg, agentGroupId);
    }

    @Override
    public Runnable unwiredChat(Connection c, InboundEvent ev, MessagingGroup mg) throws SQLException {
        return channels.hold(c, ev, mg);
    }

    @Override
    public Runnable commandDenied(InboundEvent ev, String command, String agentGroupId) {
        return commands.answer(ev, command, agentGroupId);
    }
}
