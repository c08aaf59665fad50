package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.RuntimeKind;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates a group's container settings and keeps them as {@code container_configs} stores them:
 * the agent as JSON ({@code kind} echo|exec|openai, an exec {@code command} argv, {@code env},
 * {@code cwd} relative to the group folder, the openai settings of {@link OpenAiAgentConfig}), a
 * runtime ({@code process|bwrap|docker}, or {@code default}: stored as NULL, the host's
 * {@code containers.runtime}), whether a confined runner may use the network ({@code network}), a
 * real time zone and a positive batch cap. A change applies at the session's next spawn, when
 * {@code container.json} is written again.
 */
final class GroupConfigs {
    /** How the API shows a group that follows {@code containers.runtime}. */
    static final String DEFAULT_RUNTIME = "default";

    private GroupConfigs() {
    }

    /** The config {@code body} asks for, on top of {@code base} (null: defaults). */
    static ContainerConfig merge(String groupId, ContainerConfig base, JsonNode body) {
        String agentJson = base == null ? Json.write(io.tandem.schema.session.ContainerSpec.Agent.echo())
                : base.agentJson();
        if (body.has("agent")) {
            agentJson = Json.write(agent(body.get("agent")));
        }
        RuntimeKind runtime = base == null ? null : base.runtime();
        if (body.has("runtime")) {
            runtime = runtime(Fields.text(body, "runtime"));
        }
        boolean network = base != null && base.network();
        if (body.has("network")) {
            Boolean n = Fields.bool(body, "network");
            network = n != null && n;
        }
        String timezone = base == null ? null : base.timezone();
        if (body.has("timezone")) {
            timezone = timezone(Fields.text(body, "timezone"));
        }
        Integer batch = base == null ? null : base.maxMessagesPerBatch();
        if (body.has("max_messages_per_batch")) {
            batch = Fields.integer(body, "max_messages_per_batch");
            if (batch != null && batch < 1) {
                throw ApiException.badRequest("max_messages_per_batch must be at least 1, got " + batch);
            }
        }
        return new ContainerConfig(groupId, runtime, agentJson, timezone, batch, network);
    }

    /** The group's runtime; null (or "default") means the host's {@code containers.runtime}. */
    static RuntimeKind runtime(String value) {
        if (value == null || value.equals(DEFAULT_RUNTIME)) {
            return null;
        }
        try {
            return RuntimeKind.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("runtime '" + value + "' is not one of process|bwrap|docker|"
                    + DEFAULT_RUNTIME);
        }
    }

    static String timezone(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZoneId.of(value).getId();
        } catch (DateTimeException e) {
            throw ApiException.badRequest("timezone '" + value + "' is not a time zone id (e.g. Europe/Berlin, UTC)");
        }
    }

    static ObjectNode agent(JsonNode a) {
        if (a == null || !a.isObject()) {
            throw ApiException.badRequest("agent must be an object {\"kind\":\"echo|exec|openai\",...}");
        }
        Fields.only(a, "kind", "command", "env", "cwd", "base_url", "model", "system_prompt", "api_key_env",
                "max_history", "max_steps", "temperature");
        String kind = Fields.text(a, "kind");
        kind = kind == null ? "echo" : kind;
        ObjectNode out = Json.object().put("kind", kind);
        var command = out.putArray("command");
        switch (kind) {
            case "echo" -> {
                if (a.has("command") && a.get("command").size() > 0) {
                    throw ApiException.badRequest("agent.command is only for kind exec");
                }
            }
            case "exec" -> {
                JsonNode cmd = a.get("command");
                if (cmd == null || !cmd.isArray() || cmd.isEmpty()) {
                    throw ApiException.badRequest("agent.command is required for kind exec (an argv list, "
                            + "e.g. [\"python3\",\"agent.py\"])");
                }
                for (JsonNode part : cmd) {
                    if (!part.isTextual() || part.asText().isEmpty()) {
                        throw ApiException.badRequest("agent.command must be a list of non-empty strings");
                    }
                    command.add(part.asText());
                }
            }
            case "openai" -> {
                if (a.has("command") && a.get("command").size() > 0) {
                    throw ApiException.badRequest("agent.command is only for kind exec");
                }
                OpenAiAgentConfig.validateInto(a, out);
            }
            default -> throw ApiException.badRequest("agent.kind '" + kind + "' is not one of echo|exec|openai");
        }
        if (!"openai".equals(kind)) {
            OpenAiAgentConfig.refuseFor(kind, a);
        }
        ObjectNode env = out.putObject("env");
        JsonNode e = a.get("env");
        if (e != null && !e.isNull()) {
            if (!e.isObject()) {
                throw ApiException.badRequest("agent.env must be an object of strings");
            }
            for (var it = e.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") || !f.getValue().isTextual()) {
                    throw ApiException.badRequest("agent.env " + f.getKey() + " must be a NAME=string pair "
                            + "(names: letters, digits, _)");
                }
                env.put(f.getKey(), f.getValue().asText());
            }
        }
        String cwd = Fields.text(a, "cwd");
        cwd = cwd == null || cwd.isBlank() ? "." : cwd;
        if (cwd.startsWith("/") || java.util.Arrays.asList(cwd.split("/")).contains("..")) {
            throw ApiException.badRequest("agent.cwd '" + cwd + "' must be relative to the group folder, "
                    + "without ..");
        }
        out.put("cwd", cwd);
        return out;
    }

    /** The config as the API shows it. */
    static Map<String, Object> view(ContainerConfig cfg) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (cfg == null) {
            m.put("agent", Json.MAPPER.valueToTree(io.tandem.schema.session.ContainerSpec.Agent.echo()));
            m.put("runtime", DEFAULT_RUNTIME);
            m.put("network", false);
            return m;
        }
        m.put("agent", cfg.agentJson() == null ? null : Json.parse(cfg.agentJson()));
        m.put("runtime", cfg.runtime() == null ? DEFAULT_RUNTIME : cfg.runtime().wire());
        m.put("network", cfg.network());
        m.put("timezone", cfg.timezone());
        m.put("max_messages_per_batch", cfg.maxMessagesPerBatch());
        return m;
    }
}
