package io.tandem.host.channels.http;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/chats/{chat_id}/events}: the chat's event log as Server-Sent Events, from the
 * client's resume point ({@code Last-Event-ID}, else {@code ?after=N}, else 0). A new stream first
 * reads its own backlog (pages of {@value ChatFeed#PAGE}); once it has read up to the chat's
 * {@link ChatFeed} head it joins the feed, the one live reader of that chat. The join is decided on
 * the event loop, where the feed also advances, so no event falls between the backlog and the live
 * part, and the stream's own cursor drops any event it has already written. Streams open at once
 * are capped ({@code adapters.http.max_streams}); one more is answered {@code 503 unavailable}.
 * Database reads run on the central read connection, never on the event loop.
 */
final class EventStreamEndpoint {
    private static final Logger log = LoggerFactory.getLogger(EventStreamEndpoint.class);

    private final RequestFlow flow;
    private final CentralDb central;
    private final EventLog eventLog;
    private final ChatEventHub hub;
    private final Clock clock;
    private final int maxStreams;
    private final Duration heartbeat;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong backlogReads = new AtomicLong();
    private final AtomicLong feedReads = new AtomicLong();
    /** Event-loop confined. */
    private final Map<String, ChatFeed> feeds = new HashMap<>();

    EventStreamEndpoint(RequestFlow flow, CentralDb central, EventLog eventLog, ChatEventHub hub, Clock clock,
                        int maxStreams, Duration heartbeat) {
        this.flow = flow;
        this.central = central;
        this.eventLog = eventLog;
        this.hub = hub;
        this.clock = clock;
        this.maxStreams = maxStreams;
        this.heartbeat = heartbeat;
    }

    void get(HttpServerRequest req, String chatId) {
        long after = resumePoint(req);
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            log.atWarn().addKeyValue("chat", chatId).addKeyValue("max", maxStreams).log("http.sse_over_cap");
            throw new HttpError(503, "unavailable", "too many event streams open (adapters.http.max_streams = "
                    + maxStreams + "); retry later");
        }
        HttpServerResponse resp = req.response();
        resp.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        SseStream stream = new SseStream(flow.vertx(), resp, chatId, after, heartbeat);
        resp.closeHandler(v -> gone(stream));
        resp.exceptionHandler(e -> gone(stream));
        resp.endHandler(v -> gone(stream));
        // sends the headers now, and tells EventSource how soon to reconnect after a restart
        resp.write("retry: 2000\n\n");
        log.atDebug().addKeyValue("chat", chatId).addKeyValue("after", after).addKeyValue("streams", open.get())
                .log("http.sse_opened");
        catchUp(stream);
    }

    /** Writes an ephemeral {@code typing} frame to the chat's live streams (from any thread). */
    void typing(String chatId, boolean on) {
        String frame = SseEvent.ephemeral("typing", "{\"type\":\"typing\",\"on\":" + on + "}");
        flow.onLoop(() -> {
            ChatFeed feed = feeds.get(chatId);
            if (feed != null) {
                feed.ephemeral(frame);
            }
        });
    }

    /** Streams open now. */
    int open() {
        return open.get();
    }

    /** Log reads so far: each stream's own backlog reads, and the feeds' live reads. */
    long backlogReads() {
        return backlogReads.get();
    }

    long feedReads() {
        return feedReads.get();
    }

    private record Backlog(long last, List<String> events) {
    }

    /** Reads the stream's backlog above its cursor; joins the feed once it has read up to the feed's head. */
    private void catchUp(SseStream stream) {
        String chatId = stream.chatId();
        long from = stream.cursor();
        backlogReads.incrementAndGet();
        central.read(c -> {
            long last = eventLog.last(c, chatId); // before the events: every event up to it is in the page
            return new Backlog(last, eventLog.after(c, chatId, from, ChatFeed.PAGE, Timestamps.now(clock)));
        }).whenComplete((b, err) -> flow.onLoop(() -> {
            if (stream.closed()) {
                return;
            }
            if (err != null) {
                log.atWarn().addKeyValue("chat", chatId).addKeyValue("error", HttpFailures.unwrap(err).toString())
                        .log("http.sse_read_failed");
                stream.end();
                return;
            }
            long seen = b.last();
            for (String json : b.events()) {
                SseEvent e = SseEvent.of(json);
                stream.send(e);
                seen = Math.max(seen, e.cursor());
            }
            if (b.events().size() == ChatFeed.PAGE) {
                catchUp(stream);
                return;
            }
            join(stream, seen);
        }));
    }

    private void join(SseStream stream, long seen) {
        String chatId = stream.chatId();
        ChatFeed feed = feeds.get(chatId);
        if (feed == null) {
            ChatFeed created = new ChatFeed(chatId, seen, flow, central, eventLog, hub, clock, feedReads,
                    () -> feeds.remove(chatId));
            feeds.put(chatId, created);
            created.add(stream);
            created.start();
        } else if (seen >= feed.head()) {
            feed.add(stream);
        } else {
            catchUp(stream); // the feed moved on while this stream read: read the gap
        }
    }

    /** The response closed (client gone, or ended by the host): uncount it once, leave its feed. */
    private void gone(SseStream stream) {
        if (!stream.release()) {
            return;
        }
        open.decrementAndGet();
        ChatFeed feed = feeds.get(stream.chatId());
        if (feed != null) {
            feed.remove(stream);
        }
        log.atDebug().addKeyValue("chat", stream.chatId()).addKeyValue("cursor", stream.cursor())
                .addKeyValue("streams", open.get()).log("http.sse_closed");
    }

    /** {@code Last-Event-ID} (what EventSource sends on reconnect) wins over {@code ?after}. */
    private static long resumePoint(HttpServerRequest req) {
        String header = req.getHeader("last-event-id");
        if (header != null && !header.isBlank()) {
            return cursor("Last-Event-ID", header.trim());
        }
        String after = req.getParam("after");
        return after == null || after.isEmpty() ? 0 : cursor("after", after);
    }

    private static long cursor(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw HttpError.invalidField(name, "must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.invalidField(name, "must be a whole number (an event cursor)");
        }
    }
}
