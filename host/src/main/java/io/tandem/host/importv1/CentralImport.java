package io.tandem.host.importv1;

import io.tandem.host.central.CentralStores;
import io.tandem.host.central.Rows.AgentGroup;
import io.tandem.host.central.Rows.ContainerConfig;
import io.tandem.host.central.Rows.MessagingGroup;
import io.tandem.host.central.Rows.SessionRow;
import io.tandem.host.central.Rows.Wiring;
import io.tandem.host.importv1.ImportReport.Kind;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.session.ContainerSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The central half of an import: chats, agent groups with their container config, wirings and
 * sessions, each looked up by its natural key first (chat: channel type + platform id; group: the
 * v1 folder as id; wiring: the pair; session: the active session of the pair) and inserted only
 * when missing. With {@code write} false (a dry run) it only reads, and a missing central
 * ({@code c} null) reads as empty. The caller runs a writing pass inside one transaction.
 */
final class CentralImport {
    private final CentralStores stores;
    private final ZoneId hostZone;

    CentralImport(CentralStores stores, ZoneId hostZone) {
        this.stores = stores;
        this.hostZone = hostZone;
    }

    /** Imports the central rows and returns the sessions to fill. */
    List<SessionTarget> run(Connection c, boolean write, V1Rows.Snapshot v1, ImportReport report) throws SQLException {
        Map<String, V1Rows.Group> registered = new LinkedHashMap<>();
        v1.groups().forEach(g -> registered.put(g.jid(), g));
        Map<String, V1Mapping.ChatKey> keys = new LinkedHashMap<>();
        Map<String, String> chatIds = new LinkedHashMap<>();
        chats(c, write, v1, registered, keys, chatIds, report);

        List<SessionTarget> targets = new ArrayList<>();
        for (V1Rows.Group g : v1.groups()) {
            V1Mapping.Mapped<String> id = V1Mapping.groupId(g.folder());
            if (!id.ok()) {
                report.skipped(Kind.GROUPS, g.folder(), id.skipReason(), 1);
                continue;
            }
            Optional<String> group = group(c, write, g, id.value(), report);
            if (group.isEmpty()) {
                continue;
            }
            V1Mapping.ChatKey key = keys.get(g.jid());
            if (key == null) {
                report.skipped(Kind.WIRINGS, g.folder() + " ← " + g.jid(), "its chat was skipped", 1);
                report.skipped(Kind.SESSIONS, g.folder(), "its chat was skipped", 1);
                continue;
            }
            String chatId = chatIds.get(g.jid());
            wiring(c, write, g, id.value(), chatId, report);
            String sessionId = session(c, write, id.value(), chatId, key, report);
            String tz = c == null ? null : stores.groups().containerConfig(c, id.value())
                    .map(ContainerConfig::timezone).orElse(null);
            targets.add(new SessionTarget(id.value(), g.folder(), g.jid(), key, sessionId,
                    tz == null ? hostZone : ZoneId.of(tz)));
        }
        Set<String> folders = v1.groups().stream().map(V1Rows.Group::folder).collect(Collectors.toSet());
        v1.sessions().stream().filter(s -> !folders.contains(s.groupFolder())).forEach(s -> report.skipped(
                Kind.SESSIONS, s.groupFolder(), "group folder is not registered in v1", 1));
        return targets;
    }

    private void chats(Connection c, boolean write, V1Rows.Snapshot v1, Map<String, V1Rows.Group> registered,
                       Map<String, V1Mapping.ChatKey> keys, Map<String, String> chatIds, ImportReport report)
            throws SQLException {
        Map<String, V1Rows.Chat> all = new LinkedHashMap<>();
        v1.chats().forEach(ch -> all.put(ch.jid(), ch));
        registered.values().forEach(g -> all.putIfAbsent(g.jid(), new V1Rows.Chat(g.jid(), g.name(), null, null)));
        for (V1Rows.Chat ch : all.values()) {
            V1Mapping.Mapped<V1Mapping.ChatKey> key = V1Mapping.chatKey(ch.jid(), ch.channel(), ch.isGroup());
            if (!key.ok()) {
                report.skipped(Kind.CHATS, ch.jid(), key.skipReason(), 1);
                continue;
            }
            V1Mapping.ChatKey k = key.value();
            keys.put(ch.jid(), k);
            Optional<MessagingGroup> found = c == null ? Optional.empty()
                    : stores.channels().messagingGroup(c, k.channelType(), k.platformId());
            if (found.isPresent()) {
                report.present(Kind.CHATS);
                chatIds.put(ch.jid(), found.get().id());
                continue;
            }
            String name = ch.name() != null ? ch.name() : registered.containsKey(ch.jid())
                    ? registered.get(ch.jid()).name() : null;
            // v1 answered anyone in a registered chat; a chat v1 never answered in stays strict
            UnknownSenderPolicy policy = registered.containsKey(ch.jid()) ? UnknownSenderPolicy.PUBLIC
                    : UnknownSenderPolicy.STRICT;
            chatIds.put(ch.jid(), write ? stores.channels().insertMessagingGroup(c, k.channelType(), k.platformId(),
                    name, k.isGroup(), policy) : null);
            report.imported(Kind.CHATS, k.channelType() + ":" + k.platformId());
        }
    }

    /** The group's id when it exists or was created (a dry run: would be); empty when skipped. */
    private Optional<String> group(Connection c, boolean write, V1Rows.Group g, String id, ImportReport report)
            throws SQLException {
        if (c != null && stores.groups().agentGroup(c, id).isPresent()) {
            report.present(Kind.GROUPS);
            return Optional.of(id);
        }
        Optional<AgentGroup> other = c == null ? Optional.empty() : stores.groups().agentGroupByFolder(c, g.folder());
        if (other.isPresent()) {
            report.skipped(Kind.GROUPS, g.folder(), "folder is already used by group " + other.get().id(), 1);
            return Optional.empty();
        }
        if (write) {
            stores.groups().insertAgentGroup(c, id, g.name() == null ? id : g.name(), g.folder());
            stores.groups().upsertContainerConfig(c, id, Json.write(ContainerSpec.Agent.echo()));
        }
        report.imported(Kind.GROUPS, id);
        return Optional.of(id);
    }

    private void wiring(Connection c, boolean write, V1Rows.Group g, String groupId, String chatId,
                        ImportReport report) throws SQLException {
        if (c != null && chatId != null && !stores.channels().findWirings(c, chatId, groupId).isEmpty()) {
            report.present(Kind.WIRINGS);
            return;
        }
        String pattern = V1Mapping.engagePattern(g);
        if (write) {
            // v1 handed the messages between two triggers to the agent with the next one: accumulate
            stores.channels().addWiring(c, new Wiring(null, chatId, groupId, EngageMode.PATTERN, pattern,
                    SenderScope.ALL, ".".equals(pattern) ? IgnoredMessagePolicy.DROP : IgnoredMessagePolicy.ACCUMULATE,
                    SessionMode.SHARED, 0));
        }
        report.imported(Kind.WIRINGS, g.jid() + " → " + groupId + " /" + pattern + "/");
    }

    private String session(Connection c, boolean write, String groupId, String chatId, V1Mapping.ChatKey key,
                           ImportReport report) throws SQLException {
        Optional<SessionRow> found = c == null || chatId == null ? Optional.empty()
                : stores.sessions().activeSession(c, groupId, chatId, null);
        if (found.isPresent()) {
            report.present(Kind.SESSIONS);
            return found.get().id();
        }
        String id = write ? stores.sessions().findOrCreateSession(c, groupId, chatId, null).id() : null;
        report.imported(Kind.SESSIONS, groupId + " @ " + key.channelType() + ":" + key.platformId());
        return id;
    }
}
