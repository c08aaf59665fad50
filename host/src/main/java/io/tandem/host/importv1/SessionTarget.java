package io.tandem.host.importv1;

import java.time.ZoneId;

/**
 * One Tandem session the import fills: the v1 registered group's (agent group, chat) pair.
 * {@code sessionId} is null only in a dry run for a session not yet created.
 */
record SessionTarget(String agentGroupId, String folder, String chatJid, V1Mapping.ChatKey chat, String sessionId,
                     ZoneId zone) {
}
