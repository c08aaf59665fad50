package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.EarlierReply;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the runner → agent lines of protocol 1 (DESIGN §7.3). Field names here are an external
 * interface that agents are written against; change them only with the protocol version.
 */
public final class RunnerMessages {
    public static final int PROTOCOL = 1;

    private RunnerMessages() {
    }

    public static String hello(String sessionId, String agentGroupId, String timezone, List<Destination> destinations,
            Map<String, String> state) {
        ObjectNode n = Json.object();
        n.put("type", "hello");
        n.put("protocol", PROTOCOL);
        n.put("session_id", sessionId);
        n.put("agent_group_id", agentGroupId);
        n.put("timezone", timezone);
        ArrayNode dests = n.putArray("destinations");
        for (Destination d : destinations) {
            ObjectNode o = dests.addObject();
            o.put("name", d.name());
            o.put("type", d.type());
            o.put("display_name", d.displayName());
        }
        ObjectNode st = n.putObject("state");
        state.forEach(st::put);
        return Json.write(n);
    }

    /**
     * A batch. {@code fromName} gives the destination name a message came from, or null for the
     * session's own chat.
     */
    public static String batch(String batchId, List<InboundMessage> messages,
            Function<InboundMessage, String> fromName) {
        return batch(batchId, messages, fromName, m -> null);
    }

    /**
     * A batch whose retried messages carry {@code "retry":{"attempt","already_sent":[{"seq","text",
     * "truncated"?}],"omitted"?}}; {@code retryOf} gives null for a first attempt (no field).
     */
    public static String batch(String batchId, List<InboundMessage> messages,
            Function<InboundMessage, String> fromName, Function<InboundMessage, RetryInfo> retryOf) {
        ObjectNode n = Json.object();
        n.put("type", "batch");
        n.put("batch_id", batchId);
        ArrayNode arr = n.putArray("messages");
        for (InboundMessage m : messages) {
            ObjectNode o = message(m, fromName.apply(m));
            RetryInfo retry = retryOf.apply(m);
            if (retry != null) {
                o.set("retry", retry(retry));
            }
            arr.add(o);
        }
        return Json.write(n);
    }

    private static ObjectNode retry(RetryInfo r) {
        ObjectNode o = Json.object();
        o.put("attempt", r.attempt());
        ArrayNode sent = o.putArray("already_sent");
        for (EarlierReply e : r.alreadySent()) {
            ObjectNode s = sent.addObject();
            s.put("seq", e.seq());
            s.put("text", e.text());
            if (e.truncated()) {
                s.put("truncated", true);
            }
        }
        if (r.omitted() > 0) {
            o.put("omitted", r.omitted());
        }
        return o;
    }

    private static ObjectNode message(InboundMessage m, String from) {
        JsonNode content = parseContent(m.content());
        ObjectNode o = Json.object();
        o.put("seq", m.seq());
        o.put("id", m.id());
        o.put("kind", m.kind().wire());
        o.put("trigger", m.trigger());
        o.put("timestamp", m.timestamp());
        o.put("from", from);
        JsonNode sender = content.get("sender");
        o.set("sender", sender != null && sender.isObject() ? sender : NullNode.instance);
        o.put("text", Json.text(content, "text"));
        o.set("content", content);
        o.putNull("reply_to_seq");
        JsonNode attachments = content.get("attachments");
        o.set("attachments", attachments != null && attachments.isArray() ? attachments : Json.MAPPER.createArrayNode());
        return o;
    }

    /** The stored content as JSON; a value that is not JSON is passed on as a string. */
    private static JsonNode parseContent(String content) {
        try {
            JsonNode n = Json.MAPPER.readTree(content);
            return n == null ? NullNode.instance : n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(content);
        }
    }

    public static String resultOk(JsonNode ref, Long seq) {
        return resultOk(ref, seq, Map.of());
    }

    /**
     * {@code ok:true} with the new row's {@code seq} (null: none) and further string fields the
     * action defines ({@code question_id}, later {@code task_id}).
     */
    public static String resultOk(JsonNode ref, Long seq, Map<String, String> fields) {
        ObjectNode n = result(ref, true);
        if (seq != null) {
            n.put("seq", seq);
        }
        fields.forEach(n::put);
        return Json.write(n);
    }

    public static String resultError(JsonNode ref, String error) {
        ObjectNode n = result(ref, false);
        n.put("error", error);
        return Json.write(n);
    }

    private static ObjectNode result(JsonNode ref, boolean ok) {
        ObjectNode n = Json.object();
        n.put("type", "result");
        n.set("ref", ref == null ? NullNode.instance : ref);
        n.put("ok", ok);
        return n;
    }
}
