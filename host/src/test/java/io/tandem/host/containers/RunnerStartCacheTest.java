package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's start-up cache end to end, through a real host: the AppCDS archive is built in the
 * background and used by later runners; a corrupt archive (random bytes) and a stale one (a real
 * archive recorded for another jar, which the JVM would warn about) both fall back to a normal
 * start that still answers, with nothing but the runner's own log lines in its log; an unusable
 * cache folder means a plain start; {@code containers.process.shared_jvm_args} (the shared runner
 * JVM, the default) and {@code containers.process.jvm_args} (one JVM per session) from the
 * environment reach the runner's command line, and {@code -Xshare:off} there switches the archive off.
 */
class RunnerStartCacheTest {
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    void theArchiveIsBuiltOnceAndUsedAndACorruptOrStaleOneFallsBackSilently() throws Exception {
        assumeThat(Path.of("/proc/self/cmdline")).exists();
        Path data = tmp.resolve("data");
        Path archive;
        try (HostProcess host = HostProcess.start(data)) {
            await("archive built (host log: " + host.logText() + ")").atMost(LONG)
                    .until(() -> archives(data).size() == 1);
            archive = archives(data).get(0);
            assertThat(Files.size(archive)).isPositive();
            try (Stream<Path> files = Files.list(data.resolve("cache"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no temporary archive or training folder is left behind")
                        .noneMatch(n -> n.contains(".tmp-") || n.startsWith("cds-training-"));
            }
            String cmdline = answerAndReadRunnerCmdline(host, data, "first", 1);
            assertThat(cmdline).contains("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                    "-Dorg.sqlite.lib.path=", "/cache/sqlite-");
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data);

        // corrupt: random bytes under the archive's name
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Files.delete(archive);
        Files.write(archive, junk);
        try (HostProcess host = HostProcess.start(data)) {
            String cmdline = answerAndReadRunnerCmdline(host, data, "after corruption", 2);
            assertThat(cmdline).contains("-XX:SharedArchiveFile=" + archive);
            assertThat(Files.readAllBytes(archive)).as("a present archive is not rebuilt").isEqualTo(junk);
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data);

        // stale: a valid archive recorded for another jar path (the JVM would warn about it)
        Path otherJar = tmp.resolve("other").resolve("tandem-runner.jar");
        Files.createDirectories(otherJar.getParent());
        Files.copy(JavaProcesses.runnerJar(), otherJar);
        RunnerJvm other = RunnerJvm.inCache(tmp.resolve("other-cache"), otherJar, List.of("-XX:+UseSerialGC"));
        assertThat(other.buildArchive()).isTrue();
        Files.delete(archive);
        Files.copy(other.archive(), archive);
        try (HostProcess host = HostProcess.start(data)) {
            String cmdline = answerAndReadRunnerCmdline(host, data, "after a stale archive", 3);
            assertThat(cmdline).contains("-XX:SharedArchiveFile=" + archive);
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data);
    }

    @Test
    void anUnusableCacheMeansAPlainStartAndFlagsFromTheEnvironmentReachTheRunner() throws Exception {
        assumeThat(Path.of("/proc/self/cmdline")).exists();
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("cache"), "not a folder");
        try (HostProcess host = HostProcess.start(data)) {
            String cmdline = answerAndReadRunnerCmdline(host, data, "no cache", 1);
            assertThat(cmdline).doesNotContain("SharedArchiveFile", "org.sqlite.lib.path")
                    .contains("--pool", "-Xmx256m", "-XX:-UsePerfData");
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data);

        // the shared runner JVM (the default) takes containers.process.shared_jvm_args
        Path data2 = tmp.resolve("data2");
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__PROCESS__SHARED_JVM_ARGS",
                "-XX:+UseSerialGC -Xmx80m -Xshare:off -Dtandem.test.flag=on");
        try (HostProcess host = HostProcess.start(data2, env)) {
            String cmdline = answerAndReadRunnerCmdline(host, data2, "own flags", 1);
            assertThat(cmdline).contains("--pool", "-Xmx80m", "-Xshare:off", "-Dtandem.test.flag=on")
                    .doesNotContain("SharedArchiveFile", "-Xms8m", "-Xmx256m");
            assertThat(archives(data2)).as("-Xshare in the configured flags: no archive is built").isEmpty();
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data2);

        // one runner JVM per session takes containers.process.jvm_args
        Path data3 = tmp.resolve("data3");
        env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_CONTAINERS__PROCESS__SHARED", "false");
        env.put("TANDEM_CONTAINERS__PROCESS__JVM_ARGS", "-XX:+UseSerialGC -Xmx80m -Xshare:off -Dtandem.test.flag=on");
        try (HostProcess host = HostProcess.start(data3, env)) {
            String cmdline = answerAndReadRunnerCmdline(host, data3, "own flags", 1);
            assertThat(cmdline).contains("--workspace", "-Xmx80m", "-Xshare:off", "-Dtandem.test.flag=on")
                    .doesNotContain("SharedArchiveFile", "-Xms8m", "-Xmx96m", "--pool");
            assertThat(archives(data3)).as("-Xshare in the configured flags: no archive is built").isEmpty();
            assertThat(host.stop()).isZero();
        }
        assertRunnerLogIsOnlyLogLines(data3);
    }

    /** Posts on chat demo, waits for the echo (event {@code cursor}), returns the runner's argv. */
    private static String answerAndReadRunnerCmdline(HostProcess host, Path data, String text, long cursor)
            throws Exception {
        ChatClient chat = new ChatClient(host.httpBase());
        assertThat(chat.say("demo", "ann", text).status()).isEqualTo(202);
        JsonNode event = chat.awaitEvent("demo", cursor - 1, 60);
        assertThat(event.path("text").asText()).isEqualTo("echo: " + text);
        SessionPaths s = new DataInspector(data).onlySession();
        long pid = ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow();
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    /**
     * Every line of every runner log (a session's, and a shared runner JVM's own) is one of the
     * runner's own log lines: no JVM warnings.
     */
    private static void assertRunnerLogIsOnlyLogLines(Path data) throws Exception {
        try (Stream<Path> logs = Files.list(data.resolve("logs"))) {
            List<Path> runnerLogs = logs.filter(p -> p.getFileName().toString().startsWith("runner-")).toList();
            assertThat(runnerLogs).anyMatch(p -> !p.getFileName().toString().startsWith("runner-pool-"));
            for (Path log : runnerLogs) {
                List<String> lines = Files.readAllLines(log);
                assertThat(lines).as("runner log %s", log)
                        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR|DEBUG) .*"),
                                "is a runner log line");
                assertThat(String.join("\n", lines)).doesNotContainIgnoringCase("shared archive");
                if (!log.getFileName().toString().startsWith("runner-pool-")) {
                    assertThat(lines).as("session log %s", log).isNotEmpty();
                    assertThat(String.join("\n", lines)).contains("runner.start");
                }
            }
        }
    }

    private static List<Path> archives(Path data) throws Exception {
        Path cache = data.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().matches("runner-[0-9a-f]+\\.jsa")).toList();
        }
    }
}
