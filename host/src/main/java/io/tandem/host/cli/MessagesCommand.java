package io.tandem.host.cli;

import io.tandem.host.admin.api.ApiResponse;
import io.tandem.schema.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem messages tail|failed|retry}: the conversation as it flows, what failed (with its
 * error), and another try.
 */
@Command(name = "messages", mixinStandardHelpOptions = true, description = "Messages: tail, failed, retry.")
public final class MessagesCommand {

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "The conversation of a session or chat, both directions, with seq, kind, status and "
                    + "delivery outcome; --follow keeps printing new rows until Ctrl-C.")
    int tail(@Mixin AdminOptions o,
             @Option(names = "--session", paramLabel = "S", description = "one session") String session,
             @Option(names = "--chat", paramLabel = "CHANNEL",
                     description = "a chat's active sessions (<channel_type>:<platform_id> or its mg- id)") String chat,
             @Option(names = {"-f", "--follow"}, description = "keep printing new rows until Ctrl-C") boolean follow,
             @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
                     description = "how many of the last rows to print first (default 20)") int lines)
            throws Exception {
        return new TailVerb(o, session, chat, System.out).run(follow, lines);
    }

    @Command(name = "failed", mixinStandardHelpOptions = true,
            description = "List failed inbound messages and failed deliveries, with their errors.")
    int failed(@Mixin AdminOptions o, @Option(names = "--session", paramLabel = "S") String session)
            throws Exception {
        return Verbs.list(o, Verbs.query("session", session), Verbs.cols("id", "session", "type", "kind", "tries",
                "at", "error", "summary"), "messages", "failed");
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry failed messages: an inbound one becomes pending with its tries reset; "
                    + "a failed delivery gets another round.")
    int retry(@Mixin AdminOptions o, @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids)
            throws Exception {
        int rc = 0;
        var answers = Json.MAPPER.createArrayNode();
        for (String id : ids) {
            ApiResponse r = Verbs.send(o, "POST", null, java.util.Map.of(), "messages", id, "retry");
            if (r.status() >= 400) {
                rc = Math.max(rc, Output.print(r, o));
            } else {
                answers.add((com.fasterxml.jackson.databind.JsonNode) r.body());
            }
        }
        if (!answers.isEmpty()) {
            Output.print(new ApiResponse(200, answers), o, "id", "session", "retried");
        }
        return rc;
    }
}
