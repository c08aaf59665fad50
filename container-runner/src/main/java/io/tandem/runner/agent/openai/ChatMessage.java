package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One message of a chat-completions conversation, in the API's own shape, so the stored history
 * and the request body are the same JSON. {@code content} is always written (JSON null for an
 * assistant message that only calls tools, as the API allows); {@code tool_calls} only on an
 * assistant message, {@code tool_call_id} only on a tool result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        @JsonProperty("role") Role role,
        @JsonProperty("content") @JsonInclude(JsonInclude.Include.ALWAYS) String content,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("tool_call_id") String toolCallId) {

    public ChatMessage {
        toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
    }

    /** A function call the model asked for; {@code arguments} is a JSON text, as the API sends it. */
    public record ToolCall(@JsonProperty("id") String id, @JsonProperty("type") String type,
            @JsonProperty("function") FunctionCall function) {
    }

    public record FunctionCall(@JsonProperty("name") String name, @JsonProperty("arguments") String arguments) {
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text, null, null);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text, null, null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> calls) {
        return new ChatMessage(Role.ASSISTANT, text, calls, null);
    }

    public static ChatMessage toolResult(String toolCallId, String content) {
        return new ChatMessage(Role.TOOL, content, null, toolCallId);
    }

    /** The tool calls, never null. */
    public List<ToolCall> calls() {
        return toolCalls == null ? List.of() : toolCalls;
    }
}
