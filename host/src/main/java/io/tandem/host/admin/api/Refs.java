package io.tandem.host.admin.api;

import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.MessagingGroup;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Resolves the names a request uses for existing rows. A chat is named by its {@code mg-…} id or
 * as {@code <channel_type>:<platform_id>} ({@code http:support}); an unknown one is a 404 naming
 * the field and the value, so the caller sees which of its references is wrong.
 */
final class Refs {
    private final CentralStores stores;

    Refs(CentralStores stores) {
        this.stores = stores;
    }

    MessagingGroup channel(Connection c, String field, String ref) throws SQLException {
        if (ref == null || ref.isBlank()) {
            throw ApiException.badRequest(field + " is required (a channel id or <channel_type>:<platform_id>)");
        }
        var byId = stores.channels().messagingGroupById(c, ref);
        if (byId.isPresent()) {
            return byId.get();
        }
        int colon = ref.indexOf(':');
        if (colon > 0 && colon < ref.length() - 1) {
            var byName = stores.channels().messagingGroup(c, ref.substring(0, colon), ref.substring(colon + 1));
            if (byName.isPresent()) {
                return byName.get();
            }
        }
        throw ApiException.notFound(field + ": no channel " + ref);
    }

    AgentGroup group(Connection c, String field, String id) throws SQLException {
        if (id == null || id.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return stores.groups().agentGroup(c, id).orElseThrow(() -> ApiException.notFound(field + ": no group " + id));
    }

    void user(Connection c, String field, String id) throws SQLException {
        if (id == null || id.isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (stores.users().user(c, id).isEmpty()) {
            throw ApiException.notFound(field + ": no user " + id);
        }
    }

    static String chatName(MessagingGroup mg) {
        return mg.channelType() + ":" + mg.platformId();
    }
}
