package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The author of one chat-completions message, spelled as the API spells it. */
public enum Role {
    @JsonProperty("system") SYSTEM,
    @JsonProperty("user") USER,
    @JsonProperty("assistant") ASSISTANT,
    @JsonProperty("tool") TOOL
}
