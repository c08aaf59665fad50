package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The docker command lines as tables. */
class DockerArgsTest {
    private static final Path DOCKER = Path.of("/usr/bin/docker");

    private static DockerArgs.Run run(boolean network, String user, List<String> env) {
        return new DockerArgs.Run("0123456789ab", "s-01abc", "tandem-runner:1.0", Path.of("/data/sessions/g/s-01abc"),
                Path.of("/data/groups/g"), network, user, env, List.of("-XX:+UseSerialGC", "-Xmx96m"));
    }

    @Test
    void aRunnerContainerIsNamedAndLabelledForItsInstallAndMountsLikeBwrap() {
        assertThat(DockerArgs.run(DOCKER, run(false, "1000:1000", List.of("TZ", "OPENAI_API_KEY")))).containsExactly(
                "/usr/bin/docker", "run", "--rm", "-i",
                "--name", "tandem-0123456789ab-s-01abc",
                "--label", "tandem.install=0123456789ab", "--label", "tandem.session=s-01abc",
                "--network", "none",
                "--user", "1000:1000",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", "/data/sessions/g/s-01abc:/workspace:ro",
                "-v", "/data/sessions/g/s-01abc/out:/workspace/out",
                "-v", "/data/groups/g:/workspace/agent",
                "-w", "/workspace/agent",
                "-e", "TZ", "-e", "OPENAI_API_KEY",
                "--entrypoint", "java", "tandem-runner:1.0", "-XX:+UseSerialGC", "-Xmx96m",
                "-jar", "/opt/tandem/tandem-runner.jar", "--workspace", "/workspace", "--group", "/workspace/agent");
    }

    @Test
    void networkAndUserAreLeftToDockerOnlyWhenAskedFor() {
        List<String> a = DockerArgs.run(DOCKER, run(true, null, List.of()));
        assertThat(a).doesNotContain("--network", "none", "--user", "-e");
    }

    @Test
    void killListAndOrphanKill() {
        assertThat(DockerArgs.kill(DOCKER, "0123456789ab", "s-1"))
                .containsExactly("/usr/bin/docker", "kill", "tandem-0123456789ab-s-1");
        assertThat(DockerArgs.listInstall(DOCKER, "0123456789ab"))
                .containsExactly("/usr/bin/docker", "ps", "-q", "--filter", "label=tandem.install=0123456789ab");
        assertThat(DockerArgs.killIds(DOCKER, List.of())).isEmpty();
        assertThat(DockerArgs.killIds(DOCKER, List.of("c1", "c2")))
                .isEqualTo(Optional.of(List.of("/usr/bin/docker", "kill", "c1", "c2")));
    }
}
