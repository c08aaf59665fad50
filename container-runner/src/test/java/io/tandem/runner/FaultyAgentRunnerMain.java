package io.tandem.runner;

import io.tandem.runner.agent.AgentKinds;
import io.tandem.runner.agent.FaultyAgent;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The runner's entrypoint with two extra built-in kinds, {@code faulty} ({@link FaultyAgent}) and
 * {@code silent} (reads, never answers), so a test can watch a real runner process deal with an
 * in-process agent that throws or hangs. Arguments as
 * {@link RunnerMain}: {@code --workspace DIR --group DIR}.
 */
public final class FaultyAgentRunnerMain {
    private FaultyAgentRunnerMain() {
    }

    public static void main(String[] args) {
        Path workspace = Path.of(args[1]).toAbsolutePath().normalize();
        Path group = Path.of(args[3]).toAbsolutePath().normalize();
        AgentKinds kinds = AgentKinds.standard().with("faulty", AgentKinds.builtIn("faulty", FaultyAgent::serve))
                .with("silent", AgentKinds.builtIn("silent",
                        (in, out, setup) -> in.transferTo(OutputStream.nullOutputStream())));
        ShutdownCoordinator.exit(new Runner(workspace, group, kinds).run());
    }
}
