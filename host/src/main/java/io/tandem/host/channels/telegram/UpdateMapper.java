package io.tandem.host.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.routing.InboundEvent;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.time.Instant;
import java.util.Locale;

/**
 * Maps one Bot API {@code Update} to a {@link TelegramUpdate}. Pure: a function of the update, the
 * bot's identity (from {@code getMe}) and the accept time.
 *
 * <p>The mapping (issue 10 section 4): {@code platform_id} = the chat id in decimal,
 * {@code platform_message_id} = {@code message_id}, {@code thread_id} = {@code message_thread_id}
 * of a forum topic message ({@code is_topic_message}; Telegram also sets it on plain reply chains,
 * which are not threads), sender {@code from.id}, {@code is_group} for group and supergroup chats.
 * A mention is an entity naming the bot's {@code @username} (or a {@code text_mention} of the bot,
 * or a {@code /command@username}), or a reply to one of the bot's messages; in a private chat
 * every message is addressed to the bot, so it counts as a mention there. A command addressed to
 * this bot ({@code /clear@bot}) is stored without the suffix so admin commands work in groups.
 */
final class UpdateMapper {
    /** The bot as {@code getMe} describes it. */
    record Bot(long id, String username) {
    }

    private final Bot bot;

    UpdateMapper(Bot bot) {
        this.bot = bot;
    }

    TelegramUpdate map(JsonNode update, Instant now) {
        if (update.has("message")) {
            return message(update.get("message"), now);
        }
        if (update.has("callback_query")) {
            return click(update.get("callback_query"));
        }
        if (update.has("edited_message")) {
            JsonNode m = update.get("edited_message");
            return new TelegramUpdate.Edited(m.path("chat").path("id").asText(null), m.path("message_id").asText(null));
        }
        return new TelegramUpdate.Ignored("update kind not handled: " + kindOf(update));
    }

    private TelegramUpdate message(JsonNode m, Instant now) {
        JsonNode chat = m.path("chat");
        JsonNode from = m.path("from");
        if (!chat.path("id").isIntegralNumber() || !m.path("message_id").isIntegralNumber()) {
            return new TelegramUpdate.Ignored("message without chat.id or message_id");
        }
        if (!from.path("id").isIntegralNumber()) {
            return new TelegramUpdate.Ignored("message without a sender (from.id)");
        }
        if (from.path("id").asLong() == bot.id()) {
            return new TelegramUpdate.Ignored("the bot's own message");
        }
        boolean caption = !m.has("text") && m.has("caption");
        String text = caption ? m.path("caption").asText() : m.path("text").asText(null);
        if (text == null) {
            return new TelegramUpdate.Ignored("message without text or caption");
        }
        String type = chat.path("type").asText("");
        boolean group = type.equals("group") || type.equals("supergroup");
        boolean mention = type.equals("private") || mentions(text, m.path(caption ? "caption_entities" : "entities"))
                || m.path("reply_to_message").path("from").path("id").asLong(-1) == bot.id();
        String threadId = m.path("is_topic_message").asBoolean(false) && m.has("message_thread_id")
                ? m.path("message_thread_id").asText() : null;
        String senderId = from.path("id").asText();
        String name = displayName(from);
        String stored = withoutOwnUsername(text);
        ObjectNode content = Json.object();
        content.put("text", stored);
        ObjectNode sender = content.putObject("sender");
        sender.put("id", senderId);
        if (name != null) {
            sender.put("name", name);
        }
        if (m.path("reply_to_message").has("message_id")) {
            content.put("reply_to", m.path("reply_to_message").path("message_id").asText());
        }
        Instant sent = m.path("date").isIntegralNumber() ? Instant.ofEpochSecond(m.path("date").asLong()) : now;
        return new TelegramUpdate.Inbound(new InboundEvent("telegram", chat.path("id").asText(), threadId,
                m.path("message_id").asText(), senderId, name, stored, content, Timestamps.format(sent), mention,
                group));
    }

    private TelegramUpdate click(JsonNode q) {
        String id = q.path("id").asText(null);
        if (id == null || !q.path("from").path("id").isIntegralNumber()) {
            return new TelegramUpdate.Ignored("callback_query without id or from.id");
        }
        JsonNode chatId = q.path("message").path("chat").path("id");
        return new TelegramUpdate.Click(id, chatId.isIntegralNumber() ? chatId.asText() : null,
                CallbackData.parse(q.path("data").asText(null)).orElse(null),
                "telegram:" + q.path("from").path("id").asText());
    }

    private boolean mentions(String text, JsonNode entities) {
        String handle = "@" + bot.username().toLowerCase(Locale.ROOT);
        for (JsonNode e : entities) {
            String kind = e.path("type").asText();
            if (kind.equals("text_mention") && e.path("user").path("id").asLong(-1) == bot.id()) {
                return true;
            }
            if (kind.equals("mention") || kind.equals("bot_command")) {
                String part = slice(text, e.path("offset").asInt(-1), e.path("length").asInt(-1));
                if (part != null && (kind.equals("mention") ? part.toLowerCase(Locale.ROOT).equals(handle)
                        : part.toLowerCase(Locale.ROOT).endsWith(handle))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Entity offsets count UTF-16 units, as Java strings do; out-of-range entities are ignored. */
    private static String slice(String text, int offset, int length) {
        if (offset < 0 || length <= 0 || offset + length > text.length()) {
            return null;
        }
        return text.substring(offset, offset + length);
    }

    private String withoutOwnUsername(String text) {
        if (!text.startsWith("/")) {
            return text;
        }
        int end = text.indexOf(' ');
        String command = end < 0 ? text : text.substring(0, end);
        String suffix = "@" + bot.username();
        if (command.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
            return command.substring(0, command.length() - suffix.length()) + (end < 0 ? "" : text.substring(end));
        }
        return text;
    }

    private static String displayName(JsonNode from) {
        String first = from.path("first_name").asText("");
        String last = from.path("last_name").asText("");
        String full = (first + " " + last).strip();
        if (!full.isEmpty()) {
            return full;
        }
        return from.hasNonNull("username") ? from.path("username").asText() : null;
    }

    private static String kindOf(JsonNode update) {
        for (var it = update.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("update_id")) {
                return f;
            }
        }
        return "(empty)";
    }
}
