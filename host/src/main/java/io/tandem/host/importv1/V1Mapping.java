package io.tandem.host.importv1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Recurrence;
import io.tandem.schema.time.ScheduleTime;
import io.tandem.schema.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How v1 values become Tandem values: pure functions, documented in docs/operations.md
 * ("Import from v1"). Every id is derived from a v1 key, so a second import finds what the first
 * wrote instead of adding it again.
 */
public final class V1Mapping {
    /** v1 jid prefixes and the channel type they name. */
    static final Map<String, String> PREFIXES = Map.of("tg", "telegram", "dc", "discord", "slack", "slack");

    private V1Mapping() {
    }

    /** A chat as Tandem keys it, or why it has none. */
    public record ChatKey(String channelType, String platformId, boolean isGroup) {
    }

    /** The result of a mapping: a value, or the reason the item is skipped. */
    public record Mapped<T>(T value, String skipReason) {
        static <T> Mapped<T> of(T v) {
            return new Mapped<>(v, null);
        }

        static <T> Mapped<T> skip(String reason) {
            return new Mapped<>(null, reason);
        }

        public boolean ok() {
            return skipReason == null;
        }
    }

    /**
     * The chat of {@code jid}: WhatsApp jids ({@code …@g.us}, {@code …@s.whatsapp.net},
     * {@code …@lid}) are channel {@code whatsapp} with the jid as platform id; {@code tg:}, {@code dc:},
     * {@code slack:} are telegram, discord, slack with the prefix removed; any other {@code name:id}
     * is channel {@code name}. v1's {@code channel} column, when set, names the channel type. A group
     * chat is one v1 marked {@code is_group} or a WhatsApp {@code @g.us} jid.
     */
    public static Mapped<ChatKey> chatKey(String jid, String channel, Boolean isGroup) {
        if (jid == null || jid.isBlank() || jid.startsWith("__")) {
            return Mapped.skip("not a chat jid (v1 bookkeeping row)");
        }
        boolean group = Boolean.TRUE.equals(isGroup) || jid.endsWith("@g.us");
        String type;
        String platformId;
        int colon = jid.indexOf(':');
        if (jid.endsWith("@g.us") || jid.endsWith("@s.whatsapp.net") || jid.endsWith("@lid")) {
            type = "whatsapp";
            platformId = jid;
        } else if (colon > 0 && colon < jid.length() - 1) {
            String prefix = jid.substring(0, colon).toLowerCase(Locale.ROOT);
            type = PREFIXES.getOrDefault(prefix, prefix);
            platformId = jid.substring(colon + 1);
        } else if (channel != null && !channel.isBlank()) {
            type = channel;
            platformId = jid;
        } else {
            return Mapped.skip("jid '" + jid + "' names no channel (no v1 channel, no known prefix)");
        }
        if (channel != null && !channel.isBlank()) {
            type = channel.trim().toLowerCase(Locale.ROOT);
        }
        return Mapped.of(new ChatKey(type, platformId, group));
    }

    /**
     * v1's trigger test: case-insensitive, at the start of the (trimmed) text, not followed by a
     * word character (v1's {@code \b}, which never fired after a trigger ending in punctuation).
     */
    public static String triggerRegex(String trigger) {
        return "(?i)^\\s*" + Pattern.quote(trigger.trim()) + "(?!\\w)";
    }

    /** The engage pattern of a registered group: its trigger, or every message when v1 needed none. */
    public static String engagePattern(V1Rows.Group g) {
        if (g.isMain() || !g.requiresTrigger() || g.triggerPattern() == null || g.triggerPattern().isBlank()) {
            return ".";
        }
        return triggerRegex(g.triggerPattern());
    }

    /** An agent group id is the v1 folder, when it is a safe path segment. */
    public static Mapped<String> groupId(String folder) {
        if (!Ids.isSafe(folder)) {
            return Mapped.skip("folder '" + folder + "' is not a safe id ([A-Za-z0-9][A-Za-z0-9._-]*)");
        }
        return Mapped.of(folder);
    }

    public static String messageId(String chatJid, String v1Id) {
        return "m-v1-" + hash(chatJid + "\n" + v1Id);
    }

    public static String taskId(String v1Id) {
        return "t-v1-" + hash(v1Id);
    }

    /** A v1 timestamp (ISO-8601 with offset) in Tandem's format. */
    public static Mapped<String> timestamp(String v1) {
        try {
            return Mapped.of(Timestamps.format(Instant.parse(v1)));
        } catch (RuntimeException e) {
            try {
                return Mapped.of(Timestamps.format(java.time.OffsetDateTime.parse(v1).toInstant()));
            } catch (RuntimeException e2) {
                return Mapped.skip("timestamp '" + v1 + "' is not ISO-8601");
            }
        }
    }

    /** Chat content as DESIGN 4 shapes it; a bot's own v1 message is marked {@code sender.is_bot}. */
    public static String chatContent(V1Rows.Message m) {
        ObjectNode c = Json.object();
        c.put("text", m.content() == null ? "" : m.content());
        ObjectNode sender = c.putObject("sender");
        sender.put("id", m.sender());
        sender.put("name", m.senderName());
        if (m.botMessage() || m.fromMe()) {
            sender.put("is_bot", true);
        }
        if (m.replyToId() != null) {
            c.put("reply_to", m.replyToId());
            if (m.replyToContent() != null) {
                c.put("reply_to_text", m.replyToContent());
            }
            if (m.replyToSenderName() != null) {
                c.put("reply_to_sender_name", m.replyToSenderName());
            }
        }
        return Json.write(c);
    }

    /** A task as it will be stored: first run, recurrence (null for once) and whether it is paused. */
    public record TaskPlan(Instant processAfter, String recurrence, boolean paused, String content) {
    }

    /**
     * v1 {@code active}/{@code paused} tasks become task rows; {@code completed} ones are skipped.
     * {@code cron} (also {@code recurring}) keeps its expression, next run strictly after
     * {@code now} in {@code zone}; {@code once} keeps its time (v1's {@code next_run}, else its
     * {@code schedule_value} read in {@code zone}): a time already past is due at once, as v1's
     * scheduler would have run it at its next poll. {@code interval} has no cron form: skipped.
     */
    public static Mapped<TaskPlan> task(V1Rows.Task t, ZoneId zone, Instant now) {
        String status = t.status() == null ? "active" : t.status().toLowerCase(Locale.ROOT);
        if (!status.equals("active") && !status.equals("paused")) {
            return Mapped.skip("status '" + t.status() + "' (finished in v1)");
        }
        String content = Json.write(Json.object().put("prompt", t.prompt() == null ? "" : t.prompt()));
        String type = t.scheduleType() == null ? "" : t.scheduleType().toLowerCase(Locale.ROOT);
        switch (type) {
            case "cron", "recurring" -> {
                Recurrence r;
                try {
                    r = Recurrence.parse(t.scheduleValue());
                } catch (Recurrence.InvalidRecurrenceException e) {
                    return Mapped.skip(e.getMessage());
                }
                Optional<Instant> next = r.nextAfter(now, zone);
                return next.map(at -> Mapped.of(new TaskPlan(at, r.expression(), status.equals("paused"), content)))
                        .orElseGet(() -> Mapped.skip("cron '" + r.expression() + "' never fires again"));
            }
            case "once" -> {
                Mapped<String> at = t.nextRun() == null ? Mapped.skip("no next_run") : timestamp(t.nextRun());
                Instant when;
                if (at.ok()) {
                    when = Timestamps.parse(at.value());
                } else {
                    try {
                        when = ScheduleTime.parse(t.scheduleValue(), zone);
                    } catch (RuntimeException e) {
                        return Mapped.skip("once time '" + t.scheduleValue() + "' cannot be read: " + e.getMessage());
                    }
                }
                return Mapped.of(new TaskPlan(when, null, status.equals("paused"), content));
            }
            case "interval" -> {
                return Mapped.skip("interval schedules (every " + t.scheduleValue()
                        + " ms) have no cron form; schedule it again as a cron task");
            }
            default -> {
                return Mapped.skip("unknown schedule_type '" + t.scheduleType() + "'");
            }
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
