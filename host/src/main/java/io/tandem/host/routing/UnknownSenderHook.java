package io.tandem.host.routing;

import io.tandem.host.central.Rows.MessagingGroup;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the router does with a message from an unknown sender on a {@code request_approval} chat
 * (DESIGN 5.1 step 5), besides dropping and auditing it: hold it for a sender-approval card. Runs
 * inside the routing transaction; the returned step (null for none) runs after the commit, so no
 * network call happens inside the transaction.
 */
@FunctionalInterface
public interface UnknownSenderHook {
    UnknownSenderHook NONE = (c, ev, mg, agentGroupId) -> null;

    Runnable hold(Connection c, InboundEvent ev, MessagingGroup mg, String agentGroupId) throws SQLException;
}
