package io.tandem.host.channels.http;

import io.tandem.host.routing.InboundEvent;
import io.tandem.host.routing.RouteResult;
import io.tandem.host.routing.Router;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chats/{chat_id}/messages}: validate completely, hand to the router, answer only
 * after the inbound commit (202, or 200 for a duplicate {@code id}). Attachments are decoded and
 * validated here on the event loop (CPU only, bounded by {@code max_body}); the router writes them
 * on the session's lane.
 */
final class MessagesEndpoint {
    private static final Logger log = LoggerFactory.getLogger(MessagesEndpoint.class);

    private final RequestFlow flow;
    private final Router router;
    private final Clock clock;
    private final long maxText;
    private final long maxBody;
    private final boolean threads;

    MessagesEndpoint(RequestFlow flow, Router router, Clock clock, long maxText, long maxBody, boolean threads) {
        this.flow = flow;
        this.router = router;
        this.clock = clock;
        this.maxText = maxText;
        this.maxBody = maxBody;
        this.threads = threads;
    }

    void post(HttpServerRequest req, String chatId) {
        flow.withBody(req, body -> {
            PostMessage msg = PostMessage.parse(body, maxText, maxBody);
            InboundEvent ev = new InboundEvent("http", chatId, msg.threadId(), msg.id(), msg.senderId(),
                    msg.senderName(), msg.text(), msg.content(), Timestamps.now(clock), msg.mention(), msg.group(),
                    msg.attachments());
            flow.then(router.route(ev, threads), req, (RouteResult r) -> {
                log.atDebug().addKeyValue("chat", chatId).addKeyValue("id", r.id())
                        .addKeyValue("routed", r.routed().size()).addKeyValue("dropped", r.dropped())
                        .addKeyValue("duplicate", r.duplicate()).log("http.message_posted");
                HttpResponses.json(req, r.duplicate() ? 200 : 202, Json.write(r));
            });
        });
    }
}
