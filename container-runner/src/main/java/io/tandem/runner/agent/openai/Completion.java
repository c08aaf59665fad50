package io.tandem.runner.agent.openai;

import java.util.List;

/**
 * What one chat-completions answer says, checked: the assistant's text (may be null) and the
 * tool calls it asks for (each with an id, a function name and its JSON arguments text).
 */
public record Completion(String text, List<ChatMessage.ToolCall> toolCalls, String finishReason) {
    public Completion {
        toolCalls = List.copyOf(toolCalls);
    }

    /** The assistant message to keep in the conversation. */
    public ChatMessage message() {
        return ChatMessage.assistant(text, toolCalls);
    }
}
