package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.JavaProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's start flags as a function of the cache folder: the archive flag only when the
 * archive file exists, the SQLite flags once the library is extracted, a new key (so a new
 * archive) when the jar or the flags change, and no archive at all when the configured flags
 * speak about class sharing themselves.
 */
class RunnerJvmTest {
    private static final List<String> BASE = List.of("-XX:+UseSerialGC", "-Xmx96m");

    @TempDir
    Path tmp;

    @Test
    void theArchiveFlagAppearsOnlyOnceTheArchiveExistsAndSqliteIsExtractedOnce() throws Exception {
        Path jar = copyOfRunnerJar();
        Path cache = tmp.resolve("cache");
        RunnerJvm jvm = RunnerJvm.inCache(cache, jar, BASE);
        List<String> before = jvm.args();
        assertThat(before).startsWith("-XX:+UseSerialGC", "-Xmx96m").noneMatch(a -> a.contains("SharedArchiveFile"));
        String libPath = before.stream().filter(a -> a.startsWith("-Dorg.sqlite.lib.path=")).findFirst().orElseThrow();
        Path lib = Path.of(libPath.substring("-Dorg.sqlite.lib.path=".length())).resolve("libsqlitejdbc.so");
        assertThat(lib).isRegularFile();
        assertThat(before).contains("-Dorg.sqlite.lib.name=libsqlitejdbc.so",
                "-Dorg.sqlite.tmpdir=" + lib.getParent());
        FileTime extracted = Files.getLastModifiedTime(lib);

        Files.write(jvm.archive(), new byte[] {1, 2, 3});
        assertThat(jvm.args()).contains("-XX:SharedArchiveFile=" + jvm.archive(), "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
        jvm.buildArchiveInBackground(); // present: nothing to build, the file stays as it is
        assertThat(Files.readAllBytes(jvm.archive())).containsExactly(1, 2, 3);

        RunnerJvm again = RunnerJvm.inCache(cache, jar, BASE);
        assertThat(Files.getLastModifiedTime(lib)).as("extracted once per cache").isEqualTo(extracted);
        assertThat(again.archive()).isEqualTo(jvm.archive());
    }

    @Test
    void aChangedJarOrFlagSetGetsAnotherArchiveAndOwnSharingFlagsSwitchItOff() throws Exception {
        Path jar = copyOfRunnerJar();
        Path cache = tmp.resolve("cache");
        Path first = RunnerJvm.inCache(cache, jar, BASE).archive();
        assertThat(RunnerJvm.inCache(cache, jar, List.of("-Xmx64m")).archive()).isNotEqualTo(first);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(RunnerJvm.inCache(cache, jar, BASE).archive()).isNotEqualTo(first);

        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/y.jsa")) {
            RunnerJvm jvm = RunnerJvm.inCache(cache, jar, List.of("-Xmx96m", own));
            assertThat(jvm.archive()).isNull();
            assertThat(jvm.args()).containsSubsequence("-Xmx96m", own).noneMatch(a -> a.startsWith("-Xlog:cds"));
        }
        assertThat(RunnerJvm.plain(jar, BASE).args()).isEqualTo(BASE);
    }

    private Path copyOfRunnerJar() throws Exception {
        Path jar = tmp.resolve("jar").resolve("tandem-runner.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(JavaProcesses.runnerJar(), jar);
        return jar;
    }
}
