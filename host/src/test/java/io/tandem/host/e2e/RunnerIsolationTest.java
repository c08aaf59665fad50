package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner inherits nothing secret from the host and lives in its own process session. */
class RunnerIsolationTest {
    private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LC_ALL", "TZ", "HOME");

    @TempDir
    Path tmp;

    @Test
    void theRunnerGetsOnlyAllowListedEnvironmentAndItsOwnSessionAndTheTokenIsPrivate() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("HOST_SECRET_FOR_TEST", "hunter2");
        try (HostProcess host = HostProcess.start(data, env)) {
            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("demo", "ann", "hi");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hi");
            SessionPaths s = new DataInspector(data).onlySession();
            long runner = ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow();

            List<String> runnerEnv = Arrays.stream(Files.readString(Path.of("/proc", Long.toString(runner), "environ"))
                    .split("\0")).filter(e -> !e.isEmpty()).toList();
            assertThat(runnerEnv).noneMatch(e -> e.contains("hunter2"));
            assertThat(runnerEnv).allMatch(e -> ALLOWED.contains(e.substring(0, e.indexOf('='))));

            assertThat(sessionId(runner)).as("runner runs in its own process session (setsid)")
                    .isEqualTo(runner).isNotEqualTo(sessionId(host.pid()));
            assertThat(Files.readString(s.containerJson())).doesNotContain("hunter2");

            assertThat(Files.getPosixFilePermissions(data.resolve("admin.token")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    /** Field 6 of /proc/PID/stat: the process session id. */
    private static long sessionId(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]);
    }
}
