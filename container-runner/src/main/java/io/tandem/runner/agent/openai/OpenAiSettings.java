package io.tandem.runner.agent.openai;

import io.tandem.schema.session.ContainerSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The {@code openai} agent's settings, checked once at start: where to call ({@code base_url} +
 * {@code /chat/completions}), which model, the system prompt, the API key (read from the runner's
 * environment variable named by {@code api_key_env}; the host passes exactly that variable to this
 * group's runners), history and step bounds, temperature, and the time one call may take.
 *
 * <p>Invariant: the key is held here and in the {@code Authorization} header only. {@link #toString}
 * leaves it out and {@link #redact} removes it from any text that could reach a log or a
 * {@code done} error (a server may echo it back in an error body).
 */
public record OpenAiSettings(URI endpoint, String model, String systemPrompt, String apiKey, int maxHistory,
        int maxSteps, Double temperature, Duration callBudget) {

    public static final int DEFAULT_MAX_HISTORY = 40;
    public static final int DEFAULT_MAX_STEPS = 8;
    public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant taking part in a chat. Each "
            + "user message starts with the sender's name and the message's seq number. Answer in plain text "
            + "to reply in the chat, or use the tools to send to another destination, edit or react to a "
            + "message (by its seq) or ask a question with buttons.";
    /** The agent reports a failed call before the runner's batch timeout would kill it. */
    private static final Duration MAX_MARGIN = Duration.ofSeconds(5);

    /**
     * Reads the settings from the container.json {@code agent} section.
     *
     * @param env the runner's environment (only {@code api_key_env} is looked up in it)
     * @param batchTimeoutMs the runner's {@code batch_timeout_ms}: the silence after which it kills
     *     the agent; a call gets that minus a margin (a fifth, at most 5 s)
     * @throws IllegalArgumentException naming the {@code agent.*} key that is missing or wrong
     */
    public static OpenAiSettings from(ContainerSpec.Agent agent, Function<String, String> env, long batchTimeoutMs) {
        URI endpoint = endpoint(agent.baseUrl());
        if (agent.model() == null || agent.model().isBlank()) {
            throw new IllegalArgumentException("agent.model is required for kind openai");
        }
        String key = null;
        if (agent.apiKeyEnv() != null && !agent.apiKeyEnv().isBlank()) {
            key = env.apply(agent.apiKeyEnv());
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("agent.api_key_env names " + agent.apiKeyEnv()
                        + " but that variable is not set in the host's environment");
            }
        }
        int maxHistory = positive(agent.maxHistory(), DEFAULT_MAX_HISTORY, "agent.max_history");
        int maxSteps = positive(agent.maxSteps(), DEFAULT_MAX_STEPS, "agent.max_steps");
        Double temperature = agent.temperature();
        if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
            throw new IllegalArgumentException("agent.temperature must be between 0 and 2, not " + temperature);
        }
        String prompt = agent.systemPrompt() == null || agent.systemPrompt().isBlank() ? DEFAULT_SYSTEM_PROMPT
                : agent.systemPrompt();
        Duration batch = Duration.ofMillis(batchTimeoutMs);
        Duration margin = batch.dividedBy(5).compareTo(MAX_MARGIN) < 0 ? batch.dividedBy(5) : MAX_MARGIN;
        return new OpenAiSettings(endpoint, agent.model(), prompt, key, maxHistory, maxSteps, temperature,
                batch.minus(margin));
    }

    static URI endpoint(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("agent.base_url is required for kind openai "
                    + "(e.g. https://api.openai.com/v1)");
        }
        try {
            URI base = new URI(baseUrl.strip());
            String scheme = base.getScheme();
            if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || base.getHost() == null
                    || base.getQuery() != null || base.getFragment() != null) {
                throw new IllegalArgumentException("agent.base_url '" + baseUrl
                        + "' must be an http(s) URL without query, e.g. https://api.openai.com/v1");
            }
            String s = base.toString();
            return new URI(s.endsWith("/") ? s + "chat/completions" : s + "/chat/completions");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("agent.base_url '" + baseUrl + "' is not a URL: " + e.getReason());
        }
    }

    private static int positive(Integer value, int fallback, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
        return value;
    }

    /** {@code text} with every occurrence of the API key replaced by {@code ***}. */
    public String redact(String text) {
        return text == null || apiKey == null ? text : text.replace(apiKey, "***");
    }

    @Override
    public String toString() {
        return "OpenAiSettings[endpoint=" + endpoint + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", maxHistory=" + maxHistory + ", maxSteps=" + maxSteps
                + ", temperature=" + temperature + ", callBudget=" + callBudget + "]";
    }
}
