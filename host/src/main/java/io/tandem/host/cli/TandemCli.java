package io.tandem.host.cli;

import io.tandem.schema.TandemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command. Verbs are subcommands; failures with a documented code print one
 * line to stderr and exit with that code (2 bad configuration, 3 another host holds the lock,
 * 4 unknown central migration, 6 an address cannot be bound).
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, version = "tandem 0.1.0",
        description = "Message broker between chat channels and agent containers.",
        subcommands = {UpCommand.class, InitCommand.class})
public final class TandemCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new TandemCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof TandemException te) {
                cmd.getErr().println("tandem: " + te.getMessage());
                return te.exitCode();
            }
            cmd.getErr().println("tandem: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
