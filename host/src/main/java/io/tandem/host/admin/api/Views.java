package io.tandem.host.admin.api;

import io.tandem.host.central.Rows.Drop;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows as the admin API writes them: snake_case fields, enums in their wire spelling, a chat
 * also named as {@code <channel_type>:<platform_id>}. Maps keep field order, so tables and JSON
 * read the same way round.
 */
final class Views {
    private Views() {
    }

    static Map<String, Object> channel(MessagingGroup mg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", mg.id());
        m.put("chat", Refs.chatName(mg));
        m.put("channel_type", mg.channelType());
        m.put("platform_id", mg.platformId());
        m.put("name", mg.name());
        m.put("is_group", mg.isGroup());
        m.put("unknown_sender_policy", mg.unknownSenderPolicy().wire());
        m.put("denied_at", mg.deniedAt());
        return m;
    }

    static Map<String, Object> wiring(Wiring w, String chat) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("channel", w.messagingGroupId());
        m.put("chat", chat);
        m.put("group", w.agentGroupId());
        m.put("engage_mode", w.engageMode().wire());
        m.put("engage_pattern", w.engagePattern());
        m.put("sender_scope", w.senderScope().wire());
        m.put("ignored_message_policy", w.ignoredMessagePolicy().wire());
        m.put("session_mode", w.sessionMode().wire());
        m.put("priority", w.priority());
        return m;
    }

    static Map<String, Object> drop(Drop d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel_type", d.channelType());
        m.put("platform_id", d.platformId());
        m.put("user", d.userId());
        m.put("sender_name", d.senderName());
        m.put("reason", d.reason());
        m.put("channel", d.messagingGroupId());
        m.put("group", d.agentGroupId());
        m.put("message_count", d.messageCount());
        m.put("first_seen", d.firstSeen());
        m.put("last_seen", d.lastSeen());
        return m;
    }
}
