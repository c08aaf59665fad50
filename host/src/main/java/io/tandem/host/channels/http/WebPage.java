package io.tandem.host.channels.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web chat page ({@code GET /}) and its two static files ({@code /web/app.js},
 * {@code /web/style.css}), shipped in the host jar under {@code web/}. They are read once, when the
 * channel is built, so serving never touches a file on the event loop; only these names are
 * served (no path from the request reaches the class path). The page needs no token to load: it
 * asks for one when the chat API answers 401. A strict content security policy allows only this
 * origin, so nothing is fetched from elsewhere.
 */
final class WebPage {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private record Asset(Buffer body, String contentType) {
    }

    private final Map<String, Asset> assets;

    private WebPage(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Loads the page's files from the class path; a jar without them is a build error. */
    static WebPage load() {
        return new WebPage(Map.of(
                "/", asset("web/index.html", "text/html; charset=utf-8"),
                "/web/app.js", asset("web/app.js", "text/javascript; charset=utf-8"),
                "/web/style.css", asset("web/style.css", "text/css; charset=utf-8")));
    }

    /** True when {@code path} is one of the page's files (then {@link #serve} answers it). */
    boolean serves(String path) {
        return assets.containsKey(path);
    }

    void serve(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            throw new HttpError(405, "method_not_allowed", req.method() + " is not allowed on " + req.path());
        }
        Asset a = assets.get(req.path());
        req.response().setStatusCode(200).putHeader("content-type", a.contentType())
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("content-security-policy", CSP);
        if (req.method() == HttpMethod.HEAD) {
            req.response().putHeader("content-length", Integer.toString(a.body().length())).end();
        } else {
            req.response().end(a.body().copy());
        }
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("web chat file missing from the host jar: " + resource);
            }
            return new Asset(Buffer.buffer(in.readAllBytes()), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the host jar", e);
        }
    }
}
