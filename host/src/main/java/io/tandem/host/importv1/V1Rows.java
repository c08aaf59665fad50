package io.tandem.host.importv1;

/**
 * The rows of a v1 {@code messages.db} this import reads, as v1 stored them (seed 003: v1 tables
 * {@code chats}, {@code registered_groups}, {@code sessions}, {@code scheduled_tasks},
 * {@code messages}). Columns v1 added by later ad-hoc migrations are null when the file predates
 * them.
 */
public final class V1Rows {
    private V1Rows() {
    }

    /** {@code chats(jid, name, last_message_time, channel, is_group)}. */
    public record Chat(String jid, String name, String channel, Boolean isGroup) {
    }

    /** {@code registered_groups(jid, name, folder, trigger_pattern, requires_trigger, is_main, container_config)}. */
    public record Group(String jid, String name, String folder, String triggerPattern, boolean requiresTrigger,
                        boolean isMain, String containerConfig) {
    }

    /** {@code sessions(group_folder, session_id)}: the agent SDK's conversation id of a group. */
    public record Session(String groupFolder, String sessionId) {
    }

    /** {@code scheduled_tasks(id, group_folder, chat_jid, prompt, schedule_type, schedule_value, next_run, status)}. */
    public record Task(String id, String groupFolder, String chatJid, String prompt, String scheduleType,
                       String scheduleValue, String nextRun, String status) {
    }

    /** {@code messages(id, chat_jid, sender, sender_name, content, timestamp, is_from_me, is_bot_message, reply_to_*)}. */
    public record Message(String id, String chatJid, String sender, String senderName, String content,
                          String timestamp, boolean fromMe, boolean botMessage, String replyToId,
                          String replyToContent, String replyToSenderName) {
    }

    /** Everything read from one v1 file. */
    public record Snapshot(java.util.List<Chat> chats, java.util.List<Group> groups, java.util.List<Session> sessions,
                           java.util.List<Task> tasks, java.util.List<Message> messages) {
    }
}
