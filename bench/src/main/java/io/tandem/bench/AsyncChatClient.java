package io.tandem.bench;

import io.tandem.schema.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's side of the http channel for the throughput modes: every POST and long
 * poll of every chat runs on one Vert.x event loop, over a keep-alive pool, with no thread per
 * chat. The client shares the machine's cores with the host it measures, so what it spends is
 * taken from the host; the JDK's {@code HttpClient} with a thread per chat cost about 2.3 ms of
 * CPU per round trip at 100 sessions, plus its C2 compiler (docs/performance.md).
 *
 * <p>Completions run on the event loop: a callback must not block (it may start the next request).
 */
final class AsyncChatClient implements AutoCloseable {
    private final Vertx vertx;
    private final HttpClientAgent http;
    private final String host;
    private final int port;

    /** @param connections how many requests may be open at once (a long poll holds one) */
    AsyncChatClient(String base, int connections) {
        if (!base.startsWith("http://127.0.0.1:") && !base.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("the bench talks to loopback only, not " + base);
        }
        URI uri = URI.create(base);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** POSTs {@code text}; completes with the status (202 accepted), on the event loop. */
    CompletableFuture<Integer> postAsync(String chat, String text) {
        String body = "{\"sender\":{\"id\":\"bench\"},\"text\":" + Json.write(text) + "}";
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI("/v1/chats/" + chat + "/messages").putHeader("content-type", "application/json")
                .setTimeout(TimeUnit.SECONDS.toMillis(30));
        Future<Integer> status = http.request(o).compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
        return status.toCompletionStage().toCompletableFuture();
    }

    /** Long-polls the chat for events after {@code after}, up to {@code waitSeconds}; on the event loop. */
    CompletableFuture<ChatClient.Page> pollAsync(String chat, long after, int waitSeconds) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setURI("/v1/chats/" + chat + "/messages?wait=" + waitSeconds + "&after=" + after)
                .setTimeout(TimeUnit.SECONDS.toMillis(waitSeconds + 30L));
        Future<ChatClient.Page> page = http.request(o).compose(req -> req.send())
                .compose(resp -> resp.body().map(b -> page(chat, resp, b.toString(), after)));
        return page.toCompletionStage().toCompletableFuture();
    }

    private static ChatClient.Page page(String chat, HttpClientResponse resp, String body, long after) {
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET events of " + chat + " answered " + resp.statusCode() + ": " + body);
        }
        return ChatClient.Page.of(body, after);
    }

    /** Runs {@code task} on the event loop after {@code millis}. */
    void later(long millis, Runnable task) {
        vertx.setTimer(Math.max(1, millis), id -> task.run());
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the bench is ending; a slow close only delays its exit
        }
    }
}
