package io.tandem.host.routing;

import io.tandem.host.central.Rows.MessagingGroup;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the router does besides dropping and auditing when access needs a human (DESIGN 5.1 steps
 * 3 and 5): hold the message of an unknown sender on a {@code request_approval} chat for a sender
 * card, and start channel registration on a mention in an unwired chat. Both run inside the
 * routing transaction; the returned step (null for none) runs after the commit, so no network
 * call happens inside the transaction.
 */
public interface AccessHooks {
    AccessHooks NONE = new AccessHooks() {
    };

    default Runnable heldSender(Connection c, InboundEvent ev, MessagingGroup mg, String agentGroupId)
            throws SQLException {
        return null;
    }

    default Runnable unwiredChat(Connection c, InboundEvent ev, MessagingGroup mg) throws SQLException {
        return null;
    }

    /** The answer in the chat when an admin command was refused (no transaction involved). */
    default Runnable commandDenied(InboundEvent ev, String command, String agentGroupId) {
        return null;
    }
}
