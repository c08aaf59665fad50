package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;

/**
 * The protocol actions of DESIGN §7.3 as function tools: {@code send_message} → {@code send}
 * (with {@code to} and {@code reply_to}),
 * {@code edit_message} → {@code edit}, {@code add_reaction} → {@code react},
 * {@code ask_question} → {@code ask}, plus the scheduling tools of {@link TaskTools}. Each entry is its schema and a pure arguments → line
 * mapping; the runner checks the line itself (unknown destination, wrong seq) and its
 * {@code result} is what the model sees.
 */
public final class ProtocolTools {
    private ProtocolTools() {
    }

    /** Every protocol action this agent offers. */
    public static ToolRegistry standard() {
        return TaskTools.addTo(ToolRegistry.empty().with(sendMessage()).with(editMessage()).with(addReaction())
                .with(askQuestion()));
    }

    static Tool sendMessage() {
        ObjectNode p = schema();
        prop(p, "text", "string", "The message text.");
        prop(p, "to", "string", "Optional destination name (from the destinations list); omit to "
                + "send to this chat.");
        prop(p, "reply_to", "integer", "Optional seq number of the message this answers (quoted where the chat "
                + "can).");
        required(p, "text");
        return new Tool("send_message", "Send a message to this chat, or to a named destination.", p, args -> {
            ObjectNode line = Json.object().put("type", "send").put("text", text(args, "text"));
            String to = optionalText(args, "to");
            if (to != null) {
                line.put("to", to);
            }
            if (args.hasNonNull("reply_to")) {
                line.put("reply_to", seq(args, "reply_to"));
            }
            return line;
        });
    }

    static Tool editMessage() {
        ObjectNode p = schema();
        prop(p, "seq", "integer", "The seq number of the message to edit.");
        prop(p, "text", "string", "The new text.");
        required(p, "seq", "text");
        return new Tool("edit_message", "Replace the text of a message, given by its seq number.", p,
                args -> Json.object().put("type", "edit").put("seq", seq(args, "seq")).put("text", text(args, "text")));
    }

    static Tool addReaction() {
        ObjectNode p = schema();
        prop(p, "seq", "integer", "The seq number of the message to react to.");
        prop(p, "emoji", "string", "One emoji, e.g. 👍.");
        required(p, "seq", "emoji");
        return new Tool("add_reaction", "React to a message, given by its seq number, with an emoji.", p,
                args -> Json.object().put("type", "react").put("seq", seq(args, "seq")).put("emoji", text(args, "emoji")));
    }

    static Tool askQuestion() {
        ObjectNode p = schema();
        prop(p, "title", "string", "A short title for the question card.");
        prop(p, "question", "string", "The question.");
        ObjectNode options = ((ObjectNode) p.get("properties")).putObject("options");
        options.put("type", "array").put("description", "The answers to offer as buttons.");
        options.putObject("items").put("type", "string");
        options.put("minItems", 1);
        required(p, "title", "question", "options");
        return new Tool("ask_question", "Ask the chat a question with answer buttons; the answer arrives "
                + "later as a question_response message.", p, args -> {
                    JsonNode opts = args.get("options");
                    if (opts == null || !opts.isArray() || opts.isEmpty()) {
                        throw new Tool.BadArguments("ask_question needs \"options\": a non-empty list of strings");
                    }
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    for (JsonNode o : opts) {
                        if (!o.isTextual() || o.asText().isBlank()) {
                            throw new Tool.BadArguments("ask_question \"options\" must be non-empty strings");
                        }
                        list.add(o.asText());
                    }
                    ObjectNode line = Json.object().put("type", "ask").put("title", text(args, "title"))
                            .put("question", text(args, "question"));
                    line.set("options", list);
                    return line;
                });
    }

    static ObjectNode schema() {
        ObjectNode p = Json.object().put("type", "object");
        p.putObject("properties");
        return p;
    }

    static void prop(ObjectNode schema, String name, String type, String description) {
        ((ObjectNode) schema.get("properties")).putObject(name).put("type", type).put("description", description);
    }

    static void required(ObjectNode schema, String... names) {
        ArrayNode r = schema.putArray("required");
        for (String n : names) {
            r.add(n);
        }
    }

    static String text(JsonNode args, String field) throws Tool.BadArguments {
        JsonNode v = args.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new Tool.BadArguments("\"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode args, String field) throws Tool.BadArguments {
        JsonNode v = args.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Tool.BadArguments("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static long seq(JsonNode args, String field) throws Tool.BadArguments {
        JsonNode v = args.get(field);
        if (v != null && v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v != null && v.isTextual() && v.asText().matches("\\d{1,18}")) {
            return Long.parseLong(v.asText()); // models sometimes quote numbers
        }
        throw new Tool.BadArguments("\"" + field + "\" must be the integer seq number of a message");
    }
}
