package io.tandem.host.channels.http;

import io.tandem.host.central.CentralDb;
import io.tandem.schema.time.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live part of one chat's event streams: one reader of the chat's log, whatever the number of
 * streams, so N streams cost one log read per new event, not N (issue 10). It keeps {@code head},
 * the cursor up to which it has read, and loops like a long poll: register with the
 * {@link ChatEventHub} at {@code head}, then read the log above it (the hub's register-then-query
 * invariant: an event committed meanwhile is either read or announced). An announced event right
 * after {@code head} is handed over and written without a query. Every event goes to every
 * stream; each stream drops what it already has, so a stream that joined from its own backlog
 * read sees nothing twice. Event-loop confined, except the hub callback, which hops to the loop.
 */
final class ChatFeed {
    private static final Logger log = LoggerFactory.getLogger(ChatFeed.class);
    static final int PAGE = 100;

    private final String chatId;
    private final RequestFlow flow;
    private final CentralDb central;
    private final EventLog eventLog;
    private final ChatEventHub hub;
    private final Clock clock;
    private final AtomicLong reads;
    private final Runnable onEmpty;
    private final Set<SseStream> streams = new LinkedHashSet<>();
    private long head;
    private ChatEventHub.Waiter waiter;
    /** The latest read came back with nothing new: waiting for the hub. */
    private boolean waiting;
    private boolean closed;

    ChatFeed(String chatId, long head, RequestFlow flow, CentralDb central, EventLog eventLog, ChatEventHub hub,
             Clock clock, AtomicLong reads, Runnable onEmpty) {
        this.chatId = chatId;
        this.head = head;
        this.flow = flow;
        this.central = central;
        this.eventLog = eventLog;
        this.hub = hub;
        this.clock = clock;
        this.reads = reads;
        this.onEmpty = onEmpty;
    }

    /** The cursor up to which every stream of this feed has been given the log. */
    long head() {
        return head;
    }

    /** Adds a stream that has read the log at least up to {@link #head()}. */
    void add(SseStream s) {
        streams.add(s);
    }

    /** Removes a stream; the last one out closes the feed. */
    void remove(SseStream s) {
        if (streams.remove(s) && streams.isEmpty()) {
            close();
        }
    }

    /** Writes an ephemeral frame to every stream (typing). */
    void ephemeral(String frame) {
        for (SseStream s : List.copyOf(streams)) {
            s.sendEphemeral(frame);
        }
    }

    void start() {
        round();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (waiter != null) {
            waiter.cancel();
        }
        onEmpty.run();
    }

    /** Registers at {@code head}, then reads above it. */
    private void round() {
        if (closed) {
            return;
        }
        if (waiter != null) {
            waiter.cancel();
        }
        waiting = false;
        waiter = hub.await(chatId, head, json -> flow.onLoop(() -> woken(json)));
        long from = head;
        reads.incrementAndGet();
        central.read(c -> eventLog.after(c, chatId, from, PAGE, Timestamps.now(clock)))
                .whenComplete((events, err) -> flow.onLoop(() -> {
                    if (err != null) {
                        failed(err);
                    } else {
                        read(events);
                    }
                }));
    }

    private void read(List<String> events) {
        if (closed) {
            return;
        }
        for (String e : events) {
            broadcast(SseEvent.of(e));
        }
        if (!events.isEmpty() || waiter.fired()) {
            round();
        } else {
            waiting = true;
        }
    }

    /**
     * The hub fired: a handed-over event right after {@code head} is written at once; then, unless a
     * read is in flight (it will see {@code fired()}), the feed registers and reads again.
     */
    private void woken(String json) {
        if (closed) {
            return;
        }
        if (json != null) {
            SseEvent e = SseEvent.of(json);
            if (e.cursor() == head + 1) {
                broadcast(e);
            }
        }
        if (waiting) {
            round();
        }
    }

    private void broadcast(SseEvent e) {
        if (e.cursor() <= head) {
            return;
        }
        head = e.cursor();
        for (SseStream s : List.copyOf(streams)) {
            s.send(e);
        }
    }

    /** A failed read ends the streams: clients reconnect and resume from their last id, losing nothing. */
    private void failed(Throwable err) {
        if (closed) {
            return;
        }
        log.atWarn().addKeyValue("chat", chatId).addKeyValue("cursor", head)
                .addKeyValue("error", HttpFailures.unwrap(err).toString()).log("http.sse_read_failed");
        for (SseStream s : new ArrayList<>(streams)) {
            s.end();
        }
        streams.clear();
        close();
    }
}
