package io.tandem.runner;

import io.tandem.runner.pool.PoolMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The container entrypoint: {@code tandem-runner --workspace <session dir> --group <group dir>}.
 * It only parses the command line and turns the outcome into the process exit code (see
 * {@link ExitCodes}); {@link Runner} does the work.
 *
 * <p>The host always starts it as {@code --workspace DIR --group DIR}; that exact form is parsed
 * by hand ({@link #fastArgs}) because picocli's set-up alone cost a third of a second of a cold
 * start (its classes target Java 5, which the class-data-sharing archive cannot hold). Anything
 * else ({@code --help}, a typo, a missing option) goes through picocli as before.
 *
 * <p>{@code tandem-runner --pool --group <group dir>} (exactly that) runs a shared runner JVM for
 * the group's sessions instead, driven by command lines on stdin ({@link PoolMain}).
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

    /** Set only by {@link #fastArgs} for {@code --pool --group DIR}. */
    boolean pool;

    @Override
    public Integer call() {
        if (pool) {
            return PoolMain.run(group.toAbsolutePath().normalize());
        }
        return new Runner(workspace.toAbsolutePath().normalize(), group.toAbsolutePath().normalize()).run();
    }

    public static void main(String[] args) {
        RunnerMain fast = fastArgs(args);
        int code = fast != null ? fast.call() : new CommandLine(new RunnerMain()).execute(args);
        ShutdownCoordinator.exit(code);
    }

    /**
     * The command line when it is exactly {@code --workspace A --group B} or {@code --pool --group B}
     * (either order, also {@code --opt=value}), else null so picocli parses it and reports what is
     * wrong.
     */
    static RunnerMain fastArgs(String[] args) {
        java.util.Map<String, String> opts = new java.util.HashMap<>();
        boolean pool = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--pool")) {
                if (pool) {
                    return null;
                }
                pool = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (!name.equals("--workspace") && !name.equals("--group")) {
                return null;
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.startsWith("-") || opts.put(name, value) != null) {
                return null;
            }
        }
        if (pool ? opts.size() != 1 || !opts.containsKey("--group") : opts.size() != 2) {
            return null;
        }
        RunnerMain m = new RunnerMain();
        m.pool = pool;
        try {
            m.workspace = pool ? null : Path.of(opts.get("--workspace"));
            m.group = Path.of(opts.get("--group"));
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        return m;
    }
}
