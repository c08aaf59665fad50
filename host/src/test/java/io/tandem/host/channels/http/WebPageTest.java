package io.tandem.host.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.config.HostPort;
import io.tandem.host.config.TandemConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /} serves the web chat page and its two files from the host jar, without the token
 * (the page asks for it), under a content security policy that allows only the host's origin;
 * nothing else under {@code /web/} is served, and the chat API still needs the token.
 */
class WebPageTest {
    @TempDir
    Path tmp;
    final HttpClient client = HttpClient.newHttpClient();
    Vertx vertx;
    CentralDb central;
    String base;

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        central = CentralDb.open(tmp.resolve("central.db"), clock);
        TandemConfig.Http config = new TandemConfig.Http(new HostPort("127.0.0.1", 0), "page-t0ken", 1 << 20,
                64 << 10, Duration.ofDays(7), 100, Duration.ofSeconds(60), Duration.ofSeconds(10), 1000);
        HttpChannel channel = new HttpChannel(config, central, new EventLog(CentralStores.sqlite(clock).adapterState()),
                null, clock);
        vertx = Vertx.vertx();
        vertx.deployVerticle(channel).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + channel.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        central.close();
    }

    @Test
    void thePageAndItsFilesAreServedWithoutTheTokenUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/", "GET");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
        assertThat(page.body()).contains("<script src=\"web/app.js\"", "id=\"composer-input\"")
                .doesNotContain("http://", "https://");
        HttpResponse<String> js = get("/web/app.js", "GET");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("new EventSource(");
        HttpResponse<String> css = get("/web/style.css", "GET");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        HttpResponse<String> head = get("/", "HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void nothingElseIsServedAndTheApiStillNeedsTheToken() throws Exception {
        assertThat(get("/web/../central.db", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/web/index.html", "GET").statusCode()).isEqualTo(404);
        assertThat(get("/web/", "GET").statusCode()).isEqualTo(404);
        HttpResponse<String> post = get("/", "POST");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("method_not_allowed");
        assertThat(get("/v1/chats/demo/events", "GET").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
