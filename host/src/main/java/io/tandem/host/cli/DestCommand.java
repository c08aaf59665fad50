package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem dest add|list|rm}: the names a group's agent may send to. */
@Command(name = "dest", mixinStandardHelpOptions = true, description = "Destinations of a group: add, list, rm.")
public final class DestCommand {
    static final String[] COLUMNS = {"name", "type", "target", "chat", "display_name"};

    /** Exactly one target. */
    static final class Target {
        @Option(names = "--channel", paramLabel = "CHANNEL", required = true) String channel;
        @Option(names = "--agent", paramLabel = "GROUP", required = true) String agent;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add destination NAME to GROUP.")
    int add(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "GROUP") String group,
            @Parameters(index = "1", paramLabel = "NAME") String name,
            @ArgGroup(exclusive = true, multiplicity = "1") Target target) throws Exception {
        ObjectNode body = Json.object().put("name", name);
        if (target.channel != null) {
            body.put("channel", target.channel);
        } else {
            body.put("agent", target.agent);
        }
        return Verbs.run(o, "POST", body, COLUMNS, "groups", group, "destinations");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a group's destinations.")
    int list(@Mixin AdminOptions o, @Parameters(paramLabel = "GROUP") String group) throws Exception {
        return Verbs.list(o, Map.of(), COLUMNS, "groups", group, "destinations");
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete destination NAME of GROUP.")
    int rm(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "GROUP") String group,
           @Parameters(index = "1", paramLabel = "NAME") String name) throws Exception {
        return Verbs.run(o, "DELETE", null, Verbs.cols("group", "deleted"), "groups", group, "destinations", name);
    }
}
