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
 * starts, under the host lock, so central keeps one writer at a time.
 */
public final class BenchData {
    private BenchData() {
    }

    /** A fresh temporary data folder with {@code chats} chats {@code <prefix>0..} wired to echo. */
    public static List<String> create(Path data, String prefix, int chats) throws IOException, SQLException {
        DataFolder folder = new DataFolder(data);
        folder.create();
        Clock clock = Clock.systemUTC();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            ids.add(prefix + i);
        }
        try (HostLock lock = HostLock.acquire(data);
             CentralDb central = CentralDb.open(data.resolve("central.db"), clock)) {
            folder.ensureAdminToken();
            CentralStores store = CentralStores.sqlite(clock);
            central.call(c -> Sql.tx(c, tx -> {
                EmbeddedDefaults.applyIfEmpty(tx, store);
                for (String id : ids) {
                    String mg = store.channels().insertMessagingGroup(tx, "http", id, "Bench " + id, false,
                            UnknownSenderPolicy.PUBLIC);
                    store.channels().insertWiring(tx, mg, EmbeddedDefaults.GROUP, EngageMode.PATTERN, ".",
                            SessionMode.SHARED);
                }
                return null;
            }));
        }
        Files.createDirectories(data.resolve("groups").resolve(EmbeddedDefaults.GROUP));
        return ids;
    }
}
