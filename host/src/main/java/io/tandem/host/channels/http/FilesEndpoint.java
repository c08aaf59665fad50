package io.tandem.host.channels.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.central.CentralDb;
import io.tandem.host.channels.OutboundFile;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/chats/{chat_id}/files/{message_out_id}/{name}}: a file an agent sent into this
 * chat. What may be served is decided by the chat's own event log, never by the path: the message
 * must have an event in THIS chat's log that lists a file of that name; the event names the
 * session, whose {@code out/outbox/<message_out_id>/<name>} is then opened without following
 * any symbolic link (outbox folders included) and must be a regular file. Anything else is 404.
 * The central read runs on its read connection, every file operation on a worker thread, and the
 * body is streamed in chunks with back-pressure; the answer carries the event's MIME type, the
 * exact {@code Content-Length}, and headers that keep a browser from running it as a page of
 * this origin ({@code nosniff}, {@code attachment}, a sandbox CSP).
 */
final class FilesEndpoint {
    static final Pattern PATH = Pattern.compile("^/v1/chats/([^/]*)/files/([^/]*)/([^/]*)$");
    private static final int CHUNK = 64 * 1024;

    private final RequestFlow flow;
    private final CentralDb central;
    private final EventLog eventLog;
    private final Clock clock;
    private final Path dataDir;

    /** {@code dataDir} null: this channel serves no files (every request is 404). */
    FilesEndpoint(RequestFlow flow, CentralDb central, EventLog eventLog, Clock clock, Path dataDir) {
        this.flow = flow;
        this.central = central;
        this.eventLog = eventLog;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    /** The download url of {@code name} (percent-encoded) for the event of {@code messageOutId}. */
    static String url(String chatId, String messageOutId, String name) {
        return "/v1/chats/" + chatId + "/files/" + messageOutId + "/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Served(Path path, Path outbox, Path folder, String type, String name) {
    }

    private record Opened(FileChannel channel, long size) {
    }

    void get(HttpServerRequest req, String chatId, String messageOutId, String rawName) {
        if (req.method() != HttpMethod.GET) {
            throw new HttpError(405, "method_not_allowed", req.method() + " is not allowed on " + req.path());
        }
        if (!Ids.isSafe(chatId)) {
            throw new HttpError(400, "invalid_id", "chat_id must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        }
        String name = decode(rawName);
        HttpError notFound = new HttpError(404, "not_found", "no file " + (name == null ? rawName : name)
                + " of message " + messageOutId + " in chat " + chatId);
        if (dataDir == null || !Ids.isSafe(messageOutId) || !OutboundFile.validName(name)) {
            throw notFound;
        }
        flow.then(central.read(c -> eventLog.eventOf(c, chatId, messageOutId, Timestamps.now(clock))), req, event -> {
            Served f = event.flatMap(json -> find(json, messageOutId, name)).orElseThrow(() -> notFound);
            flow.vertx().executeBlocking(() -> open(f), false).onComplete(ar -> RequestFlow.guarded(req, () -> {
                if (ar.failed()) {
                    throw ar.cause() instanceof IOException ? notFound : new IllegalStateException(ar.cause());
                }
                if (req.response().closed()) {
                    close(ar.result().channel());
                    return;
                }
                send(req, f, ar.result());
            }));
        });
    }

    /** The file of that name listed in the event, in the session the event names. */
    private Optional<Served> find(String eventJson, String messageOutId, String name) {
        JsonNode ev = Json.parse(eventJson);
        String session = ev.path("session_id").asText(null);
        String group = ev.path("agent_group_id").asText(null);
        if (!Ids.isSafe(session) || !Ids.isSafe(group)) {
            return Optional.empty();
        }
        for (JsonNode f : ev.path("files")) {
            if (name.equals(f.path("name").asText(null))) {
                Path outbox = SessionPaths.of(dataDir, group, session).outbox();
                Path folder = outbox.resolve(messageOutId);
                return Optional.of(new Served(folder.resolve(name), outbox, folder,
                        OutboundFile.safeType(f.path("type").asText(null)), name));
            }
        }
        return Optional.empty();
    }

    /** On a worker: no link anywhere below {@code out/}, a regular file, opened with NOFOLLOW_LINKS. */
    private static Opened open(Served f) throws IOException {
        for (Path dir : new Path[] {f.outbox(), f.folder()}) {
            if (!Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                throw new IOException(dir + " is not a folder");
            }
        }
        FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!Files.readAttributes(f.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new IOException(f.path() + " is not a regular file");
            }
            return new Opened(ch, ch.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void send(HttpServerRequest req, Served f, Opened o) {
        HttpServerResponse resp = req.response();
        resp.setStatusCode(200).putHeader("content-type", f.type())
                .putHeader("content-length", Long.toString(o.size()))
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", "sandbox")
                .putHeader("content-disposition", "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        resp.closeHandler(v -> close(o.channel()));
        pump(resp, o.channel(), o.size());
    }

    /** Reads the next chunk on a worker and writes it on the event loop, pausing while the socket is full. */
    private void pump(HttpServerResponse resp, FileChannel ch, long remaining) {
        if (remaining == 0) {
            close(ch);
            resp.end();
            return;
        }
        flow.vertx().executeBlocking(() -> {
            ByteBuffer bb = ByteBuffer.allocate((int) Math.min(CHUNK, remaining));
            int n = ch.read(bb);
            if (n < 0) {
                throw new EOFException("the file shrank while it was served");
            }
            byte[] bytes = new byte[n];
            bb.flip().get(bytes);
            return Buffer.buffer(bytes);
        }, false).onComplete(ar -> {
            if (ar.failed() || resp.closed()) {
                close(ch);
                resp.reset();
                return;
            }
            resp.write(ar.result());
            long left = remaining - ar.result().length();
            if (resp.writeQueueFull()) {
                resp.drainHandler(v -> {
                    resp.drainHandler(null);
                    pump(resp, ch, left);
                });
            } else {
                pump(resp, ch, left);
            }
        });
    }

    /** Percent-decoding of one path segment ({@code +} stays a plus); null when malformed. */
    static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Closes the file on a worker (no file operation on the event loop); closing twice is harmless. */
    private void close(FileChannel ch) {
        flow.vertx().executeBlocking(() -> {
            closeQuietly(ch);
            return null;
        }, false);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to do: the response is over either way
        }
    }
}
