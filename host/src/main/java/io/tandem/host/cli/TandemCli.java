package io.tandem.host.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command. Verbs are subcommands; every failure prints one line to stderr and
 * exits with its documented code (1 the data folder cannot be used or another start failure,
 * 2 bad configuration, 3 another host holds the lock, 4 unknown central migration, 6 an address
 * cannot be bound); see {@link StartFailures}. Admin verbs ({@code group}, {@code channel}, {@code wire},
 * {@code dest}, {@code user}, {@code role}, {@code member}, {@code sessions}, {@code drops}) exit 0 ok,
 * 1 refused (the message says why), 2 usage. {@code doctor} exits 0 when no error remains, 1 when one does.
 * {@code import-v1} exits 0 done, 2 not a v1 file, 3 a host holds the data folder.
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, version = "tandem " + io.tandem.host.TandemVersion.VERSION,
        description = "Message broker between chat channels and agent containers.",
        subcommands = {UpCommand.class, InitCommand.class, GroupCommand.class, ChannelCommand.class,
            WireCommand.class, DestCommand.class, PeopleCommands.User.class, PeopleCommands.RoleVerb.class,
            PeopleCommands.Member.class, SessionsCommand.class, SessionsCommand.Drops.class, TasksCommand.class,
            MessagesCommand.class, ChatCommand.class, StatusCommand.class, BackupCommands.BackupVerb.class,
            BackupCommands.RestoreVerb.class, BackupCommands.ExportVerb.class, ConfigCommand.class,
            DoctorCommand.class, ImportV1Command.class})
public final class TandemCli implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TandemCli.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new TandemCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            log.atDebug().setCause(ex).log("cli.failed");
            cmd.getErr().println("tandem: " + StartFailures.line(ex));
            cmd.getErr().flush();
            return StartFailures.exitCode(ex);
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
