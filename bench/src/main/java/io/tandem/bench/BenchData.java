package io.tandem.bench;

import io.tandem.host.DataFolder;
import io.tandem.host.HostLock;
import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.central.EmbeddedDefaults;
import io.tandem.schema.db.Sql;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a data folder the way {@code tandem init} does (embedded echo group and its demo chat)
 * and adds bench chats wired to the echo group, one shared session each. Runs before the host
 * starts, under the host lock, so central keeps one writer at a time. {@link #seed} also creates
 * each chat's session offline, already idle ({@link IdleSessions}).
 */
public final class BenchData {
    private BenchData() {
    }

    /** A chat and the session it routes to. */
    record Chat(String chat, String messagingGroupId, String sessionId) {
    }

    /** A fresh temporary data folder with {@code chats} chats {@code <prefix>0..} wired to echo. */
    public static List<String> create(Path data, String prefix, int chats) throws IOException, SQLException {
        return wire(data, prefix, chats, false).stream().map(Chat::chat).toList();
    }

    /**
     * Like {@link #create}, and each chat's session exists already, idle: its central row, and its
     * folder with one completed message in inbound.db, the reply in out/outbound.db and that reply
     * recorded as delivered — what a host leaves behind after one round trip, written offline in
     * seconds instead of through N runner starts.
     */
    public static List<String> seed(Path data, String prefix, int chats) throws Exception {
        List<Chat> made = wire(data, prefix, chats, true);
        IdleSessions.write(data, EmbeddedDefaults.GROUP, made);
        return made.stream().map(Chat::chat).toList();
    }

    private static List<Chat> wire(Path data, String prefix, int chats, boolean sessions)
            throws IOException, SQLException {
        DataFolder folder = new DataFolder(data);
        folder.create();
        Clock clock = Clock.systemUTC();
        List<Chat> made;
        try (HostLock lock = HostLock.acquire(data);
             CentralDb central = CentralDb.open(data.resolve("central.db"), clock)) {
            folder.ensureAdminToken();
            CentralStores store = CentralStores.sqlite(clock);
            made = central.call(c -> Sql.tx(c, tx -> {
                EmbeddedDefaults.applyIfEmpty(tx, store);
                List<Chat> out = new ArrayList<>();
                for (int i = 0; i < chats; i++) {
                    String id = prefix + i;
                    String mg = store.channels().insertMessagingGroup(tx, "http", id, "Bench " + id, false,
                            UnknownSenderPolicy.PUBLIC);
                    store.channels().insertWiring(tx, mg, EmbeddedDefaults.GROUP, EngageMode.PATTERN, ".",
                            SessionMode.SHARED);
                    // the session the router finds for a shared wiring in a one-to-one chat: (group, chat, no thread)
                    String session = sessions
                            ? store.sessions().findOrCreateSession(tx, EmbeddedDefaults.GROUP, mg, null).id() : null;
                    out.add(new Chat(id, mg, session));
                }
                return out;
            }));
        }
        Files.createDirectories(data.resolve("groups").resolve(EmbeddedDefaults.GROUP));
        return made;
    }
}
