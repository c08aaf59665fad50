package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem group add|list|show|rm}: agent groups and the agent they run. */
@Command(name = "group", mixinStandardHelpOptions = true, description = "Agent groups: add, list, show, rm.")
public final class GroupCommand {
    static final String[] COLUMNS = {"id", "name", "folder", "agent", "runtime", "timezone"};

    @Spec
    CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an agent group.")
    int add(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id,
            @Option(names = "--name", paramLabel = "N") String name,
            @Option(names = "--folder", paramLabel = "F") String folder,
            @Option(names = "--agent", paramLabel = "echo|exec|openai", description = "agent kind (default echo)")
            String agent,
            @Option(names = "--command", paramLabel = "'ARGV…'",
                    description = "exec agent command, split like a shell (quotes respected)") String command,
            @Option(names = "--env", paramLabel = "K=V", description = "agent environment (repeatable)")
            Map<String, String> env,
            @Option(names = "--timezone", paramLabel = "Z") String timezone,
            @Option(names = "--runtime", paramLabel = "process|bwrap|docker|default",
                    description = "how its runners are confined (default: containers.runtime)") String runtime,
            @Option(names = "--network", description = "bwrap/docker runners of this group may use the network")
            boolean network,
            @Option(names = "--cwd", paramLabel = "DIR", description = "agent cwd, relative to the group folder")
            String cwd,
            @Mixin OpenAiOptions openai) throws Exception {
        ObjectNode body = Json.object().put("id", id);
        if (name != null) {
            body.put("name", name);
        }
        if (folder != null) {
            body.put("folder", folder);
        }
        if (agent != null || command != null || env != null || cwd != null || openai.any()) {
            String kind = agent != null ? agent : command != null ? "exec" : openai.any() ? "openai" : "echo";
            ObjectNode a = body.putObject("agent").put("kind", kind);
            openai.into(a);
            if (command != null) {
                var argv = a.putArray("command");
                try {
                    ShellWords.split(command).forEach(argv::add);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            if (env != null) {
                ObjectNode e = a.putObject("env");
                new LinkedHashMap<>(env).forEach(e::put);
            }
            if (cwd != null) {
                a.put("cwd", cwd);
            }
        }
        if (timezone != null) {
            body.put("timezone", timezone);
        }
        if (runtime != null) {
            body.put("runtime", runtime);
        }
        if (network) {
            body.put("network", true);
        }
        return Verbs.run(o, "POST", body, COLUMNS, "groups");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List agent groups.")
    int list(@Mixin AdminOptions o) throws Exception {
        return Verbs.list(o, Map.of(), COLUMNS, "groups");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one agent group.")
    int show(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id) throws Exception {
        return Verbs.run(o, "GET", null, Verbs.cols("id", "name", "folder", "agent", "runtime", "network", "timezone",
                "max_messages_per_batch"), "groups", id);
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Delete an agent group (refused while it has active sessions unless --force).")
    int rm(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id,
           @Option(names = "--force", description = "close its active sessions first") boolean force)
            throws Exception {
        return Output.print(Verbs.send(o, "DELETE", null, force ? Map.of("force", "true") : Map.of(), "groups", id),
                o, "deleted", "closed_sessions");
    }
}
