package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tools offered to the model, by name: the protocol's actions ({@link ProtocolTools}). A new
 * action (the scheduling tools) is one {@link #with} entry; neither the loop nor the request
 * builder changes. Immutable.
 */
public final class ToolRegistry {
    private final Map<String, Tool> tools;

    private ToolRegistry(Map<String, Tool> tools) {
        this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(tools));
    }

    public static ToolRegistry empty() {
        return new ToolRegistry(Map.of());
    }

    /** This registry plus {@code tool} (replacing one of the same name). */
    public ToolRegistry with(Tool tool) {
        Map<String, Tool> next = new LinkedHashMap<>(tools);
        next.put(tool.name(), tool);
        return new ToolRegistry(next);
    }

    public boolean isEmpty() {
        return tools.isEmpty();
    }

    /** The {@code tools} array of a chat-completions request. */
    public ArrayNode definitions() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Tool t : tools.values()) {
            ObjectNode fn = out.addObject().put("type", "function").putObject("function");
            fn.put("name", t.name());
            fn.put("description", t.description());
            fn.set("parameters", t.parameters());
        }
        return out;
    }

    /**
     * The protocol line for a call of {@code name} with the model's {@code arguments} (a JSON
     * text), tagged with {@code ref}.
     *
     * @throws Tool.BadArguments an unknown tool, arguments that are not a JSON object or do not fit
     */
    public ObjectNode line(String name, String arguments, String ref) throws Tool.BadArguments {
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new Tool.BadArguments("there is no tool '" + name + "'; the tools are "
                    + String.join(", ", tools.keySet()));
        }
        JsonNode args;
        try {
            args = arguments == null || arguments.isBlank() ? Json.object() : Json.MAPPER.readTree(arguments);
        } catch (JsonProcessingException e) {
            throw new Tool.BadArguments("the arguments of " + name + " are not JSON: " + e.getOriginalMessage());
        }
        if (args == null || !args.isObject()) {
            throw new Tool.BadArguments("the arguments of " + name + " must be a JSON object");
        }
        ObjectNode line = tool.toLine().line(args);
        ObjectNode tagged = Json.object();
        tagged.set("type", line.get("type"));
        tagged.put("ref", ref);
        line.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type")) {
                tagged.set(f.getKey(), f.getValue());
            }
        });
        return tagged;
    }
}
