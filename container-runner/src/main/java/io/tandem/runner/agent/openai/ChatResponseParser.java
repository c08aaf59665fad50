package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a chat-completions response body ({@code choices[0].message} with {@code content} and/or
 * {@code tool_calls}) into a {@link Completion}. Anything that does not have that shape is a
 * {@link ChatFailure} naming what was wrong, so a broken server fails the batch with a clear
 * error instead of an exception deep in the loop.
 */
public final class ChatResponseParser {
    private ChatResponseParser() {
    }

    public static Completion parse(String body) throws ChatFailure {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed("not a JSON object");
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            String msg = error.isObject() ? Json.text(error, "message") : error.asText();
            throw new ChatFailure("chat completions answered with an error: " + msg);
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw malformed("no \"choices\"");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw malformed("choices[0] has no \"message\" object");
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw malformed("choices[0].message.content is not a string");
        }
        List<ChatMessage.ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw malformed("choices[0].message.tool_calls is not a list");
            }
            for (int i = 0; i < toolCalls.size(); i++) {
                calls.add(toolCall(toolCalls.get(i), i));
            }
        }
        String text = content == null || content.isNull() ? null : content.asText();
        if (text == null && calls.isEmpty()) {
            throw malformed("choices[0].message has neither content nor tool_calls");
        }
        return new Completion(text, calls, Json.text(choice, "finish_reason"));
    }

    private static ChatMessage.ToolCall toolCall(JsonNode call, int i) throws ChatFailure {
        String where = "choices[0].message.tool_calls[" + i + "]";
        if (!call.isObject()) {
            throw malformed(where + " is not an object");
        }
        String id = Json.text(call, "id");
        JsonNode fn = call.get("function");
        if (id == null || id.isEmpty() || fn == null || !fn.isObject()) {
            throw malformed(where + " needs \"id\" and a \"function\" object");
        }
        String name = Json.text(fn, "name");
        JsonNode args = fn.get("arguments");
        if (name == null || name.isEmpty()) {
            throw malformed(where + ".function has no \"name\"");
        }
        String arguments;
        if (args == null || args.isNull()) {
            arguments = "{}";
        } else if (args.isTextual()) {
            arguments = args.asText();
        } else if (args.isObject()) {
            arguments = Json.write(args); // some servers send the object itself
        } else {
            throw malformed(where + ".function.arguments is not a JSON text");
        }
        return new ChatMessage.ToolCall(id, "function", new ChatMessage.FunctionCall(name, arguments));
    }

    private static ChatFailure malformed(String what) {
        return new ChatFailure("malformed chat completions response: " + what);
    }
}
