package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * The {@code group add} options of an {@code openai} agent. The key is never an option (it would
 * land in shell history and the process list): {@code --api-key-env} names the host environment
 * variable that holds it.
 */
public final class OpenAiOptions {
    @Option(names = "--base-url", paramLabel = "URL",
            description = "openai agent: chat-completions base URL, e.g. https://api.openai.com/v1")
    String baseUrl;

    @Option(names = "--model", paramLabel = "M", description = "openai agent: model name")
    String model;

    @Option(names = "--system-prompt", paramLabel = "TEXT", description = "openai agent: system prompt")
    String systemPrompt;

    @Option(names = "--api-key-env", paramLabel = "NAME",
            description = "openai agent: host environment variable holding the API key (passed to this group's "
                    + "runners only)")
    String apiKeyEnv;

    @Option(names = "--max-history", paramLabel = "N", description = "openai agent: messages of history kept (40)")
    Integer maxHistory;

    @Option(names = "--max-steps", paramLabel = "N", description = "openai agent: model calls per batch (8)")
    Integer maxSteps;

    @Option(names = "--temperature", paramLabel = "T", description = "openai agent: sampling temperature (0-2)")
    Double temperature;

    boolean any() {
        return baseUrl != null || model != null || systemPrompt != null || apiKeyEnv != null || maxHistory != null
                || maxSteps != null || temperature != null;
    }

    /** Puts the given settings into the agent object (the admin API checks them). */
    void into(ObjectNode agent) {
        if (baseUrl != null) {
            agent.put("base_url", baseUrl);
        }
        if (model != null) {
            agent.put("model", model);
        }
        if (systemPrompt != null) {
            agent.put("system_prompt", systemPrompt);
        }
        if (apiKeyEnv != null) {
            agent.put("api_key_env", apiKeyEnv);
        }
        if (maxHistory != null) {
            agent.put("max_history", maxHistory);
        }
        if (maxSteps != null) {
            agent.put("max_steps", maxSteps);
        }
        if (temperature != null) {
            agent.put("temperature", temperature);
        }
    }
}
