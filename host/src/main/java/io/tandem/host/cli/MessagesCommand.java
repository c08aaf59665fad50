package io.tandem.host.cli;

import io.tandem.host.admin.api.ApiResponse;
import io.tandem.schema.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem messages failed|retry}: what failed, with its error, and another try. */
@Command(name = "messages", mixinStandardHelpOptions = true, description = "Messages: failed, retry.")
public final class MessagesCommand {

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
