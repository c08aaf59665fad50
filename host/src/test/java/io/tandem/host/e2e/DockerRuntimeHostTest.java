package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.FakeDocker;
import io.tandem.host.support.HostProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with {@code containers.runtime = docker}, against a fake docker client: at start it kills
 * this install's orphans (and only looks for its own label), and a wake runs
 * {@code docker run --rm -i --name tandem-<install>-<session>} with the session's mounts.
 */
class DockerRuntimeHostTest {
    @TempDir
    Path tmp;

    @Test
    void orphansAreKilledAtStartAndAWakeRunsTheSessionsContainer() throws Exception {
        FakeDocker fake = FakeDocker.in(tmp.resolve("bin"), "UNUSED");
        fake.psPrints("0ddc0ffee001", "0ddc0ffee002");
        Path data = tmp.resolve("data");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__RUNTIME", "docker");
        env.put("TANDEM_CONTAINERS__DOCKER__BINARY", fake.binary().toString());
        try (HostProcess host = HostProcess.start(data, env)) {
            String install = Files.readString(data.resolve("install.id")).strip();
            assertThat(install).matches("[0-9a-f]{12}");
            assertThat(fake.calls()).startsWith(List.of("ps", "-q", "--filter", "label=tandem.install=" + install),
                    List.of("kill", "0ddc0ffee001", "0ddc0ffee002"));

            new ChatClient(host.httpBase()).say("demo", "ann", "hi");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> fake.calls().stream().anyMatch(c -> c.get(0).equals("run")));
            Path session = new DataInspector(data).onlySession().root();
            String sessionId = session.getFileName().toString();
            List<String> run = fake.calls().stream().filter(c -> c.get(0).equals("run")).findFirst().orElseThrow();
            assertThat(run).startsWith("run", "--rm", "-i", "--name", "tandem-" + install + "-" + sessionId,
                    "--label", "tandem.install=" + install);
            assertThat(run).containsSequence("--network", "none")
                    .containsSequence("-v", session.toRealPath() + ":/workspace:ro")
                    .containsSequence("-v", session.toRealPath().resolve("out") + ":/workspace/out")
                    .containsSequence("--entrypoint", "java", "tandem-runner:latest")
                    .endsWith("-jar", "/opt/tandem/tandem-runner.jar", "--workspace", "/workspace",
                            "--group", "/workspace/agent");
            assertThat(host.logText()).contains("runtime.docker.orphans_killed").contains("runtime=\"docker\"");
        }
    }
}
