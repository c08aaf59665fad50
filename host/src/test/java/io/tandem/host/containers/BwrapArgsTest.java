package io.tandem.host.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bubblewrap command line as a table: every mount, namespace and flag, in order. */
class BwrapArgsTest {
    private static final BwrapArgs.Layout LAYOUT = new BwrapArgs.Layout(
            List.of(BwrapArgs.SystemEntry.dir("/usr"), BwrapArgs.SystemEntry.link("/bin", "usr/bin"),
                    BwrapArgs.SystemEntry.link("/lib64", "usr/lib64")),
            List.of(Path.of("/etc/java-17-openjdk"), Path.of("/etc/passwd")), Path.of("/opt/jdk"));
    private static final Path SESSION = Path.of("/data/sessions/echo/s-1");

    private static List<String> command(boolean network) {
        return BwrapArgs.command(Path.of("/usr/bin/bwrap"), LAYOUT, Path.of("/srv/tandem-runner.jar"), SESSION,
                SESSION.resolve("out"), Path.of("/data/groups/echo"), network, List.of("-Xmx96m"));
    }

    @Test
    void theSandboxHasExactlyTheSessionMountsTheSystemAndNothingElse() {
        assertThat(command(false)).containsExactly("/usr/bin/bwrap",
                "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib64", "/lib64",
                "--ro-bind", "/etc/java-17-openjdk", "/etc/java-17-openjdk", "--ro-bind", "/etc/passwd", "/etc/passwd",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--ro-bind", "/opt/jdk", "/opt/jdk",
                "--ro-bind", "/srv/tandem-runner.jar", "/opt/tandem/tandem-runner.jar",
                "--ro-bind", "/data/sessions/echo/s-1", "/workspace",
                "--bind", "/data/sessions/echo/s-1/out", "/workspace/out",
                "--bind", "/data/groups/echo", "/workspace/agent",
                "--remount-ro", "/",
                "--chdir", "/workspace/agent",
                "--", "/opt/jdk/bin/java", "-Xmx96m", "-jar", "/opt/tandem/tandem-runner.jar",
                "--workspace", "/workspace", "--group", "/workspace/agent");
    }

    @Test
    void networkIsSharedOnlyWhenTheGroupSaysSo() {
        assertThat(command(false)).doesNotContain("--share-net");
        List<String> withNet = command(true);
        assertThat(withNet.subList(0, 3)).containsExactly("/usr/bin/bwrap", "--unshare-all", "--share-net");
        assertThat(withNet).hasSize(command(false).size() + 1);
    }

    @Test
    void theProbeBuildsTheSameSandboxAroundTrue() {
        List<String> probe = BwrapArgs.probe(Path.of("/usr/bin/bwrap"), LAYOUT, Path.of("/usr/bin/true"));
        assertThat(probe).startsWith("/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--new-session")
                .endsWith("--tmpfs", "/tmp", "--remount-ro", "/", "--", "/usr/bin/true")
                .doesNotContain("/workspace", "--share-net");
    }

    @Test
    void aJdkSymlinkIntoEtcBringsThatEtcFolderAlong() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        // whatever this machine's JDK links into /etc (Debian: /etc/java-17-openjdk) is offered, nothing else of /etc
        assertThat(HostLayout.etcUsedBy(jdk)).allSatisfy(p -> {
            assertThat(p.getParent()).isEqualTo(Path.of("/etc"));
            assertThat(p).exists();
        });
        assertThat(HostLayout.read(jdk).etc()).allSatisfy(p -> assertThat(p.startsWith("/etc")).isTrue());
    }
}
