package io.tandem.host.channels.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code adapters.http.max_connections}: connections open at once, long polls included. Each one
 * holds a file descriptor, and held long polls once exhausted the host's descriptors so that no
 * POST could get in. A connection accepted over the cap is marked; its first request is answered
 * {@code 503 unavailable} and the connection closed, and one that sends nothing is closed after
 * the body deadline. Counting follows the connection's close, so a normal request succeeds again
 * as soon as the count is back under the cap.
 */
final class ConnectionCap {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);

    private final int max;
    private final Duration rejectGrace;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<HttpConnection> overCap = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    ConnectionCap(int max, Duration rejectGrace) {
        this.max = max;
        this.rejectGrace = rejectGrace;
    }

    /** Counts a new connection; over the cap, marks it for refusal. */
    void accepted(Vertx vertx, HttpConnection conn) {
        int n = open.incrementAndGet();
        boolean refused = n > max;
        if (refused) {
            overCap.add(conn);
            log.atWarn().addKeyValue("open", n).addKeyValue("max", max).log("http.connection_over_cap");
            long timer = vertx.setTimer(Math.max(1, rejectGrace.toMillis()), id -> conn.close());
            conn.closeHandler(v -> {
                vertx.cancelTimer(timer);
                overCap.remove(conn);
                open.decrementAndGet();
            });
        } else {
            conn.closeHandler(v -> open.decrementAndGet());
        }
        log.atDebug().addKeyValue("open", n).addKeyValue("remote", conn.remoteAddress())
                .addKeyValue("refused", refused).log("http.connection_opened");
    }

    /** True when {@code conn} was accepted over the cap: its requests are refused. */
    boolean refused(HttpConnection conn) {
        return overCap.contains(conn);
    }

    HttpError refusal() {
        return new HttpError(503, "unavailable", "too many connections (adapters.http.max_connections = " + max
                + "); retry later", true);
    }

    int open() {
        return open.get();
    }
}
