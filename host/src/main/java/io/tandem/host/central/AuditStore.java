package io.tandem.host.central;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the router refused and why ({@code unregistered_senders}): one row per platform chat,
 * counting repeats, so an operator sees who knocks without the table growing per message.
 */
public interface AuditStore {
    /** Upserts the drop audit row for a chat, counting repeats; the last sender and reason win. */
    void auditDrop(Connection c, String channelType, String platformId, String userId, String senderName,
                   String reason, String messagingGroupId, String agentGroupId) throws SQLException;

    /** The drop audit, newest first, at most {@code limit} rows. */
    java.util.List<io.tandem.host.central.Rows.Drop> drops(java.sql.Connection c, int limit)
            throws java.sql.SQLException;
}
