package io.tandem.host.cli;

import io.tandem.host.cli.chat.ChatApi;
import io.tandem.host.cli.chat.ChatSession;
import io.tandem.host.cli.chat.EventStream;
import io.tandem.host.cli.chat.HostAddress;
import io.tandem.host.cli.chat.JLineScreen;
import io.tandem.host.cli.chat.ReconnectDelay;
import io.tandem.host.config.TandemConfig;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.session.ExclusiveFileLock;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem chat CHAT}: an interactive chat over the http channel of the host running on the
 * data folder (found like every verb finds it: {@code host.json} while {@code host.lock} is held;
 * the bearer token from the same configuration the host reads). Lines typed are posted as the
 * user; the agents' messages, edits, reactions, cards and questions are printed as they arrive
 * over the chat's event stream, above the line being typed. Exit 0 on {@code /quit} or Ctrl-D,
 * 1 when no host runs or the stream cannot be opened, 2 on a bad chat id.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat in an http chat of the running host from this terminal.")
public final class ChatCommand implements Callable<Integer> {
    private static final Duration FIRST_CONNECT = Duration.ofSeconds(30);
    private static final Duration SILENCE = Duration.ofSeconds(45);

    @Mixin
    HostOptions options;

    @Parameters(index = "0", paramLabel = "CHAT", description = "the http chat id (e.g. demo)")
    String chat;

    @Option(names = "--as", paramLabel = "USER", description = "your user id in the chat (default: your OS user name)")
    String user;

    @Option(names = "--name", paramLabel = "NAME", description = "your display name (default: USER)")
    String name;

    @Override
    public Integer call() throws Exception {
        if (!Ids.isSafe(chat)) {
            return usage("CHAT must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}, got '" + chat + "'");
        }
        String userId = user != null ? user : System.getProperty("user.name", "");
        if (userId.isBlank() || userId.length() > 256) {
            return usage("--as must be 1 to 256 characters" + (user == null ? " (the OS user name is not usable)" : ""));
        }
        if (name != null && (name.isBlank() || name.length() > 256)) {
            return usage("--name must be 1 to 256 characters");
        }
        AdminClient.quietLogs();
        TandemConfig config = options.load(Map.of());
        Path data = config.dataDir();
        if (!Files.isRegularFile(data.resolve("host.json")) || ExclusiveFileLock.isFree(data.resolve("host.lock"))) {
            return fail("no host is running on " + data + " (start one with: tandem up --data " + data + ")");
        }
        HostAddress host = new HostAddress(data);
        ChatApi api = new ChatApi(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), host,
                config.http().token(), chat);
        try (Terminal terminal = TerminalBuilder.builder().system(true).providers("jni,exec").dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tandem-chat")
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).build();
            JLineScreen screen = new JLineScreen(reader, userId + "> ");
            ChatSession session = new ChatSession(api, screen, userId, name != null ? name : userId,
                    ReconnectDelay.DEFAULT, api.baseUrl());
            screen.print(session.banner());
            try (EventStream stream = new EventStream(api, session, ReconnectDelay.DEFAULT, Clock.systemUTC(), SILENCE)) {
                Optional<String> refused = stream.start(null, FIRST_CONNECT);
                if (refused.isPresent()) {
                    return fail("cannot open the event stream of chat " + chat + ": " + refused.get());
                }
                session.run();
            }
        }
        return 0;
    }

    private static int usage(String message) {
        System.err.println("tandem chat: " + message);
        System.err.flush();
        return 2;
    }

    private static int fail(String message) {
        System.err.println("tandem chat: " + message);
        System.err.flush();
        return 1;
    }
}
