package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.HostProcess;
import io.tandem.host.support.Immutable;
import io.tandem.host.support.JavaProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every start failure is ONE line on stderr with its documented exit code, never a stack trace:
 * a port in use (6), a {@code host.lock} that is not a file (1), a data folder that cannot be
 * written (1), a configuration typo (2, naming the key and the closest known one).
 */
class StartFailureTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String stderr) {
        List<String> tandemLines() {
            return Arrays.stream(stderr.split("\\R")).filter(l -> l.startsWith("tandem: ")).toList();
        }
    }

    @Test
    void aPortInUseIsOneE006LineWithoutAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Outcome o = up(tmp.resolve("data"), Map.of(), "--http", "127.0.0.1:" + taken.getLocalPort());
            assertThat(o.exit()).isEqualTo(6);
            assertOneLine(o, "TANDEM-E006");
            assertThat(o.tandemLines().get(0)).contains("adapters.http.bind").contains("127.0.0.1:" + taken.getLocalPort());
            assertThat(o.stderr()).doesNotContain("Unknown deployment");
        }
    }

    @Test
    void aHostLockThatIsADirectoryIsOneLineExit1() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("host.lock"));
        Outcome o = up(data, Map.of());
        assertThat(o.exit()).isEqualTo(1);
        assertOneLine(o, "TANDEM-E001");
        assertThat(o.tandemLines().get(0)).contains("host.lock");
    }

    @Test
    void aDataFolderThatCannotBeWrittenIsOneLineExit1() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Immutable immutable = Immutable.tryMake(data);
        Assumptions.assumeTrue(immutable != null, "chattr +i is not allowed here");
        try (immutable) {
            Outcome o = up(data, Map.of());
            assertThat(o.exit()).isEqualTo(1);
            assertOneLine(o, "TANDEM-E001");
            assertThat(o.tandemLines().get(0)).contains(data.toString()).contains("not permitted");
        }
    }

    @Test
    void aTypoInTandemConfIsExit2NamingTheKeyAndTheClosestOne() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("tandem.conf"), "containers.max_runing = 3\n");
        Outcome o = up(data, Map.of());
        assertThat(o.exit()).isEqualTo(2);
        assertOneLine(o, "TANDEM-E002");
        assertThat(o.tandemLines().get(0)).contains("containers.max_runing").contains("containers.max_running?");
    }

    @Test
    void anUnknownEnvironmentKeyIsExit2NamingIt() throws Exception {
        Outcome o = up(tmp.resolve("data"), Map.of("TANDEM_FOO__BAR", "1"));
        assertThat(o.exit()).isEqualTo(2);
        assertOneLine(o, "TANDEM-E002");
        assertThat(o.tandemLines().get(0)).contains("foo.bar").contains("TANDEM_FOO__BAR");
    }

    private static void assertOneLine(Outcome o, String code) {
        assertThat(o.tandemLines()).as(o.stderr()).hasSize(1);
        assertThat(o.tandemLines().get(0)).startsWith("tandem: " + code + ": ");
        assertThat(o.stderr()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    private Outcome up(Path data, Map<String, String> extraEnv, String... flags) throws IOException,
            InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("up", "--data", data.toString(), "--admin",
                "127.0.0.1:0"));
        if (flags.length == 0) {
            args.addAll(List.of("--http", "127.0.0.1:0"));
        }
        args.addAll(List.of(flags));
        ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", args.toArray(String[]::new));
        pb.environment().putAll(HostProcess.testEnv());
        pb.environment().putAll(extraEnv);
        Path err = tmp.resolve("stderr-" + System.nanoTime() + ".log");
        pb.redirectError(err.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tandem up did not exit; stderr:\n" + Files.readString(err));
        }
        return new Outcome(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
