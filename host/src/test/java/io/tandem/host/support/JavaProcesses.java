package io.tandem.host.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Child JVMs on the test classpath, and the built runner jar. */
public final class JavaProcesses {
    private JavaProcesses() {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static ProcessBuilder builder(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** The runner jar the reactor built before these tests (DESIGN 8.3). */
    public static Path runnerJar() {
        Path p = Path.of(System.getProperty("tandem.runner.jar",
                "../container-runner/target/tandem-runner.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("runner jar missing at " + p + ": run the reactor build (mvn verify)");
        }
        return p;
    }

    /** The contract checker from ../shared, if this checkout has it beside it. */
    public static Path tandemCheck() {
        String p = System.getProperty("tandem.check");
        return p == null ? null : Path.of(p).toAbsolutePath().normalize();
    }
}
