package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {
    private static final ChatMessage.ToolCall CALL = new ChatMessage.ToolCall("c1", "function",
            new ChatMessage.FunctionCall("edit_message", "{}"));

    private static List<ChatMessage> turn(String n) {
        return List.of(ChatMessage.user("u" + n), ChatMessage.assistant(null, List.of(CALL)),
                ChatMessage.toolResult("c1", "{\"ok\":true}"), ChatMessage.assistant("a" + n, null));
    }

    @Test
    void trimmingKeepsTheLastMessagesAndNeverStartsWithAnAnswerOrAToolResult() {
        List<ChatMessage> all = new java.util.ArrayList<>();
        all.addAll(turn("1"));
        all.addAll(turn("2"));
        assertThat(ConversationHistory.trim(all, 8, 1 << 20)).isEqualTo(all);
        // 6 would start at turn 1's tool result: the whole orphaned part goes
        assertThat(ConversationHistory.trim(all, 6, 1 << 20)).isEqualTo(turn("2"));
        assertThat(ConversationHistory.trim(all, 3, 1 << 20)).isEmpty();
        int oneTurn = Json.write(turn("2")).length();
        assertThat(ConversationHistory.trim(all, 8, oneTurn + 1)).isEqualTo(turn("2"));
    }

    @Test
    void itRoundTripsThroughTheStateLineAndHelloAndClears() {
        ConversationHistory h = new ConversationHistory(40);
        assertThat(h.load(Json.object())).isNull();
        List<ChatMessage> stored = h.append(turn("1"));
        // the runner stores a non-text value as its JSON text and hands it back as a string
        ObjectNode state = Json.object().put(ConversationHistory.KEY, Json.write(stored));
        ConversationHistory again = new ConversationHistory(40);
        assertThat(again.load(state)).isNull();
        assertThat(again.messages()).isEqualTo(turn("1"));
        String json = Json.write(again.messages().get(1));
        assertThat(json).contains("\"content\":null").contains("\"tool_calls\"").doesNotContain("tool_call_id");

        again.clear();
        assertThat(again.messages()).isEmpty();
        assertThat(again.load(Json.object().put(ConversationHistory.KEY, "not json"))).contains("unreadable");
        assertThat(again.messages()).isEmpty();
    }
}
