package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.containers.ApiKeyEnv;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The settings of an {@code openai} agent as {@code container_configs.agent} keeps them:
 * {@code base_url} (http(s), required), {@code model} (required), {@code system_prompt},
 * {@code api_key_env} (the NAME of the host variable holding the key; see {@link ApiKeyEnv}),
 * {@code max_history} and {@code max_steps} (≥ 1), {@code temperature} (0–2). Refusals name the
 * key. The key itself is never accepted here: there is no field for it.
 */
final class OpenAiAgentConfig {
    static final List<String> KEYS = List.of("base_url", "model", "system_prompt", "api_key_env", "max_history",
            "max_steps", "temperature");

    private OpenAiAgentConfig() {
    }

    /** Checks {@code a}'s openai settings and copies them into {@code out}. */
    static void validateInto(JsonNode a, ObjectNode out) {
        String baseUrl = text(a, "base_url");
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ApiException.badRequest("agent.base_url is required for kind openai (e.g. https://api.openai.com/v1)");
        }
        try {
            URI u = new URI(baseUrl.strip());
            if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    || u.getHost() == null || u.getQuery() != null || u.getFragment() != null) {
                throw ApiException.badRequest("agent.base_url '" + baseUrl + "' must be an http(s) URL without "
                        + "query, e.g. https://api.openai.com/v1");
            }
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("agent.base_url '" + baseUrl + "' is not a URL: " + e.getReason());
        }
        out.put("base_url", baseUrl.strip());
        String model = text(a, "model");
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("agent.model is required for kind openai (e.g. gpt-4o-mini)");
        }
        out.put("model", model);
        String prompt = text(a, "system_prompt");
        if (prompt != null && !prompt.isBlank()) {
            out.put("system_prompt", prompt);
        }
        String keyEnv = text(a, "api_key_env");
        if (keyEnv != null && !keyEnv.isBlank()) {
            String problem = ApiKeyEnv.problem(keyEnv);
            if (problem != null) {
                throw ApiException.badRequest(problem);
            }
            out.put("api_key_env", keyEnv);
        }
        Integer maxHistory = atLeastOne(a, "max_history");
        if (maxHistory != null) {
            out.put("max_history", maxHistory);
        }
        Integer maxSteps = atLeastOne(a, "max_steps");
        if (maxSteps != null) {
            out.put("max_steps", maxSteps);
        }
        JsonNode t = a.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                throw ApiException.badRequest("agent.temperature must be a number from 0 to 2, not " + t);
            }
            out.put("temperature", t.asDouble());
        }
    }

    /** Another kind given openai settings: refused, so a typo in --agent is not silently ignored. */
    static void refuseFor(String kind, JsonNode a) {
        for (String k : KEYS) {
            if (a.has(k) && !a.get(k).isNull()) {
                throw ApiException.badRequest("agent." + k + " is only for kind openai, not " + kind);
            }
        }
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("agent." + field + " must be a string");
        }
        return v.asText();
    }

    private static Integer atLeastOne(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 10_000) {
            throw ApiException.badRequest("agent." + field + " must be a whole number from 1 to 10000, not " + v);
        }
        return v.asInt();
    }
}
