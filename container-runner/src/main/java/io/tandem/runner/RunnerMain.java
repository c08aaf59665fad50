package io.tandem.runner;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The container entrypoint: {@code tandem-runner --workspace <session dir> --group <group dir>}.
 * It only parses the command line and turns the outcome into the process exit code (see
 * {@link ExitCodes}); {@link Runner} does the work.
 */
@Command(name = "tandem-runner", mixinStandardHelpOptions = true,
        description = "Runs one Tandem session: reads inbound.db, drives the agent, writes out/.")
public final class RunnerMain implements Callable<Integer> {

    @Option(names = "--workspace", required = true, paramLabel = "DIR",
            description = "The session folder (holds container.json, inbound.db and out/).")
    Path workspace;

    @Option(names = "--group", required = true, paramLabel = "DIR",
            description = "The agent group folder (the agent's working directory).")
    Path group;

    @Override
    public Integer call() {
        return new Runner(workspace.toAbsolutePath().normalize(), group.toAbsolutePath().normalize()).run();
    }

    public static void main(String[] args) {
        int code = new CommandLine(new RunnerMain()).execute(args);
        ShutdownCoordinator.exit(code);
    }
}
