package io.tandem.host.containers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.ContainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code container.json} a runner reads from the host config and the group's
 * {@code container_configs} row. Secrets never go here: the file lives in the session folder (an
 * openai agent's key is named by {@code api_key_env} and passed as that one environment variable).
 */
public final class ContainerSpecFactory {
    private final TandemConfig config;

    public ContainerSpecFactory(TandemConfig config) {
        this.config = config;
    }

    public ContainerSpec build(String sessionId, String agentGroupId, ContainerConfig row) {
        ContainerSpec.Agent agent = ContainerSpec.Agent.echo();
        String timezone = config.timezone().getId();
        int batch = config.containers().maxMessagesPerBatch();
        if (row != null) {
            if (row.agentJson() != null && !row.agentJson().isBlank()) {
                agent = agent(Json.parse(row.agentJson()));
            }
            if (row.timezone() != null) {
                timezone = row.timezone();
            }
            if (row.maxMessagesPerBatch() != null) {
                batch = row.maxMessagesPerBatch();
            }
        }
        TandemConfig.Runner r = config.runner();
        return new ContainerSpec(ContainerSpec.VERSION, agentGroupId, sessionId, timezone, batch,
                new ContainerSpec.Storage(config.durability().wire()), agent,
                new ContainerSpec.Runner(r.pollInterval().toMillis(), r.heartbeatInterval().toMillis(),
                        r.idleExit().toMillis(), r.batchTimeout().toMillis(), r.watch(), r.maxOutputPerBatch(),
                        config.delivery().maxFile(), config.retention().messages().isZero() ? null
                        : config.retention().messages().toMillis()));
    }

    private static ContainerSpec.Agent agent(JsonNode n) {
        String kind = Json.text(n, "kind");
        List<String> command = new ArrayList<>();
        n.path("command").forEach(v -> command.add(v.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        String cwd = Json.text(n, "cwd");
        return new ContainerSpec.Agent(kind == null ? "echo" : kind, command, env, cwd == null ? "." : cwd,
                Json.text(n, "base_url"), Json.text(n, "model"), Json.text(n, "system_prompt"),
                Json.text(n, "api_key_env"), integer(n, "max_history"), integer(n, "max_steps"),
                n.hasNonNull("temperature") ? n.get("temperature").asDouble() : null);
    }

    private static Integer integer(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asInt() : null;
    }
}
