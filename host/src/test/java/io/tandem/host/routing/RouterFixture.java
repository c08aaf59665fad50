package io.tandem.host.routing;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.session.InboundDb;
import io.tandem.host.support.DataInspector;
import io.tandem.schema.db.Durability;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.SessionMode;
import io.tandem.schema.rows.UnknownSenderPolicy;
import io.tandem.schema.session.SessionPaths;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A router on a real central.db and real session files in {@code data}, with the clock a test hands in. */
final class RouterFixture implements AutoCloseable {
    final Path data;
    final CentralDb central;
    final CentralStores stores;
    final SessionLanes lanes = new SessionLanes(2);
    final Router router;
    final List<String> woken = new CopyOnWriteArrayList<>();

    RouterFixture(Path data, Clock clock, Duration dedupeTtl) throws Exception {
        this.data = data;
        this.central = CentralDb.open(data.resolve("central.db"), clock);
        this.stores = CentralStores.sqlite(clock);
        this.router = new Router(data, central, stores, lanes, new InboundDb(Durability.POWER), woken::add, clock,
                dedupeTtl);
    }

    void group(String id) throws Exception {
        central.call(c -> Sql.tx(c, tx -> {
            stores.groups().insertAgentGroup(tx, id, id, id);
            return null;
        }));
    }

    String publicChat(String platformId) throws Exception {
        return central.call(c -> Sql.tx(c, tx -> stores.channels().insertMessagingGroup(tx, "http", platformId, null,
                false, UnknownSenderPolicy.PUBLIC)));
    }

    void wire(String mg, String group, String pattern) throws Exception {
        central.call(c -> Sql.tx(c, tx -> {
            stores.channels().insertWiring(tx, mg, group, EngageMode.PATTERN, pattern, SessionMode.SHARED);
            return null;
        }));
    }

    RouteResult say(String chat, String text, String platformMessageId) throws Exception {
        var content = Json.object().put("text", text);
        content.putObject("sender").put("id", "ann");
        InboundEvent ev = new InboundEvent("http", chat, null, platformMessageId, "ann", "Ann", text, content,
                "2026-11-22T10:00:00.000Z", false, false);
        return router.route(ev, true).get(30, TimeUnit.SECONDS);
    }

    List<Map<String, Object>> rows(RouteResult.Routed r) throws Exception {
        return new DataInspector(data).inbound(SessionPaths.of(data, r.agentGroupId(), r.sessionId()),
                "SELECT seq, trigger FROM messages_in ORDER BY seq");
    }

    @Override
    public void close() {
        lanes.close();
        central.close();
    }
}
