package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentKindsTest {
    @TempDir
    Path tmp;

    @Test
    void echo_and_a_missing_agent_section_start_in_process_and_exec_starts_a_process() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        AgentKinds kinds = AgentKinds.standard();
        for (ContainerSpec.Agent a : new ContainerSpec.Agent[] {ContainerSpec.Agent.echo(), null}) {
            AgentEndpoint echo = kinds.start(a, tmp, group, "s-1", Map.of());
            assertThat(echo).isInstanceOf(InProcessAgent.class);
            assertThat(echo.label()).isEqualTo("in-process echo");
            echo.input().close();
            assertThat(echo.waitFor(5000)).isTrue();
            assertThat(echo.exitCodeOrMinusOne()).isZero();
        }
        AgentEndpoint exec = kinds.start(new ContainerSpec.Agent("exec", List.of("/bin/true"), Map.of(), "."), tmp,
                group, "s-1", Map.of());
        assertThat(exec).isInstanceOf(ProcessEndpoint.class);
        assertThat(exec.waitFor(10_000)).isTrue();
        assertThat(exec.exitCodeOrMinusOne()).isZero();
    }

    @Test
    void a_registered_built_in_kind_gets_the_same_clean_environment_and_checked_directory_as_a_process()
            throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        Files.createDirectories(group.resolve("sub"));
        AtomicReference<AgentSetup> seen = new AtomicReference<>();
        AgentKinds kinds = AgentKinds.standard().with("custom", AgentKinds.builtIn("custom", (in, out, setup) -> {
            seen.set(setup);
            in.readAllBytes();
        }));
        AgentEndpoint e = kinds.start(new ContainerSpec.Agent("custom", List.of(), Map.of("MODEL", "m"), "sub"),
                tmp.resolve("ws"), group, "s-2", Map.of("PATH", "/bin", "SECRET_TOKEN", "s3cret"));
        e.input().close();
        assertThat(e.waitFor(5000)).isTrue();
        assertThat(seen.get().sessionId()).isEqualTo("s-2");
        assertThat(seen.get().cwd()).isEqualTo(group.resolve("sub").toRealPath());
        assertThat(seen.get().env()).containsOnlyKeys("PATH", "MODEL", "TANDEM_SESSION_ID", "TANDEM_WORKSPACE");
        assertThat(seen.get().agent().kind()).isEqualTo("custom");
    }

    @Test
    void an_unknown_kind_or_a_cwd_outside_the_group_is_refused_naming_the_key() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        assertThatThrownBy(() -> AgentKinds.standard().start(new ContainerSpec.Agent("docker", List.of(), Map.of(),
                "."), tmp, group, "s", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent.kind must be one of echo, exec, openai, not 'docker'");
        assertThatThrownBy(() -> AgentKinds.standard().start(new ContainerSpec.Agent("echo", List.of(), Map.of(),
                "../x"), tmp, group, "s", Map.of())).hasMessageContaining("agent.cwd");
    }
}
