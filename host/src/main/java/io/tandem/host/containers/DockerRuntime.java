package io.tandem.host.containers;

import io.tandem.schema.rows.RuntimeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker} runtime: {@code docker run --rm -i} per runner ({@link DockerArgs}). The
 * client is the host's process handle: its stdin carries EOF to the runner, its exit is the
 * runner's. Killing the client does not stop a container, so a forced stop is
 * {@code docker kill <name>}, and at host start this install's leftovers (label
 * {@code tandem.install=<id>}) are killed. The client's environment is the allow-list plus the
 * variables the docker client itself reads ({@code DOCKER_HOST}…) plus the group's
 * {@code api_key_env}, which reaches the container as {@code -e NAME} (its value never on a
 * command line).
 */
public final class DockerRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    static final List<String> CLIENT_ENV = List.of("DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT",
            "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY");
    /** ps and kill answer in well under a second on a live engine; a hung one must not hold the caller long. */
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final String binary;
    private final String image;
    private final String installId;
    private final String user;
    private final List<String> jvmArgs;
    private final Map<String, String> hostEnv;

    /**
     * {@code user}: {@code uid:gid} the container runs as (the data folder's owner), or null for
     * the image's user.
     */
    public DockerRuntime(String binary, String image, String installId, String user, List<String> jvmArgs,
                         Map<String, String> hostEnv) {
        this.binary = binary;
        this.image = image;
        this.installId = installId;
        this.user = user;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.hostEnv = Map.copyOf(hostEnv);
    }

    /** The {@code uid:gid} owning {@code dir}, or null where the file system does not say. */
    public static String ownerOf(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.DOCKER;
    }

    public String installId() {
        return installId;
    }

    private Path docker() throws RuntimeUnavailableException {
        return Executables.find(binary, hostEnv).orElseThrow(() -> new RuntimeUnavailableException(
                "runtime docker: the docker client '" + binary + "' was not found (containers.docker.binary)"));
    }

    List<String> command(Path docker, RunnerSpawn spawn) {
        List<String> names = new ArrayList<>();
        for (String k : List.of("LANG", "LC_ALL", "TZ")) {
            if (hostEnv.containsKey(k)) {
                names.add(k);
            }
        }
        spawn.passEnv().filter(n -> ApiKeyEnv.problem(n) == null && hostEnv.containsKey(n)).ifPresent(names::add);
        return DockerArgs.run(docker, new DockerArgs.Run(installId, spawn.sessionId(), image, spawn.workspace(),
                spawn.groupDir(), spawn.network(), user, names, jvmArgs));
    }

    @Override
    public Process start(RunnerSpawn spawn) throws IOException {
        for (Path p : java.util.List.of(spawn.workspace(), spawn.groupDir())) {
            if (p.toString().contains(":") || p.toString().contains(",")) {
                throw new RuntimeUnavailableException("runtime docker cannot mount " + p + ": a ':' or ',' in the "
                        + "data folder's path would be read as a volume option; move the data folder");
            }
        }
        Path docker = docker();
        return RunnerSpawn.launch(command(docker, spawn), environment(hostEnv, spawn.passEnv()), spawn.groupDir(),
                spawn.logFile());
    }

    /** The client's environment: the runner allow-list, the docker client's own variables, the api key. */
    static Map<String, String> environment(Map<String, String> hostEnv, Optional<String> passName) {
        Map<String, String> env = ProcessRuntime.environment(hostEnv, passName);
        for (String k : CLIENT_ENV) {
            if (hostEnv.containsKey(k)) {
                env.put(k, hostEnv.get(k));
            }
        }
        return env;
    }

    /**
     * Closes the client's stdin, which {@code -i} carries to the runner: it stops cleanly at EOF
     * (the same lifeline as a killed host's).
     */
    @Override
    public void terminate(Process process) {
        ContainerRuntime.closeStdin(process);
    }

    /** {@code docker kill} of the session's container, then the client. */
    @Override
    public void kill(String sessionId, Process process) {
        try {
            Result r = run(DockerArgs.kill(docker(), installId, sessionId));
            if (r.exit() != 0) {
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("exit", r.exit())
                        .addKeyValue("output", r.output()).log("runtime.docker.kill_failed");
            }
        } catch (IOException e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("error", e.getMessage())
                    .log("runtime.docker.kill_failed");
        }
        ContainerRuntime.super.kill(sessionId, process);
    }

    /**
     * Kills this install's containers left running by an earlier host (none of them has a runner
     * handle any more); returns how many. Failures are logged, never thrown: a host without a
     * docker engine still starts, and its docker groups fail at spawn with the reason.
     */
    public int killOrphans() {
        try {
            Path docker = docker();
            Result ps = run(DockerArgs.listInstall(docker, installId));
            if (ps.exit() != 0) {
                log.atWarn().addKeyValue("exit", ps.exit()).addKeyValue("output", ps.output())
                        .log("runtime.docker.orphans_unlisted");
                return 0;
            }
            List<String> ids = ps.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            Optional<List<String>> kill = DockerArgs.killIds(docker, ids);
            if (kill.isPresent()) {
                Result k = run(kill.get());
                log.atWarn().addKeyValue("install", installId).addKeyValue("containers", ids.size())
                        .addKeyValue("exit", k.exit()).log("runtime.docker.orphans_killed");
            }
            return ids.size();
        } catch (IOException e) {
            log.atWarn().addKeyValue("error", e.getMessage()).log("runtime.docker.orphans_unlisted");
            return 0;
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment(hostEnv, Optional.empty()));
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " " + argv.get(1) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted running " + argv.get(0) + " " + argv.get(1), e);
        }
    }
}
