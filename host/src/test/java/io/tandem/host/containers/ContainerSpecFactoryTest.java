package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.config.ConfigLoader;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** container.json from a group's stored agent: openai settings carried, the key only by name. */
class ContainerSpecFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void anOpenAiAgentsSettingsReachContainerJsonAndOtherKindsGetNone() throws Exception {
        ContainerSpecFactory factory = new ContainerSpecFactory(
                ConfigLoader.load(null, Map.of(), Map.of("data_dir", tmp.toString())));
        String agent = "{\"kind\":\"openai\",\"command\":[],\"env\":{},\"cwd\":\".\",\"base_url\":\"http://h/v1\","
                + "\"model\":\"m\",\"system_prompt\":\"Be kind.\",\"api_key_env\":\"OPENAI_API_KEY\","
                + "\"max_history\":12,\"max_steps\":3,\"temperature\":0.7}";
        ContainerSpec spec = factory.build("s-1", "ai", new ContainerConfig("ai", null, agent, null, null));
        ContainerSpec.Agent a = spec.agent();
        assertThat(a.kind()).isEqualTo("openai");
        assertThat(a.baseUrl()).isEqualTo("http://h/v1");
        assertThat(a.model()).isEqualTo("m");
        assertThat(a.systemPrompt()).isEqualTo("Be kind.");
        assertThat(a.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        assertThat(a.maxHistory()).isEqualTo(12);
        assertThat(a.maxSteps()).isEqualTo(3);
        assertThat(a.temperature()).isEqualTo(0.7);
        Path file = tmp.resolve("container.json");
        spec.writeAtomically(file);
        assertThat(ContainerSpec.read(file).agent()).isEqualTo(a);
        assertThat(ApiKeyEnv.toPass(a)).contains("OPENAI_API_KEY");

        ContainerSpec echo = factory.build("s-2", "echo", new ContainerConfig("echo", null,
                Json.write(ContainerSpec.Agent.echo()), null, null));
        assertThat(Json.write(echo.agent())).isEqualTo("{\"kind\":\"echo\",\"command\":[],\"env\":{},\"cwd\":\".\"}");
        assertThat(ApiKeyEnv.toPass(echo.agent())).isEmpty();
    }
}
