package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation so far, kept by the runner in {@code session_state} under {@value #KEY} (the
 * agent writes it with a {@code state set} line together with the batch's {@code done}, and gets
 * it back in {@code hello}). It only changes when a batch completes, so a failed batch that is
 * retried does not see its own half. Trimming keeps the last {@code max_history} messages and at
 * most {@value #MAX_CHARS} chars of JSON (a state line must stay far below the 1 MiB line limit),
 * and always starts at a user message, so no tool result is left without the call it answers.
 */
public final class ConversationHistory {
    public static final String KEY = "openai.history";
    static final int MAX_CHARS = 256 * 1024;
    private static final TypeReference<List<ChatMessage>> LIST = new TypeReference<>() {
    };

    private final int maxMessages;
    private List<ChatMessage> messages = List.of();

    public ConversationHistory(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /**
     * Loads the history from {@code hello}'s {@code state}; a missing or unreadable entry is an
     * empty history (returned as the problem, or null when fine).
     */
    public String load(JsonNode state) {
        JsonNode v = state == null ? null : state.get(KEY);
        if (v == null || v.isNull()) {
            messages = List.of();
            return null;
        }
        try {
            List<ChatMessage> read = Json.MAPPER.readValue(v.isTextual() ? v.asText() : v.toString(), LIST);
            messages = trim(read, maxMessages, MAX_CHARS);
            return null;
        } catch (Exception e) {
            messages = List.of();
            return "stored conversation is unreadable, starting afresh: " + e.getMessage();
        }
    }

    public List<ChatMessage> messages() {
        return messages;
    }

    /** The history plus a completed batch's {@code turn}, trimmed; returned for the state line. */
    public List<ChatMessage> append(List<ChatMessage> turn) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(turn);
        messages = trim(all, maxMessages, MAX_CHARS);
        return messages;
    }

    /** {@code /clear}: the runner has already deleted the stored copy. */
    public void clear() {
        messages = List.of();
    }

    /** The last {@code max} messages, within {@code maxChars} of JSON, starting at a user message. */
    static List<ChatMessage> trim(List<ChatMessage> all, int max, int maxChars) {
        int from = Math.max(0, all.size() - max);
        from = nextUser(all, from);
        while (from < all.size() && Json.write(all.subList(from, all.size())).length() > maxChars) {
            from = nextUser(all, from + 1);
        }
        return List.copyOf(all.subList(from, all.size()));
    }

    private static int nextUser(List<ChatMessage> all, int from) {
        int i = from;
        while (i < all.size() && all.get(i).role() != Role.USER) {
            i++;
        }
        return i;
    }
}
