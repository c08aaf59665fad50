package io.tandem.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A Server-Sent Events client over real loopback HTTP, parsing the stream as the WHATWG
 * EventSource does (fields {@code id}, {@code event}, {@code data}; a blank line ends a frame; a
 * line starting with {@code :} is a comment). Frames and comments are collected for assertions.
 */
public final class SseClient implements AutoCloseable {
    /** One dispatched frame; {@code id} is null for a frame without an {@code id:} line. */
    public record Frame(String id, String event, String data) {
        public JsonNode json() {
            return Json.parse(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final List<Frame> frames = new ArrayList<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    /** Opens {@code base + path} with the given request headers (a status other than 200 is kept for checks). */
    public static SseClient open(String base, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET()
                .header("accept", "text/event-stream");
        headers.forEach(b::header);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new SseClient(client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused (non-200) answer. */
    public JsonNode errorBody() throws IOException {
        try (InputStream in = response.body()) {
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        synchronized (frames) {
                            frames.add(new Frame(id, event == null ? "message" : event, data.toString()));
                        }
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { } // retry and unknown fields
                    }
                }
            }
        } catch (IOException closed) {
            // the stream ended
        } finally {
            ended = true;
        }
    }

    /** A copy of the frames so far. */
    public List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** Frames that carry an {@code id:} (stored events), in arrival order. */
    public List<Frame> events() {
        return frames().stream().filter(f -> f.id() != null).toList();
    }

    /** Waits until at least {@code n} stored events arrived, then returns them all. */
    public List<Frame> awaitEvents(int n, Duration within) {
        Awaitility.await(n + " SSE events").atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> events().size() >= n || ended);
        List<Frame> got = events();
        if (got.size() < n) {
            throw new AssertionError("stream ended after " + got.size() + " of " + n + " events: " + got);
        }
        return got;
    }

    public int comments() {
        return comments.get();
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
