package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /admin/v1/wirings}: which group answers which chat and when. The router reads wirings per
 * message, so a new wiring routes the next message. Refused: an unknown chat or group (404), an
 * engage pattern that does not compile or is missing for {@code pattern} (400), a second wiring of
 * the same pair (409). A change re-projects the group's destinations into its active sessions.
 */
final class WiringsApi implements Resource {
    private final CentralStores stores;
    private final Refs refs;

    WiringsApi(CentralStores stores, Refs refs) {
        this.stores = stores;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        if (r.is("POST", 1)) {
            return ApiResponse.created(create(c, Fields.object(r.body()), changes));
        }
        if (r.is("GET", 1)) {
            String mg = r.query("channel") == null ? null : refs.channel(c, "channel", r.query("channel")).id();
            String ag = r.query("group") == null ? null : refs.group(c, "group", r.query("group")).id();
            List<Map<String, Object>> out = new ArrayList<>();
            for (Wiring w : stores.channels().findWirings(c, mg, ag)) {
                out.add(view(c, w));
            }
            return ApiResponse.ok(out);
        }
        if (r.path().size() == 2) {
            Wiring w = stores.channels().wiring(c, r.segment(1))
                    .orElseThrow(() -> ApiException.notFound("wiring: no wiring " + r.segment(1)));
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(view(c, w));
                case "DELETE" -> {
                    stores.channels().deleteWiring(c, w.id());
                    changes.reproject(w.agentGroupId());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("deleted", w.id());
                    yield ApiResponse.ok(m);
                }
                default -> throw ApiException.noRoute(r);
            };
        }
        throw ApiException.noRoute(r);
    }

    private Map<String, Object> create(Connection c, JsonNode body, Changes changes) throws SQLException {
        Fields.only(body, "channel", "group", "engage_mode", "engage_pattern", "sender_scope",
                "ignored_message_policy", "session_mode", "priority");
        EngageMode mode = Fields.wire(EngageMode.class, "engage_mode", Fields.required(body, "engage_mode"));
        String pattern = Fields.text(body, "engage_pattern");
        if (mode == EngageMode.PATTERN) {
            if (pattern == null || pattern.isEmpty()) {
                throw ApiException.badRequest("engage_pattern is required when engage_mode is pattern "
                        + "('.' engages on every message)");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw ApiException.badRequest("engage_pattern '" + pattern + "' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        } else if (pattern != null) {
            throw ApiException.badRequest("engage_pattern is only for engage_mode pattern");
        }
        SenderScope scope = Fields.wire(SenderScope.class, "sender_scope", Fields.text(body, "sender_scope"));
        IgnoredMessagePolicy ignored = Fields.wire(IgnoredMessagePolicy.class, "ignored_message_policy",
                Fields.text(body, "ignored_message_policy"));
        SessionMode sessionMode = Fields.wire(SessionMode.class, "session_mode", Fields.text(body, "session_mode"));
        Integer priority = Fields.integer(body, "priority");
        MessagingGroup mg = refs.channel(c, "channel", Fields.required(body, "channel"));
        AgentGroup ag = refs.group(c, "group", Fields.required(body, "group"));
        if (!stores.channels().findWirings(c, mg.id(), ag.id()).isEmpty()) {
            throw ApiException.conflict("channel " + Refs.chatName(mg) + " is already wired to group " + ag.id());
        }
        String id = stores.channels().addWiring(c, new Wiring(null, mg.id(), ag.id(), mode, pattern,
                scope == null ? SenderScope.ALL : scope, ignored == null ? IgnoredMessagePolicy.DROP : ignored,
                sessionMode == null ? SessionMode.SHARED : sessionMode, priority == null ? 0 : priority));
        changes.reproject(ag.id());
        return view(c, stores.channels().wiring(c, id).orElseThrow());
    }

    private Map<String, Object> view(Connection c, Wiring w) throws SQLException {
        String chat = stores.channels().messagingGroupById(c, w.messagingGroupId()).map(Refs::chatName).orElse(null);
        return Views.wiring(w, chat);
    }
}
