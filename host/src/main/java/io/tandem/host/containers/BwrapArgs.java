package io.tandem.host.containers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bubblewrap command line for one runner: a pure function of the host layout and the spawn, so
 * every mount is visible in one place and testable as a table. Inside the sandbox the session
 * folder is {@code /workspace} (read-only), its {@code out/} {@code /workspace/out} (read-write),
 * the group folder {@code /workspace/agent} (read-write), the runner jar
 * {@code /opt/tandem/tandem-runner.jar}; the JDK, {@code /usr}, {@code /bin}, {@code /lib*} and the
 * listed {@code /etc} entries are read-only at their host paths; {@code /tmp} is a private tmpfs.
 * Nothing else of the host exists in it, and the sandbox's own root (where the mount points were
 * made) is remounted read-only, so nothing outside {@code out/}, the group folder and {@code /tmp}
 * can be written, not even in the sandbox. Every namespace is unshared (the network too unless the
 * group has {@code network=true}); the sandbox dies with the host and starts its own session.
 */
public final class BwrapArgs {
    public static final String WORKSPACE = "/workspace";
    public static final String OUT = "/workspace/out";
    public static final String AGENT = "/workspace/agent";
    public static final String RUNNER_JAR = "/opt/tandem/tandem-runner.jar";

    private BwrapArgs() {
    }

    /**
     * A top-level system entry ({@code /usr}, {@code /bin}, {@code /lib64}…): a directory bound
     * read-only, or a symlink recreated as such (a merged-/usr system's {@code /bin -> usr/bin}).
     */
    public record SystemEntry(Path path, Path symlinkTarget) {
        public static SystemEntry dir(String path) {
            return new SystemEntry(Path.of(path), null);
        }

        public static SystemEntry link(String path, String target) {
            return new SystemEntry(Path.of(path), Path.of(target));
        }
    }

    /** What the host offers every sandbox: system entries, {@code /etc} entries and the JDK. */
    public record Layout(List<SystemEntry> system, List<Path> etc, Path javaHome) {
        public Layout {
            system = List.copyOf(system);
            etc = List.copyOf(etc);
        }
    }

    /** The arguments from {@code bwrap} to the runner's last argument. */
    public static List<String> command(Path bwrap, Layout layout, Path runnerJar, Path session, Path out, Path group,
                                       boolean network, List<String> jvmArgs) {
        List<String> a = new ArrayList<>();
        a.add(bwrap.toString());
        a.addAll(sandbox(layout, network));
        ro(a, layout.javaHome(), layout.javaHome());
        ro(a, runnerJar, Path.of(RUNNER_JAR));
        ro(a, session, Path.of(WORKSPACE));
        rw(a, out, Path.of(OUT));
        rw(a, group, Path.of(AGENT));
        a.addAll(List.of("--remount-ro", "/"));
        a.add("--chdir");
        a.add(AGENT);
        a.add("--");
        a.add(layout.javaHome().resolve("bin").resolve("java").toString());
        a.addAll(jvmArgs);
        a.addAll(List.of("-jar", RUNNER_JAR, "--workspace", WORKSPACE, "--group", AGENT));
        return a;
    }

    /** Namespaces, the system, /proc, /dev and /tmp: shared by the runner's sandbox and the probe. */
    static List<String> sandbox(Layout layout, boolean network) {
        List<String> a = new ArrayList<>();
        a.add("--unshare-all");
        if (network) {
            a.add("--share-net");
        }
        a.add("--die-with-parent");
        a.add("--new-session");
        for (SystemEntry e : layout.system()) {
            if (e.symlinkTarget() != null) {
                a.addAll(List.of("--symlink", e.symlinkTarget().toString(), e.path().toString()));
            } else {
                ro(a, e.path(), e.path());
            }
        }
        for (Path etc : layout.etc()) {
            ro(a, etc, etc);
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        return a;
    }

    /** The probe: can bubblewrap build this sandbox here at all (user namespaces, mounts)? */
    public static List<String> probe(Path bwrap, Layout layout, Path trueBinary) {
        List<String> a = new ArrayList<>();
        a.add(bwrap.toString());
        a.addAll(sandbox(layout, false));
        a.addAll(List.of("--remount-ro", "/"));
        a.add("--");
        a.add(trueBinary.toString());
        return a;
    }

    private static void ro(List<String> a, Path from, Path to) {
        a.addAll(List.of("--ro-bind", from.toString(), to.toString()));
    }

    private static void rw(List<String> a, Path from, Path to) {
        a.addAll(List.of("--bind", from.toString(), to.toString()));
    }
}
