package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One batch, start to {@code done}: the batch's messages join the conversation as user messages;
 * the model is called; each tool call it makes is written as its protocol line and the runner's
 * {@code result} goes back as the tool message; this repeats until the model answers without
 * tool calls or {@code max_steps} calls were made (tool calls asked for by the last allowed call
 * are not carried out). A final text is sent as the reply. The reply, the updated history
 * ({@code state set}) and {@code done} are written in one go, so the runner commits them with the
 * batch's acks; a failed call writes only {@code done} with status failed and the cause, leaving
 * the history as it was (the host's recovery retries the batch).
 */
final class ConversationLoop {
    private final OpenAiSettings settings;
    private final ChatClient client;
    private final ToolRegistry tools;
    private final ConversationHistory history;
    private final AgentLines lines;
    private final CallBudget budget;
    private final Logger log;
    private final String sessionId;

    ConversationLoop(OpenAiSettings settings, ChatClient client, ToolRegistry tools, ConversationHistory history,
            AgentLines lines, CallBudget budget, Logger log, String sessionId) {
        this.settings = settings;
        this.client = client;
        this.tools = tools;
        this.history = history;
        this.lines = lines;
        this.budget = budget;
        this.log = log;
        this.sessionId = sessionId;
    }

    void run(JsonNode batch) throws IOException, AgentLines.Closed, InterruptedException {
        String batchId = Json.text(batch, "batch_id");
        budget.restart();
        List<ChatMessage> turn = new ArrayList<>(BatchPrompt.userMessages(batch));
        String reply = null;
        try {
            for (int step = 1; ; step++) {
                long started = System.nanoTime();
                Completion c = client.complete(ChatRequestBuilder.build(settings, history.messages(), turn, tools),
                        budget);
                log.atInfo().addKeyValue("session", sessionId).addKeyValue("batch", batchId).addKeyValue("step", step)
                        .addKeyValue("tool_calls", c.toolCalls().size())
                        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("openai.call");
                if (c.toolCalls().isEmpty()) {
                    reply = c.text();
                    turn.add(c.message());
                    break;
                }
                if (step >= settings.maxSteps()) {
                    log.atWarn().addKeyValue("session", sessionId).addKeyValue("batch", batchId)
                            .addKeyValue("max_steps", settings.maxSteps()).log("openai.max_steps");
                    if (c.text() != null && !c.text().isBlank()) {
                        reply = c.text();
                        turn.add(ChatMessage.assistant(c.text(), null));
                    }
                    break;
                }
                turn.add(c.message());
                for (ChatMessage.ToolCall call : c.toolCalls()) {
                    turn.add(ChatMessage.toolResult(call.id(), carryOut(call, batchId)));
                }
            }
        } catch (ChatFailure f) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("batch", batchId)
                    .addKeyValue("error", f.getMessage()).log("openai.batch.failed");
            lines.write(List.of(done(batchId, f.getMessage())));
            return;
        }
        List<ObjectNode> out = new ArrayList<>();
        if (reply != null && !reply.isBlank()) {
            out.add(Json.object().put("type", "send").put("ref", lines.nextRef()).put("text", reply));
        }
        ObjectNode state = Json.object().put("type", "state").put("ref", lines.nextRef()).put("op", "set")
                .put("key", ConversationHistory.KEY);
        state.set("value", Json.MAPPER.valueToTree(history.append(turn)));
        out.add(state);
        out.add(done(batchId, null));
        lines.write(out);
    }

    /** Carries out one tool call; returns the tool message content (the runner's result, or the refusal). */
    private String carryOut(ChatMessage.ToolCall call, String batchId) throws IOException, AgentLines.Closed {
        String name = call.function().name();
        String ref = lines.nextRef();
        ObjectNode line;
        try {
            line = tools.line(name, call.function().arguments(), ref);
        } catch (Tool.BadArguments e) {
            log.atInfo().addKeyValue("session", sessionId).addKeyValue("batch", batchId).addKeyValue("tool", name)
                    .addKeyValue("error", e.getMessage()).log("openai.tool.refused");
            return Json.write(Json.object().put("ok", false).put("error", e.getMessage()));
        }
        JsonNode result = lines.call(line, ref);
        ObjectNode content = result.deepCopy();
        content.remove("type");
        content.remove("ref");
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("batch", batchId).addKeyValue("tool", name)
                .addKeyValue("ok", content.path("ok").asBoolean()).addKeyValue("seq", Json.text(content, "seq"))
                .log("openai.tool");
        return Json.write(content);
    }

    static ObjectNode done(String batchId, String error) {
        ObjectNode done = Json.object().put("type", "done").put("batch_id", batchId)
                .put("status", error == null ? "completed" : "failed");
        if (error != null) {
            done.put("error", error);
        }
        return done;
    }
}
