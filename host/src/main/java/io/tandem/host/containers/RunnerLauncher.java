package io.tandem.host.containers;

import io.tandem.host.central.Rows;
import io.tandem.host.session.SessionRef;
import io.tandem.schema.ids.SafePaths;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prepares a session folder for its runner and starts it, on the session's lane: the destinations
 * projection (written only when changed), {@code container.json}, the group folder, then the
 * process through the supervisor under the group's runtime (with the group's {@code api_key_env}
 * variable, if any, and its network setting).
 */
public final class RunnerLauncher {
    private final Path dataDir;
    private final ContainerSpecFactory specs;
    private final DestinationProjection projection;
    private final Runtimes runtimes;
    private final RunnerSupervisor supervisor;

    public RunnerLauncher(Path dataDir, ContainerSpecFactory specs, DestinationProjection projection,
                          Runtimes runtimes, RunnerSupervisor supervisor) {
        this.dataDir = dataDir;
        this.specs = specs;
        this.projection = projection;
        this.runtimes = runtimes;
        this.supervisor = supervisor;
    }

    /** What the central store says about the session's group, read before the lane work. */
    public record Inputs(Rows.AgentGroup group, Rows.ContainerConfig config, List<Rows.Destination> destinations) {
    }

    public RunnerSupervisor.Started launch(SessionRef s, Inputs in) throws Exception {
        projection.project(s.paths(), in.destinations());
        ContainerSpec spec = specs.build(s.sessionId(), s.agentGroupId(), in.config());
        spec.writeAtomically(s.paths().containerJson());
        Path groupDir = SafePaths.resolve(dataDir, "groups", in.group().folder());
        Files.createDirectories(groupDir);
        Path logFile = dataDir.resolve("logs").resolve("runner-" + s.sessionId() + ".log");
        ContainerRuntime runtime = runtimes.forGroup(in.group().id(), in.config());
        return supervisor.start(s, runtime, new RunnerSpawn(s.sessionId(), s.paths().root(), groupDir, logFile,
                ApiKeyEnv.toPass(spec.agent()), in.config() != null && in.config().network()));
    }
}
