package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.central.CentralDb;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/chats/{chat_id}/messages?after=N&wait=S}: events above the cursor, answered as
 * soon as one exists or at the end of the wait. Reads go through the central read connection
 * ({@link CentralDb#read}), never the writer lane, so a crowd of polls does not delay intake.
 * Each round registers with the {@link ChatEventHub} before it queries (see its invariant); a
 * waiting poll that is handed the event right after its cursor answers from it without a query.
 */
final class LongPollEndpoint {
    static final long MAX_WAIT_SECONDS = 30;
    private static final int PAGE = 100;

    private final RequestFlow flow;
    private final CentralDb central;
    private final EventLog eventLog;
    private final ChatEventHub hub;
    private final Clock clock;

    LongPollEndpoint(RequestFlow flow, CentralDb central, EventLog eventLog, ChatEventHub hub, Clock clock) {
        this.flow = flow;
        this.central = central;
        this.eventLog = eventLog;
        this.hub = hub;
        this.clock = clock;
    }

    void get(HttpServerRequest req, String chatId) {
        long after = longParam(req, "after", 0, Long.MAX_VALUE);
        long waitSeconds = longParam(req, "wait", 0, MAX_WAIT_SECONDS);
        new Poll(req, chatId, after, System.nanoTime() + waitSeconds * 1_000_000_000L).round();
    }

    /** One waiting request; all its state is touched on the channel's event loop only. */
    private final class Poll {
        private final HttpServerRequest req;
        private final String chatId;
        private final long after;
        private final long deadline;
        private ChatEventHub.Waiter waiter;
        /** The latest query came back empty: waiting for the waiter or the timer. */
        private boolean waiting;
        private long timer = -1;
        private boolean done;

        Poll(HttpServerRequest req, String chatId, long after, long deadline) {
            this.req = req;
            this.chatId = chatId;
            this.after = after;
            this.deadline = deadline;
            req.response().closeHandler(v -> finish(null));
        }

        /** Registers, then queries: an event committed in between is either seen or announced. */
        void round() {
            if (done) {
                return;
            }
            waiting = false;
            waiter = hub.await(chatId, after, event -> flow.onLoop(() -> woken(event)));
            java.util.concurrent.CompletableFuture<List<String>> read;
            try {
                read = central.read(c -> eventLog.after(c, chatId, after, PAGE, Timestamps.now(clock)));
            } catch (RuntimeException e) {
                finish(null);
                HttpFailures.answer(req, e);
                return;
            }
            read.whenComplete(
                    (events, err) -> flow.onLoop(() -> {
                        if (err != null) {
                            finish(null);
                            HttpFailures.answer(req, err);
                        } else {
                            RequestFlow.guarded(req, () -> queried(events));
                        }
                    }));
        }

        private void queried(List<String> events) {
            if (done) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (!events.isEmpty() || left <= 0) {
                finish(events);
                return;
            }
            if (waiter.fired()) {
                if (waiter.event() != null) {
                    finish(List.of(waiter.event()));
                } else {
                    round();
                }
                return;
            }
            waiting = true;
            if (timer < 0) {
                timer = flow.vertx().setTimer(Math.max(1, left / 1_000_000L), id -> {
                    timer = -1;
                    finish(List.of());
                });
            }
        }

        /**
         * The current waiter fired: answer from a handed-over event at once (a query still in
         * flight is then ignored), else read again; a query still in flight sees {@code fired()}.
         */
        private void woken(String event) {
            if (done) {
                return;
            }
            if (event != null) {
                finish(List.of(event));
            } else if (waiting && waiter.fired()) {
                round();
            }
        }

        /** Ends the poll: answers with {@code events}, or only cleans up when null (client gone). */
        private void finish(List<String> events) {
            if (done) {
                return;
            }
            done = true;
            if (waiter != null) {
                waiter.cancel();
            }
            if (timer >= 0) {
                flow.vertx().cancelTimer(timer);
                timer = -1;
            }
            if (events != null) {
                answer(req, events, after);
            }
        }
    }

    private static void answer(HttpServerRequest req, List<String> events, long after) {
        ObjectNode body = Json.object();
        ArrayNode arr = body.putArray("events");
        long next = after;
        for (String e : events) {
            ObjectNode ev = (ObjectNode) Json.parse(e);
            arr.add(ev);
            next = ev.path("cursor").asLong(next);
        }
        body.put("next", next);
        HttpResponses.json(req, 200, Json.write(body));
    }

    private static long longParam(HttpServerRequest req, String name, long min, long max) {
        String v = req.getParam(name);
        if (v == null || v.isEmpty()) {
            return min;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw HttpError.invalidField(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw HttpError.invalidField(name, "must be a whole number");
        }
    }
}
