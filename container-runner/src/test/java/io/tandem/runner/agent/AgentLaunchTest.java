package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.session.ContainerSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLaunchTest {
    @TempDir
    Path tmp;

    @Test
    void the_agent_environment_holds_only_path_home_lang_its_own_env_and_the_tandem_variables() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        Map<String, String> runnerEnv = Map.of("PATH", "/bin", "HOME", "/home/x", "SECRET_TOKEN", "s3cret",
                "TANDEM_ADMIN_TOKEN", "t");
        AgentLaunch l = AgentLaunch.of(new ContainerSpec.Agent("exec", List.of("/bin/true"), Map.of("MODE", "fast"),
                "."), tmp.resolve("ws"), group, "s-1", runnerEnv);
        assertThat(l.env()).containsOnlyKeys("PATH", "HOME", "MODE", "TANDEM_SESSION_ID", "TANDEM_WORKSPACE");
        assertThat(l.env()).containsEntry("TANDEM_SESSION_ID", "s-1")
                .containsEntry("TANDEM_WORKSPACE", tmp.resolve("ws").toAbsolutePath().toString());
        assertThat(l.processBuilder().environment()).doesNotContainKey("SECRET_TOKEN");
        assertThat(l.cwd()).isEqualTo(group.toRealPath());
    }

    @Test
    void a_cwd_that_escapes_the_group_folder_is_refused() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(group.resolve("link"), tmp.resolve("elsewhere"));
        ContainerSpec.Agent up = new ContainerSpec.Agent("exec", List.of("/bin/true"), Map.of(), "../elsewhere");
        ContainerSpec.Agent abs = new ContainerSpec.Agent("exec", List.of("/bin/true"), Map.of(), "/tmp");
        ContainerSpec.Agent viaLink = new ContainerSpec.Agent("exec", List.of("/bin/true"), Map.of(), "link");
        for (ContainerSpec.Agent a : List.of(up, abs, viaLink)) {
            assertThatThrownBy(() -> AgentLaunch.of(a, tmp, group, "s", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agent.cwd");
        }
        Files.createDirectories(group.resolve("sub"));
        assertThat(AgentLaunch.of(new ContainerSpec.Agent("exec", List.of("/bin/true"), null, "sub"), tmp, group, "s",
                Map.of()).cwd()).isEqualTo(group.resolve("sub").toRealPath());
    }

    @Test
    void the_echo_agent_as_a_process_runs_from_the_runners_own_classpath_made_absolute() throws Exception {
        List<String> command = AgentLaunch.echoProcessCommand();
        assertThat(command).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", AgentLaunch.ECHO_MAIN);
        String cp = command.get(command.indexOf("-cp") + 1);
        assertThat(cp.split(File.pathSeparator)).allSatisfy(e -> assertThat(Path.of(e)).isAbsolute());
        assertThat(AgentLaunch.absoluteClasspath("a.jar" + File.pathSeparator + "/x/b.jar"))
                .isEqualTo(Path.of("a.jar").toAbsolutePath() + File.pathSeparator + "/x/b.jar");
    }

    @Test
    void an_empty_exec_command_is_refused() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        assertThatThrownBy(() -> AgentLaunch.of(new ContainerSpec.Agent("exec", List.of(), Map.of(), "."), tmp,
                group, "s", Map.of())).hasMessageContaining("agent.command");
    }
}
