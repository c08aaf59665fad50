package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tandem channel add|list|rm}: the platform chats Tandem knows. */
@Command(name = "channel", mixinStandardHelpOptions = true, description = "Chats: add, list, rm.")
public final class ChannelCommand {
    static final String[] COLUMNS = {"id", "chat", "name", "is_group", "unknown_sender_policy"};

    @Spec
    CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a chat TYPE:PLATFORM_ID.")
    int add(@Mixin AdminOptions o, @Parameters(paramLabel = "TYPE:PLATFORM_ID") String chat,
            @Option(names = "--name", paramLabel = "N") String name,
            @Option(names = "--group-chat", description = "a group chat (threads become sessions)") boolean groupChat,
            @Option(names = "--policy", paramLabel = "strict|request_approval|public",
                    description = "unknown senders (default strict)") String policy) throws Exception {
        int colon = chat.indexOf(':');
        if (colon < 1 || colon == chat.length() - 1) {
            throw new ParameterException(spec.commandLine(), "chat must be TYPE:PLATFORM_ID, e.g. http:support");
        }
        ObjectNode body = Json.object().put("channel_type", chat.substring(0, colon))
                .put("platform_id", chat.substring(colon + 1)).put("is_group", groupChat);
        if (name != null) {
            body.put("name", name);
        }
        if (policy != null) {
            body.put("unknown_sender_policy", policy);
        }
        return Verbs.run(o, "POST", body, COLUMNS, "channels");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List chats.")
    int list(@Mixin AdminOptions o) throws Exception {
        return Verbs.list(o, Map.of(), COLUMNS, "channels");
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a chat (id or TYPE:PLATFORM_ID).")
    int rm(@Mixin AdminOptions o, @Parameters(paramLabel = "CHANNEL") String channel) throws Exception {
        return Verbs.run(o, "DELETE", null, Verbs.cols("deleted", "chat"), "channels", channel);
    }
}
