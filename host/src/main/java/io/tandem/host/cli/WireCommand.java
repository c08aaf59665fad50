package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem wire add|list|rm}: which group answers which chat, and when. */
@Command(name = "wire", mixinStandardHelpOptions = true, description = "Wirings of chats to groups: add, list, rm.")
public final class WireCommand {
    static final String[] COLUMNS = {"id", "chat", "group", "engage_mode", "engage_pattern", "sender_scope",
        "ignored_message_policy", "session_mode", "priority"};

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Wire CHANNEL to GROUP.")
    int add(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "CHANNEL") String channel,
            @Parameters(index = "1", paramLabel = "GROUP") String group,
            @Option(names = "--engage", paramLabel = "pattern|mention|mention-sticky",
                    description = "when the agent engages (default: pattern with --pattern, else mention)")
            String engage,
            @Option(names = "--pattern", paramLabel = "RE", description = "regex on the text ('.' = every message)")
            String pattern,
            @Option(names = "--sender-scope", paramLabel = "all|known") String senderScope,
            @Option(names = "--ignored", paramLabel = "drop|accumulate") String ignored,
            @Option(names = "--session-mode", paramLabel = "shared|per-thread|agent-shared") String sessionMode,
            @Option(names = "--priority", paramLabel = "N") Integer priority) throws Exception {
        ObjectNode body = Json.object().put("channel", channel).put("group", group)
                .put("engage_mode", engage != null ? engage : pattern != null ? "pattern" : "mention");
        put(body, "engage_pattern", pattern);
        put(body, "sender_scope", senderScope);
        put(body, "ignored_message_policy", ignored);
        put(body, "session_mode", sessionMode);
        if (priority != null) {
            body.put("priority", priority);
        }
        return Verbs.run(o, "POST", body, COLUMNS, "wirings");
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List wirings.")
    int list(@Mixin AdminOptions o, @Option(names = "--channel", paramLabel = "C") String channel,
             @Option(names = "--group", paramLabel = "G") String group) throws Exception {
        return Verbs.list(o, Verbs.query("channel", channel, "group", group), COLUMNS, "wirings");
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a wiring.")
    int rm(@Mixin AdminOptions o, @Parameters(paramLabel = "WIRING_ID") String id) throws Exception {
        return Verbs.run(o, "DELETE", null, Verbs.cols("deleted"), "wirings", id);
    }
}
