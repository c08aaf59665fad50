package io.tandem.host.delivery;

import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.session.SessionRef;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One session's real files, a fake channel at the platform boundary, and a delivery service. */
final class DeliveryHarness implements AutoCloseable {
    final Path data;
    final SessionFiles files;
    final SessionRef ref;
    final SessionLanes lanes = new SessionLanes(2);
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    final FakeChannel channel = new FakeChannel();
    final ChannelRegistry channels = new ChannelRegistry();
    final OutboundRows rows;
    DeliveryService delivery;

    DeliveryHarness(Path tmp) throws Exception {
        this(tmp, "s-1");
    }

    DeliveryHarness(Path tmp, String sessionId) throws Exception {
        data = tmp.resolve("data");
        files = new SessionFiles(data, "g1", sessionId, "http", "demo");
        ref = new SessionRef(sessionId, "g1", files.paths());
        channels.register(channel);
        rows = new OutboundRows(files);
        delivery = service(PendingQuestions.unavailable());
    }

    DeliveryService service(PendingQuestions questions) {
        return new DeliveryService(lanes, files.inbound(), channels, s -> { }, clock, 3, questions, Duration.ofHours(24));
    }

    /** One pass and every continuation page it asks for. */
    void pass() throws Exception {
        long after = delivery.pass(ref).get(30, TimeUnit.SECONDS);
        while (after >= 0) {
            after = delivery.passAfter(ref, after).get(30, TimeUnit.SECONDS);
        }
    }

    List<Map<String, Object>> inbound(String sql, Object... args) throws Exception {
        return new DataInspector(data).inbound(files.paths(), sql, args);
    }

    /** delivered row of {@code id}: status, error, platform id; empty map when not settled. */
    Map<String, Object> delivered(String id) throws Exception {
        var r = inbound("SELECT status, error, platform_message_id FROM delivered WHERE message_out_id = ?", id);
        return r.isEmpty() ? Map.of() : r.get(0);
    }

    List<Map<String, Object>> notes() throws Exception {
        return inbound("SELECT seq, trigger, content FROM messages_in WHERE kind = 'system' ORDER BY seq");
    }

    @Override
    public void close() {
        lanes.close();
    }
}
