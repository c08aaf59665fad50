package io.tandem.host.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.schema.rows.DestinationType;
import io.tandem.schema.rows.SessionStatus;
import io.tandem.schema.rows.UnknownSenderPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/v1/channels}: registered platform chats ({@code messaging_groups}), one per
 * (channel type, platform id). A chat is named by id or {@code type:platform_id}. Deleting one with
 * active sessions is refused (close them first); its wirings go with it and destinations that
 * pointed at it are removed and re-projected.
 */
final class ChannelsApi implements Resource {
    private final CentralStores stores;
    private final Refs refs;

    ChannelsApi(CentralStores stores, Refs refs) {
        this.stores = stores;
        this.refs = refs;
    }

    @Override
    public ApiResponse handle(Connection c, ApiRequest r, Changes changes) throws SQLException {
        if (r.is("POST", 1)) {
            return ApiResponse.created(create(c, Fields.object(r.body())));
        }
        if (r.is("GET", 1)) {
            return ApiResponse.ok(stores.channels().messagingGroups(c).stream().map(Views::channel).toList());
        }
        if (r.path().size() == 2) {
            MessagingGroup mg = refs.channel(c, "channel", r.segment(1));
            return switch (r.method()) {
                case "GET" -> ApiResponse.ok(Views.channel(mg));
                case "PATCH" -> ApiResponse.ok(patch(c, mg, Fields.object(r.body()), changes));
                case "DELETE" -> ApiResponse.ok(delete(c, mg, changes));
                default -> throw ApiException.noRoute(r);
            };
        }
        throw ApiException.noRoute(r);
    }

    private Map<String, Object> create(Connection c, JsonNode body) throws SQLException {
        Fields.only(body, "channel_type", "platform_id", "name", "is_group", "unknown_sender_policy");
        String type = Fields.required(body, "channel_type");
        if (!type.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw ApiException.badRequest("channel_type '" + type + "' must be lower-case letters, digits, _ or -");
        }
        String platformId = Fields.required(body, "platform_id");
        UnknownSenderPolicy policy = Fields.wire(UnknownSenderPolicy.class, "unknown_sender_policy",
                Fields.text(body, "unknown_sender_policy"));
        Boolean isGroup = Fields.bool(body, "is_group");
        var existing = stores.channels().messagingGroup(c, type, platformId);
        if (existing.isPresent()) {
            throw ApiException.conflict("channel " + type + ":" + platformId + " already exists as "
                    + existing.get().id());
        }
        String id = stores.channels().insertMessagingGroup(c, type, platformId, Fields.text(body, "name"),
                isGroup != null && isGroup, policy == null ? UnknownSenderPolicy.STRICT : policy);
        return Views.channel(stores.channels().messagingGroupById(c, id).orElseThrow());
    }

    private Map<String, Object> patch(Connection c, MessagingGroup mg, JsonNode body, Changes changes)
            throws SQLException {
        Fields.only(body, "name", "is_group", "unknown_sender_policy");
        String name = body.has("name") ? Fields.text(body, "name") : mg.name();
        Boolean isGroup = body.has("is_group") ? Fields.bool(body, "is_group") : Boolean.valueOf(mg.isGroup());
        UnknownSenderPolicy policy = body.has("unknown_sender_policy") ? Fields.wire(UnknownSenderPolicy.class,
                "unknown_sender_policy", Fields.required(body, "unknown_sender_policy")) : mg.unknownSenderPolicy();
        stores.channels().updateMessagingGroup(c, mg.id(), name, isGroup != null && isGroup, policy);
        if (body.has("name")) {
            stores.groups().groupsWithDestinationTo(c, DestinationType.CHANNEL, mg.id()).forEach(changes::reproject);
        }
        return Views.channel(stores.channels().messagingGroupById(c, mg.id()).orElseThrow());
    }

    private Map<String, Object> delete(Connection c, MessagingGroup mg, Changes changes) throws SQLException {
        long active = stores.sessions().listSessions(c, null, SessionStatus.ACTIVE).stream()
                .filter(s -> mg.id().equals(s.messagingGroupId())).count();
        if (active > 0) {
            throw ApiException.conflict("channel " + Refs.chatName(mg) + " has " + active
                    + " active session(s); close them first (tandem sessions close ID)");
        }
        stores.groups().groupsWithDestinationTo(c, DestinationType.CHANNEL, mg.id()).forEach(changes::reproject);
        stores.groups().deleteDestinationsTo(c, DestinationType.CHANNEL, mg.id());
        stores.channels().deleteMessagingGroup(c, mg.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deleted", mg.id());
        m.put("chat", Refs.chatName(mg));
        return m;
    }
}
