package io.tandem.host.channels.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body with a hard size limit and a deadline. A declared Content-Length over the
 * limit is refused before reading; a streamed body is cut off as soon as it passes the limit, so
 * an oversized upload cannot make the host buffer it. A body that has not arrived whole within
 * {@code adapters.http.body_timeout} of its headers gets {@code 408 request_timeout} and its
 * connection is closed: a client trickling one byte every few seconds cannot hold a slot (the idle
 * timeout alone never fires while bytes keep coming).
 */
public final class RequestBodies {
    private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);

    private RequestBodies() {
    }

    public static Future<Buffer> read(Vertx vertx, HttpServerRequest req, long maxBody, Duration deadline) {
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBody) {
                    drain(req);
                    return Future.failedFuture(tooLarge(maxBody));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new HttpError(400, "invalid_field", "Content-Length is not a number"));
            }
        }
        Promise<Buffer> p = Promise.promise();
        Buffer body = Buffer.buffer();
        long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
            if (p.tryFail(new HttpError(408, "request_timeout", "the request body did not arrive within "
                    + "adapters.http.body_timeout (" + deadline.toMillis() + " ms)", true))) {
                log.atDebug().addKeyValue("path", req.path()).addKeyValue("received", body.length())
                        .log("http.body_deadline");
                drain(req);
            }
        });
        p.future().onComplete(ar -> vertx.cancelTimer(timer));
        req.handler(chunk -> {
            if (p.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                drain(req);
                p.tryFail(tooLarge(maxBody));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> p.tryComplete(body));
        req.exceptionHandler(p::tryFail);
        return p.future();
    }

    /**
     * Reads and discards the rest of a refused body, so the client is not reset while it still
     * sends and reads the 413 (the answer carries {@code connection: close}).
     */
    private static void drain(HttpServerRequest req) {
        req.handler(chunk -> { });
        req.endHandler(v -> { });
    }

    private static HttpError tooLarge(long maxBody) {
        return new HttpError(413, "payload_too_large", "body is over adapters.http.max_body (" + maxBody + " bytes)");
    }
}
