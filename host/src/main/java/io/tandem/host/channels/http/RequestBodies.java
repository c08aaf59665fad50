package io.tandem.host.channels.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body with a hard size limit: a declared Content-Length over the limit is refused
 * before reading; a streamed body is cut off as soon as it passes the limit, so an oversized
 * upload cannot make the host buffer it.
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static Future<Buffer> read(HttpServerRequest req, long maxBody) {
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
        req.handler(chunk -> {
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
