package io.tandem.host.containers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The docker command lines: pure functions of their inputs. A runner's container has the same
 * mounts as the bwrap sandbox ({@code /workspace} read-only, {@code /workspace/out} and
 * {@code /workspace/agent} read-write), a read-only root with a private {@code /tmp}, no network
 * unless the group has {@code network=true}, no capabilities, the host user's uid:gid (so files in
 * {@code out/} stay the host's), and its name and label tie it to this install and session so
 * {@code docker kill} and the orphan sweep find it. Environment values never appear here:
 * {@code -e NAME} makes the client pass its own variable's value.
 */
public final class DockerArgs {
    /** The runner jar inside the image (container-runner/Dockerfile). */
    public static final String IMAGE_RUNNER_JAR = "/opt/tandem/tandem-runner.jar";
    public static final String INSTALL_LABEL = "tandem.install";

    private DockerArgs() {
    }

    /** {@code tandem-<install>-<session>}: both parts are path-safe ids, so it is a valid container name. */
    public static String containerName(String installId, String sessionId) {
        return "tandem-" + installId + "-" + sessionId;
    }

    /** The client's inputs for one runner container. */
    public record Run(String installId, String sessionId, String image, Path session, Path group, boolean network,
                      String user, List<String> envNames, List<String> jvmArgs) {
    }

    public static List<String> run(Path docker, Run r) {
        List<String> a = new ArrayList<>(List.of(docker.toString(), "run", "--rm", "-i",
                "--name", containerName(r.installId(), r.sessionId()),
                "--label", INSTALL_LABEL + "=" + r.installId(),
                "--label", "tandem.session=" + r.sessionId()));
        if (!r.network()) {
            a.addAll(List.of("--network", "none"));
        }
        if (r.user() != null) {
            a.addAll(List.of("--user", r.user()));
        }
        a.addAll(List.of("--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges",
                "-v", r.session() + ":" + BwrapArgs.WORKSPACE + ":ro",
                "-v", r.session().resolve("out") + ":" + BwrapArgs.OUT,
                "-v", r.group() + ":" + BwrapArgs.AGENT,
                "-w", BwrapArgs.AGENT));
        for (String name : r.envNames()) {
            a.addAll(List.of("-e", name));
        }
        a.addAll(List.of("--entrypoint", "java", r.image()));
        a.addAll(r.jvmArgs());
        a.addAll(List.of("-jar", IMAGE_RUNNER_JAR, "--workspace", BwrapArgs.WORKSPACE, "--group", BwrapArgs.AGENT));
        return a;
    }

    public static List<String> kill(Path docker, String installId, String sessionId) {
        return List.of(docker.toString(), "kill", containerName(installId, sessionId));
    }

    /** Ids of this install's running containers, one a line. */
    public static List<String> listInstall(Path docker, String installId) {
        return List.of(docker.toString(), "ps", "-q", "--filter", "label=" + INSTALL_LABEL + "=" + installId);
    }

    public static Optional<List<String>> killIds(Path docker, List<String> ids) {
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        List<String> a = new ArrayList<>(List.of(docker.toString(), "kill"));
        a.addAll(ids);
        return Optional.of(a);
    }
}
