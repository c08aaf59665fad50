package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.List;

/**
 * Builds the body of {@code POST /chat/completions} (non-streaming): the model, the system prompt,
 * the stored conversation, this batch's messages so far, the tools and the temperature when set.
 * Pure: the same inputs give the same JSON.
 */
public final class ChatRequestBuilder {
    private ChatRequestBuilder() {
    }

    public static ObjectNode build(OpenAiSettings settings, List<ChatMessage> history, List<ChatMessage> turn,
            ToolRegistry tools) {
        ObjectNode body = Json.object();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        messages.add(Json.MAPPER.valueToTree(ChatMessage.system(settings.systemPrompt())));
        for (ChatMessage m : history) {
            messages.add(Json.MAPPER.<ObjectNode>valueToTree(m));
        }
        for (ChatMessage m : turn) {
            messages.add(Json.MAPPER.<ObjectNode>valueToTree(m));
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools.definitions());
        }
        if (settings.temperature() != null) {
            body.put("temperature", settings.temperature());
        }
        body.put("stream", false);
        return body;
    }
}
