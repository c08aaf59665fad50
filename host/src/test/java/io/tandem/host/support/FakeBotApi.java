package io.tandem.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake Telegram Bot API server on loopback, written from the public Bot API documentation
 * (core.telegram.org/bots/api): requests are {@code POST /bot<token>/<method>} with a JSON,
 * url-encoded or multipart body; answers are {@code {"ok":true,"result":…}} or
 * {@code {"ok":false,"error_code":N,"description":…,"parameters"?:{"retry_after":S}}}.
 *
 * <p>{@code getUpdates}: an update is confirmed (and forgotten) once {@code getUpdates} is called
 * with an offset above its {@code update_id}; the call returns the updates with
 * {@code update_id >= offset} (at most {@code limit}, default 100), or waits up to {@code timeout}
 * seconds for one. Implemented methods: getMe, getUpdates, sendMessage (1–4,096 characters),
 * editMessageText, setMessageReaction, answerCallbackQuery, sendChatAction, sendDocument. Tests add
 * updates (a user's message, a button click, an edit), script failures (the next N calls of a
 * method answer an error, a chat that blocked the bot answers 403) and read every call made.
 */
public final class FakeBotApi implements AutoCloseable {
    public static final long BOT_ID = 7_000_001L;
    public static final String BOT_USERNAME = "tandem_test_bot";

    /** One call the adapter made: method, parameters (file parts as {@code {"file_name","size","bytes"}}) and time. */
    public record Call(String method, JsonNode params, Instant at) {
    }

    private record Failure(int code, String description, int retryAfter) {
    }

    private final String token;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-bot-api");
        t.setDaemon(true);
        return t;
    });
    private final Deque<ObjectNode> updates = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final Set<String> blocked = new HashSet<>();
    /** chat id + ":" + message id → text of messages the bot sent (for edits). */
    private final Map<String, String> sent = new HashMap<>();
    private long nextUpdateId = 100;
    private long nextMessageId = 1;

    public FakeBotApi(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The {@code api_base} to configure. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- what a test does to the fake ----

    /** A user's text message; returns its {@code message_id}. {@code threadId} null: not a forum topic. */
    public synchronized long userMessage(long chatId, String chatType, long fromId, String text, Long threadId) {
        return userMessage(chatId, chatType, fromId, text, threadId, null);
    }

    /** As above with entities (a mention of the bot: {@code mention(text)}). */
    public synchronized long userMessage(long chatId, String chatType, long fromId, String text, Long threadId,
                                         ArrayNode entities) {
        long id = nextMessageId++;
        ObjectNode m = FakeBotApiBodies.message(chatId, chatType, id, text);
        m.putObject("from").put("id", fromId).put("is_bot", false).put("first_name", "User" + fromId);
        if (threadId != null) {
            m.put("message_thread_id", threadId).put("is_topic_message", true);
        }
        if (entities != null) {
            m.set("entities", entities);
        }
        update("message", m);
        return id;
    }

    /** The entities of a text that names the bot as {@code @username}. */
    public static ArrayNode mention(String text) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        int at = text.indexOf("@" + BOT_USERNAME);
        a.addObject().put("type", "mention").put("offset", at).put("length", BOT_USERNAME.length() + 1);
        return a;
    }

    /** A click on an inline button of bot message {@code messageId}. */
    public synchronized void click(long chatId, long messageId, long fromId, String data) {
        ObjectNode q = Json.object().put("id", "cb" + nextUpdateId).put("data", data).put("chat_instance", "ci");
        q.putObject("from").put("id", fromId).put("is_bot", false).put("first_name", "User" + fromId);
        ObjectNode m = FakeBotApiBodies.message(chatId, chatId > 0 ? "private" : "group", messageId, sent.getOrDefault(chatId + ":"
                + messageId, ""));
        q.set("message", m);
        update("callback_query", q);
    }

    /** A user edited their message. */
    public synchronized void editedMessage(long chatId, long fromId, long messageId, String text) {
        ObjectNode m = FakeBotApiBodies.message(chatId, "private", messageId, text);
        m.putObject("from").put("id", fromId).put("is_bot", false).put("first_name", "User" + fromId);
        m.put("edit_date", Instant.now().getEpochSecond());
        update("edited_message", m);
    }

    /** The next {@code times} calls of {@code method} answer this error. */
    public synchronized void failNext(String method, int times, int code, String description, int retryAfter) {
        Deque<Failure> q = failures.computeIfAbsent(method, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(new Failure(code, description, retryAfter));
        }
    }

    /** Every send into {@code chatId} answers 403 (the user blocked the bot). */
    public synchronized void block(long chatId) {
        blocked.add(Long.toString(chatId));
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Updates not yet confirmed by a {@code getUpdates} offset. */
    public synchronized int unconfirmed() {
        return updates.size();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- the server ----

    private void update(String kind, ObjectNode payload) {
        ObjectNode u = Json.object().put("update_id", nextUpdateId++);
        u.set(kind, payload);
        updates.add(u);
        notifyAll();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                FakeBotApiBodies.answer(ex, 401, FakeBotApiBodies.error(401, "Unauthorized", 0));
                return;
            }
            String method = path.substring(prefix.length());
            byte[] body = ex.getRequestBody().readAllBytes();
            ObjectNode params = FakeBotApiBodies.parse(ex.getRequestHeaders().getFirst("Content-Type"), body,
                    ex.getRequestURI().getRawQuery());
            ObjectNode reply;
            if (method.equals("getUpdates")) {
                reply = getUpdates(params);
            } else {
                reply = call(method, params);
            }
            FakeBotApiBodies.answer(ex, reply.path("ok").asBoolean() ? 200 : reply.path("error_code").asInt(), reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode getUpdates(ObjectNode p) throws InterruptedException {
        long offset = p.path("offset").asLong(0);
        int limit = p.path("limit").asInt(100);
        long deadline = System.currentTimeMillis() + p.path("timeout").asLong(0) * 1000;
        synchronized (this) {
            calls.add(new Call("getUpdates", p, Instant.now()));
            Failure f = nextFailure("getUpdates");
            if (f != null) {
                return FakeBotApiBodies.error(f.code(), f.description(), f.retryAfter());
            }
            while (!updates.isEmpty() && updates.peekFirst().path("update_id").asLong() < offset) {
                updates.removeFirst();
            }
            while (updates.isEmpty() && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
                while (!updates.isEmpty() && updates.peekFirst().path("update_id").asLong() < offset) {
                    updates.removeFirst();
                }
            }
            ArrayNode result = Json.MAPPER.createArrayNode();
            for (ObjectNode u : updates) {
                if (result.size() < limit) {
                    result.add(u);
                }
            }
            return FakeBotApiBodies.ok(result);
        }
    }

    private synchronized ObjectNode call(String method, ObjectNode p) {
        calls.add(new Call(method, p, Instant.now()));
        Failure f = nextFailure(method);
        if (f != null) {
            return FakeBotApiBodies.error(f.code(), f.description(), f.retryAfter());
        }
        String chat = p.path("chat_id").asText();
        boolean posts = !method.equals("getMe") && !method.equals("answerCallbackQuery");
        if (posts && blocked.contains(chat)) {
            return FakeBotApiBodies.error(403, "Forbidden: bot was blocked by the user", 0);
        }
        switch (method) {
            case "getMe":
                return FakeBotApiBodies.ok(Json.object().put("id", BOT_ID).put("is_bot", true).put("first_name", "Tandem Test")
                        .put("username", BOT_USERNAME));
            case "sendMessage": {
                String text = p.path("text").asText("");
                if (text.isEmpty()) {
                    return FakeBotApiBodies.error(400, "Bad Request: message text is empty", 0);
                }
                if (text.length() > 4096) {
                    return FakeBotApiBodies.error(400, "Bad Request: message is too long", 0);
                }
                return FakeBotApiBodies.ok(botMessage(p, text));
            }
            case "sendDocument": {
                if (!p.has("document")) {
                    return FakeBotApiBodies.error(400, "Bad Request: there is no document in the request", 0);
                }
                ObjectNode m = botMessage(p, null);
                m.putObject("document").put("file_name", p.path("document").path("file_name").asText())
                        .put("file_size", p.path("document").path("size").asLong());
                return FakeBotApiBodies.ok(m);
            }
            case "editMessageText": {
                String key = chat + ":" + p.path("message_id").asText();
                if (!sent.containsKey(key)) {
                    return FakeBotApiBodies.error(400, "Bad Request: message to edit not found", 0);
                }
                if (sent.get(key).equals(p.path("text").asText())) {
                    return FakeBotApiBodies.error(400, "Bad Request: message is not modified: specified new message content and "
                            + "reply markup are exactly the same as a current content and reply markup of the message", 0);
                }
                sent.put(key, p.path("text").asText());
                ObjectNode m = FakeBotApiBodies.message(Long.parseLong(chat), "private", p.path("message_id").asLong(),
                        p.path("text").asText());
                return FakeBotApiBodies.ok(m);
            }
            case "setMessageReaction":
            case "answerCallbackQuery":
            case "sendChatAction":
                return FakeBotApiBodies.ok(Json.MAPPER.getNodeFactory().booleanNode(true));
            default:
                return FakeBotApiBodies.error(404, "Not Found: method not found", 0);
        }
    }

    private ObjectNode botMessage(ObjectNode p, String text) {
        long id = nextMessageId++;
        ObjectNode m = FakeBotApiBodies.message(Long.parseLong(p.path("chat_id").asText()), "private", id, text);
        m.putObject("from").put("id", BOT_ID).put("is_bot", true).put("first_name", "Tandem Test")
                .put("username", BOT_USERNAME);
        if (p.has("message_thread_id")) {
            m.put("message_thread_id", p.path("message_thread_id").asLong()).put("is_topic_message", true);
        }
        sent.put(p.path("chat_id").asText() + ":" + id, text == null ? "" : text);
        return m;
    }

    private Failure nextFailure(String method) {
        Deque<Failure> q = failures.get(method);
        return q == null ? null : q.pollFirst();
    }
}
