package io.tandem.runner.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A chat-completions server on loopback, written from the public OpenAI API shape
 * ({@code POST /v1/chat/completions}, {@code choices[0].message} with {@code content} or
 * {@code tool_calls}, errors as HTTP status + {@code {"error":{"message"}}}). Each test scripts
 * the answers in order; every request is recorded (headers and JSON body). An unscripted request
 * gets a 500 that says so, which fails the test's batch visibly.
 */
public final class FakeChatCompletions implements AutoCloseable {
    /** One scripted answer. {@code hangMillis} > 0: answer nothing for that long first. */
    public record Answer(int status, Map<String, String> headers, String body, long hangMillis) {
    }

    /** One received request. */
    public record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The {@code messages} of the request, as (role, content) pairs rendered "role: content". */
        public List<String> transcript() {
            List<String> out = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                out.add(Json.text(m, "role") + ": " + Json.text(m, "content"));
            }
            return out;
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public FakeChatCompletions() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-chat-completions");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The {@code base_url} to configure: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/v1";
    }

    public FakeChatCompletions then(Answer a) {
        script.add(a);
        return this;
    }

    /** A final answer with {@code text}. */
    public FakeChatCompletions thenText(String text) {
        return then(new Answer(200, Map.of(), completion(Json.object().put("role", "assistant").put("content", text),
                "stop"), 0));
    }

    /** An answer calling one tool {@code name} with {@code arguments} (a JSON object). */
    public FakeChatCompletions thenToolCall(String id, String name, ObjectNode arguments) {
        ObjectNode msg = Json.object().put("role", "assistant").putNull("content");
        ArrayNode calls = msg.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", Json.write(arguments));
        return then(new Answer(200, Map.of(), completion(msg, "tool_calls"), 0));
    }

    public FakeChatCompletions thenStatus(int status, Map<String, String> headers, String body) {
        return then(new Answer(status, headers, body, 0));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private static String completion(ObjectNode message, String finishReason) {
        ObjectNode root = Json.object().put("id", "chatcmpl-test").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", "test-model");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason);
        root.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
        return Json.write(root);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(in);
            } catch (IOException e) {
                body = Json.MAPPER.getNodeFactory().textNode(new String(in, StandardCharsets.UTF_8));
            }
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    Map.copyOf(ex.getRequestHeaders()), body));
            Answer a = !"POST".equals(ex.getRequestMethod()) || !"/v1/chat/completions".equals(ex.getRequestURI().getPath())
                    ? new Answer(404, Map.of(), "{\"error\":{\"message\":\"no such route\"}}", 0)
                    : script.poll();
            if (a == null) {
                a = new Answer(500, Map.of(), "{\"error\":{\"message\":\"fake server: no answer scripted\"}}", 0);
            }
            if (a.hangMillis() > 0 && closing.await(a.hangMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
