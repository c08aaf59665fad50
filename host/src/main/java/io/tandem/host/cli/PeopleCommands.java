package io.tandem.host.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem user|role|member}: people, their roles and group memberships. */
public final class PeopleCommands {
    static final String[] COLUMNS = {"id", "display_name", "roles", "groups"};

    private PeopleCommands() {
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Users: add, list.")
    public static final class User {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add user ID (<channel_type>:<raw id>).")
        int add(@Mixin AdminOptions o, @Parameters(paramLabel = "ID") String id,
                @Option(names = "--name", paramLabel = "N") String name) throws Exception {
            ObjectNode body = Json.object().put("id", id);
            if (name != null) {
                body.put("display_name", name);
            }
            return Verbs.run(o, "POST", body, COLUMNS, "users");
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
        int list(@Mixin AdminOptions o) throws Exception {
            return Verbs.list(o, Map.of(), COLUMNS, "users");
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Roles: grant, revoke.")
    public static final class RoleVerb {
        @Command(name = "grant", mixinStandardHelpOptions = true, description = "Grant owner or admin (of --group).")
        int grant(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "USER") String user,
                  @Parameters(index = "1", paramLabel = "owner|admin") String role,
                  @Option(names = "--group", paramLabel = "G") String group) throws Exception {
            return Verbs.run(o, "POST", body(user, role, group), COLUMNS, "roles");
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke owner or admin (of --group).")
        int revoke(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "USER") String user,
                   @Parameters(index = "1", paramLabel = "owner|admin") String role,
                   @Option(names = "--group", paramLabel = "G") String group) throws Exception {
            return Verbs.run(o, "DELETE", body(user, role, group), COLUMNS, "roles");
        }

        private static ObjectNode body(String user, String role, String group) {
            ObjectNode b = Json.object().put("user", user).put("role", role);
            if (group != null) {
                b.put("group", group);
            }
            return b;
        }
    }

    @Command(name = "member", mixinStandardHelpOptions = true, description = "Group members: add, rm.")
    public static final class Member {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Make USER a member of GROUP.")
        int add(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "USER") String user,
                @Parameters(index = "1", paramLabel = "GROUP") String group) throws Exception {
            return Verbs.run(o, "POST", Json.object().put("user", user).put("group", group), COLUMNS, "members");
        }

        @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove USER from GROUP.")
        int rm(@Mixin AdminOptions o, @Parameters(index = "0", paramLabel = "USER") String user,
               @Parameters(index = "1", paramLabel = "GROUP") String group) throws Exception {
            return Verbs.run(o, "DELETE", Json.object().put("user", user).put("group", group), COLUMNS, "members");
        }
    }
}
