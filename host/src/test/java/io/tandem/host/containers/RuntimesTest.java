package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.schema.rows.RuntimeKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runtime a group gets, and a runtime that cannot run refusing instead of falling back. */
class RuntimesTest {
    @TempDir
    Path tmp;

    private static ContainerConfig row(RuntimeKind k) {
        return new ContainerConfig("g", k, null, null, null);
    }

    @Test
    void theGroupsOwnRuntimeWinsElseTheDefault() {
        for (RuntimeKind def : RuntimeKind.values()) {
            assertThat(Runtimes.choose(def, null)).isEqualTo(def);
            assertThat(Runtimes.choose(def, row(null))).isEqualTo(def);
            for (RuntimeKind own : RuntimeKind.values()) {
                assertThat(Runtimes.choose(def, row(own))).isEqualTo(own);
            }
        }
    }

    @Test
    void aRuntimeThisHostDoesNotRunIsRefusedNamingTheGroupOrTheKey() {
        Runtimes runtimes = new Runtimes(RuntimeKind.DOCKER, List.of(new ProcessRuntime(null, tmp.resolve("r.jar"))));
        assertThat(runtimes.forGroup("g", row(RuntimeKind.PROCESS)).kind()).isEqualTo(RuntimeKind.PROCESS);
        assertThatThrownBy(() -> runtimes.forGroup("g", row(RuntimeKind.BWRAP)))
                .hasMessageContaining("group g's runtime").hasMessageContaining("'bwrap'");
        assertThatThrownBy(() -> runtimes.forGroup("g", null))
                .hasMessageContaining("containers.runtime (group g)").hasMessageContaining("'docker'");
    }

    @Test
    void bwrapThatCannotRunRefusesTheSpawnWithTheReasonAndNeverFallsBack() throws Exception {
        BwrapRuntime bwrap = new BwrapRuntime(tmp.resolve("no-bwrap").toString(), tmp.resolve("r.jar"), List.of());
        assertThat(bwrap.availability().usable()).isFalse();
        assertThat(bwrap.availability().problem()).contains("containers.bwrap.binary").contains("no-bwrap");
        RunnerSpawn spawn = new RunnerSpawn("s-1", tmp.resolve("s"), tmp.resolve("g"), tmp.resolve("logs/r.log"),
                java.util.Optional.empty(), false);
        assertThatThrownBy(() -> bwrap.start(spawn)).isInstanceOf(RuntimeUnavailableException.class)
                .hasMessageContaining("runtime bwrap is unavailable").hasMessageContaining("no fallback to process")
                .hasMessageContaining("no-bwrap");
        assertThat(tmp.resolve("logs")).doesNotExist();
    }

    @Test
    void theSandboxEnvironmentIsTheAllowListWithSandboxPaths() {
        var env = BwrapRuntime.environment(java.util.Map.of("PATH", "/root/.pyenv/shims:/usr/bin", "HOME", "/root",
                "LANG", "C.UTF-8", "SECRET", "x", "KEY_A", "k"), java.util.Optional.of("KEY_A"));
        assertThat(env).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("PATH", BwrapRuntime.SANDBOX_PATH,
                "HOME", "/workspace/agent", "LANG", "C.UTF-8", "KEY_A", "k"));
    }

    @Test
    void theInstallIdIsMintedOnceAndKept() throws Exception {
        String id = InstallId.readOrCreate(tmp);
        assertThat(id).matches("[0-9a-f]{12}");
        assertThat(InstallId.readOrCreate(tmp)).isEqualTo(id);
        java.nio.file.Files.writeString(tmp.resolve("install.id"), "../x\n");
        assertThatThrownBy(() -> InstallId.readOrCreate(tmp)).hasMessageContaining("install.id")
                .hasMessageContaining("12 lowercase hex digits");
    }
}
