package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.HostProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tandem group add ID --agent openai …}, with and without a running host: the settings are
 * stored as the agent's config (the key's variable by name only) and wrong ones are refused
 * naming the key.
 */
class OpenAiGroupVerbsTest {
    @TempDir
    Path tmp;

    private Path data;

    private Cli.Result run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data");
        a.add(data.toString());
        return Cli.run(a.toArray(String[]::new));
    }

    private void refused(String message, String... args) {
        Cli.Result r = run(args);
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains(message);
    }

    @ParameterizedTest(name = "host running: {0}")
    @ValueSource(booleans = {false, true})
    void addAnOpenAiGroup(boolean withHost) throws Exception {
        data = DataFolders.init(tmp.resolve("data"));
        try (HostProcess host = withHost ? HostProcess.start(data) : null) {
            Cli.Result r = run("group", "add", "ai", "--agent", "openai", "--base-url", "http://127.0.0.1:8080/v1",
                    "--model", "llama3", "--system-prompt", "You are terse.", "--api-key-env", "OPENAI_API_KEY",
                    "--max-steps", "4", "--temperature", "0.2", "--json");
            assertThat(r.code()).as("%s", r).isZero();
            JsonNode agent = r.json().path("agent");
            assertThat(agent.path("kind").asText()).isEqualTo("openai");
            assertThat(agent.path("base_url").asText()).isEqualTo("http://127.0.0.1:8080/v1");
            assertThat(agent.path("model").asText()).isEqualTo("llama3");
            assertThat(agent.path("system_prompt").asText()).isEqualTo("You are terse.");
            assertThat(agent.path("api_key_env").asText()).isEqualTo("OPENAI_API_KEY");
            assertThat(agent.path("max_steps").asInt()).isEqualTo(4);
            assertThat(agent.path("temperature").asDouble()).isEqualTo(0.2);
            assertThat(agent.has("max_history")).isFalse();

            // --base-url alone implies the kind
            Cli.Result implied = run("group", "add", "ai2", "--base-url", "https://api.openai.com/v1", "--model", "m",
                    "--json");
            assertThat(implied.code()).as("%s", implied).isZero();
            assertThat(implied.json().path("agent").path("kind").asText()).isEqualTo("openai");
            assertThat(implied.json().path("agent").has("api_key_env")).isFalse();

            refused("agent.model is required for kind openai", "group", "add", "x1", "--agent", "openai",
                    "--base-url", "http://h/v1");
            refused("agent.base_url is required for kind openai", "group", "add", "x2", "--agent", "openai",
                    "--model", "m");
            refused("agent.base_url 'ftp://h' must be an http(s) URL", "group", "add", "x3", "--agent", "openai",
                    "--base-url", "ftp://h", "--model", "m");
            refused("agent.api_key_env 'TANDEM_ADMIN__TOKEN' may not name a TANDEM_* variable", "group", "add", "x4",
                    "--agent", "openai", "--base-url", "http://h/v1", "--model", "m", "--api-key-env",
                    "TANDEM_ADMIN__TOKEN");
            refused("agent.api_key_env 'sk-live-123' must be an environment variable name", "group", "add", "x5",
                    "--agent", "openai", "--base-url", "http://h/v1", "--model", "m", "--api-key-env", "sk-live-123");
            refused("agent.max_steps must be a whole number from 1 to 10000, not 0", "group", "add", "x6", "--agent",
                    "openai", "--base-url", "http://h/v1", "--model", "m", "--max-steps", "0");
            refused("agent.temperature must be a number from 0 to 2", "group", "add", "x7", "--agent", "openai",
                    "--base-url", "http://h/v1", "--model", "m", "--temperature", "3");
            refused("agent.model is only for kind openai, not echo", "group", "add", "x8", "--agent", "echo",
                    "--model", "m");
            refused("agent.kind 'gpt' is not one of echo|exec|openai", "group", "add", "x9", "--agent", "gpt");
            assertThat(run("group", "list", "--json").json()).extracting(n -> n.path("id").asText())
                    .containsExactly("ai", "ai2", "echo");
        }
    }
}
