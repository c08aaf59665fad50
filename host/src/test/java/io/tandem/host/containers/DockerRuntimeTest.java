package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.FakeDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker runtime against a fake client that records its calls: start, kill and orphan cleanup. */
class DockerRuntimeTest {
    private static final String INSTALL = "0123456789ab";

    @TempDir
    Path tmp;

    private DockerRuntime runtime(FakeDocker fake, Map<String, String> env) {
        return new DockerRuntime(fake.binary().toString(), "tandem-runner:latest", INSTALL, "1000:1000",
                List.of("-Xmx96m"), env);
    }

    @Test
    void aRunnerStartsAsANamedContainerAndAForcedStopIsDockerKill() throws Exception {
        FakeDocker fake = FakeDocker.in(tmp.resolve("bin"), "OPENAI_KEY_A");
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "OPENAI_KEY_A", "sk-secret",
                "HOST_SECRET", "hunter2", "DOCKER_HOST", "unix:///run/docker.sock");
        DockerRuntime docker = runtime(fake, env);
        Path session = Files.createDirectories(tmp.resolve("data/sessions/g/s-01abc/out")).getParent();
        Path group = Files.createDirectories(tmp.resolve("data/groups/g"));
        RunnerSpawn spawn = new RunnerSpawn("s-01abc", session, group, tmp.resolve("data/logs/runner-s-01abc.log"),
                Optional.of("OPENAI_KEY_A"), false);

        Process p = docker.start(spawn);
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.calls().size() == 1);
        List<String> run = fake.calls().get(0);
        List<String> expected = DockerArgs.run(fake.binary(), new DockerArgs.Run(INSTALL, "s-01abc",
                "tandem-runner:latest", session, group, false, "1000:1000", List.of("OPENAI_KEY_A"),
                List.of("-Xmx96m")));
        assertThat(run).isEqualTo(expected.subList(1, expected.size()));
        assertThat(String.join(" ", run)).doesNotContain("sk-secret").doesNotContain("hunter2");
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.envLog().contains("OPENAI_KEY_A=sk-secret"));
        assertThat(p.isAlive()).as("the client waits on its stdin like docker run -i").isTrue();

        docker.kill("s-01abc", p);
        assertThat(fake.calls().get(1)).containsExactly("kill", "tandem-" + INSTALL + "-s-01abc");
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theClientsEnvironmentIsTheAllowListTheDockerVariablesAndTheGroupsKeyOnly() {
        Map<String, String> env = DockerRuntime.environment(Map.of("PATH", "/usr/bin", "HOST_SECRET", "x",
                "DOCKER_HOST", "tcp://h:2376", "KEY_A", "k", "KEY_B", "other"), Optional.of("KEY_A"));
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/usr/bin", "DOCKER_HOST", "tcp://h:2376",
                "KEY_A", "k"));
    }

    @Test
    void orphansOfThisInstallAreKilledAtStartAndNothingIsKilledWhenThereAreNone() throws Exception {
        FakeDocker fake = FakeDocker.in(tmp.resolve("bin"), "X");
        DockerRuntime docker = runtime(fake, Map.of("PATH", System.getenv("PATH")));
        fake.psPrints("c0ffee000001", "c0ffee000002");
        assertThat(docker.killOrphans()).isEqualTo(2);
        assertThat(fake.calls()).containsExactly(
                List.of("ps", "-q", "--filter", "label=tandem.install=" + INSTALL),
                List.of("kill", "c0ffee000001", "c0ffee000002"));

        fake.psPrints();
        assertThat(docker.killOrphans()).isZero();
        assertThat(fake.calls()).hasSize(3);
        assertThat(fake.calls().get(2)).containsExactly("ps", "-q", "--filter", "label=tandem.install=" + INSTALL);
    }

    @Test
    void aMissingClientIsAClearRefusalAndNoOrphanSweepCrash() {
        DockerRuntime docker = new DockerRuntime(tmp.resolve("nope/docker").toString(), "img", INSTALL, null,
                List.of(), Map.of());
        assertThat(docker.killOrphans()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> docker.start(new RunnerSpawn("s-1", tmp, tmp,
                        tmp.resolve("r.log"), Optional.empty(), false)))
                .isInstanceOf(RuntimeUnavailableException.class).hasMessageContaining("containers.docker.binary");
    }

    @Test
    void aDataFolderPathThatDockerWouldMisreadIsRefusedNotMounted() throws Exception {
        FakeDocker fake = FakeDocker.in(tmp.resolve("bin"), "X");
        DockerRuntime docker = runtime(fake, Map.of("PATH", System.getenv("PATH")));
        Path odd = Files.createDirectories(tmp.resolve("a:b/sessions/g/s-1/out")).getParent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> docker.start(new RunnerSpawn("s-1", odd, tmp,
                        tmp.resolve("r.log"), Optional.empty(), false)))
                .isInstanceOf(RuntimeUnavailableException.class).hasMessageContaining("would be read as a volume option");
        assertThat(fake.calls()).isEmpty();
    }
}
