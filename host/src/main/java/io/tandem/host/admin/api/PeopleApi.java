package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.RoleGrant;
import io.tandem.host.central.Rows.User;
import io.tandem.schema.rows.Role;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * People: {@code /admin/v1/users}, {@code /roles} and {@code /members}. A user id is
 * {@code <channel_type>:<raw id>} ({@code http:ann}); owner is a global role, so an owner grant
 * with a group is refused; roles and memberships name existing users and groups.
 */
final class PeopleApi {
    private PeopleApi() {
    }

    static Map<String, Object> userView(Connection c, CentralStores stores, User u) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("kind", u.kind());
        m.put("display_name", u.displayName());
        m.put("created_at", u.createdAt());
        List<Map<String, Object>> roles = new ArrayList<>();
        for (RoleGrant g : stores.users().roles(c, u.id())) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("role", g.role().wire());
            r.put("group", g.agentGroupId());
            roles.add(r);
        }
        m.put("roles", roles);
        m.put("groups", stores.users().memberships(c, u.id()));
        return m;
    }

    /** {@code POST /users {"id","display_name"?}}, {@code GET /users}, {@code GET /users/{id}}. */
    static final class Users implements Resource {
        private final CentralStores stores;

        Users(CentralStores stores) {
            this.stores = stores;
        }

        @Override
        public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
            if (r.is("POST", 1)) {
                JsonNode body = Fields.object(r.body());
                Fields.only(body, "id", "display_name");
                String id = Fields.required(body, "id");
                int colon = id.indexOf(':');
                if (colon < 1 || colon == id.length() - 1 || id.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                    throw ApiException.badRequest("id '" + id + "' must be <channel_type>:<raw id>, e.g. http:ann");
                }
                if (stores.users().user(c, id).isPresent()) {
                    throw ApiException.conflict("id: user " + id + " already exists");
                }
                stores.users().upsertUser(c, id, id.substring(0, colon), Fields.text(body, "display_name"));
                return ApiResponse.created(userView(c, stores, stores.users().user(c, id).orElseThrow()));
            }
            if (r.is("GET", 1)) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (User u : stores.users().users(c)) {
                    out.add(userView(c, stores, u));
                }
                return ApiResponse.ok(out);
            }
            if (r.is("GET", 2)) {
                User u = stores.users().user(c, r.segment(1))
                        .orElseThrow(() -> ApiException.notFound("user: no user " + r.segment(1)));
                return ApiResponse.ok(userView(c, stores, u));
            }
            throw ApiException.noRoute(r);
        }
    }

    /** {@code POST|DELETE /roles {"user","role","group"?}}. */
    static final class Roles implements Resource {
        private final CentralStores stores;
        private final Refs refs;

        Roles(CentralStores stores, Refs refs) {
            this.stores = stores;
            this.refs = refs;
        }

        @Override
        public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
            if (!r.is("POST", 1) && !r.is("DELETE", 1)) {
                throw ApiException.noRoute(r);
            }
            JsonNode body = Fields.object(r.body());
            Fields.only(body, "user", "role", "group");
            String user = Fields.required(body, "user");
            Role role = Fields.wire(Role.class, "role", Fields.required(body, "role"));
            String group = Fields.text(body, "group");
            if (role == Role.OWNER && group != null) {
                throw ApiException.badRequest("group: owner is a global role and takes no group (grant admin "
                        + "of group " + group + " instead)");
            }
            refs.user(c, "user", user);
            if (group != null) {
                refs.group(c, "group", group);
            }
            String scope = group == null ? "globally" : "of group " + group;
            if (r.method().equals("POST")) {
                if (stores.users().hasRole(c, user, role, group)) {
                    throw ApiException.conflict("user " + user + " is already " + role.wire() + " " + scope);
                }
                stores.users().grantRole(c, user, role, group, null);
            } else if (!stores.users().revokeRole(c, user, role, group)) {
                throw ApiException.notFound("user " + user + " is not " + role.wire() + " " + scope);
            }
            return ApiResponse.ok(userView(c, stores, stores.users().user(c, user).orElseThrow()));
        }
    }

    /** {@code POST|DELETE /members {"user","group"}}. */
    static final class Members implements Resource {
        private final CentralStores stores;
        private final Refs refs;

        Members(CentralStores stores, Refs refs) {
            this.stores = stores;
            this.refs = refs;
        }

        @Override
        public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
            if (!r.is("POST", 1) && !r.is("DELETE", 1)) {
                throw ApiException.noRoute(r);
            }
            JsonNode body = Fields.object(r.body());
            Fields.only(body, "user", "group");
            String user = Fields.required(body, "user");
            String group = Fields.required(body, "group");
            refs.user(c, "user", user);
            refs.group(c, "group", group);
            if (r.method().equals("POST")) {
                if (stores.users().isMember(c, user, group)) {
                    throw ApiException.conflict("user " + user + " is already a member of group " + group);
                }
                stores.users().addMember(c, user, group, null);
            } else if (!stores.users().removeMember(c, user, group)) {
                throw ApiException.notFound("user " + user + " is not a member of group " + group);
            }
            return ApiResponse.ok(userView(c, stores, stores.users().user(c, user).orElseThrow()));
        }
    }
}
