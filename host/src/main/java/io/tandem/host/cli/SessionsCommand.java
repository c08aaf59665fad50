package io.tandem.host.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem sessions list|show|close} and {@code tandem drops list}. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Sessions: list, show, close.")
public final class SessionsCommand {
    static final String[] COLUMNS = {"id", "group", "chat", "thread", "status", "container_status", "last_active",
        "pending", "failed"};

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List active sessions (--all: closed too).")
    int list(@Mixin AdminOptions o, @Option(names = "--group", paramLabel = "G") String group,
             @Option(names = "--all", description = "include closed sessions") boolean all) throws Exception {
        return Verbs.list(o, Verbs.query("group", group, "status", all ? null : "active"), COLUMNS, "sessions");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one session.")
    int show(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) throws Exception {
        return Verbs.run(o, "GET", null, COLUMNS, "sessions", id);
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close a session and stop its runner; the next message opens a new one.")
    int close(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) throws Exception {
        return Verbs.run(o, "POST", null, COLUMNS, "sessions", id, "close");
    }

    /** {@code tandem drops list}: who the router refused, newest first. */
    @Command(name = "drops", mixinStandardHelpOptions = true, description = "The drop audit: list.")
    public static final class Drops {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "List dropped senders, newest first.")
        int list(@Mixin AdminOptions o) throws Exception {
            return Verbs.list(o, Map.of(), Verbs.cols("last_seen", "reason", "channel_type", "platform_id", "user",
                    "message_count"), "drops");
        }
    }
}
