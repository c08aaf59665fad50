package io.tandem.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The Bot API's answers ({@code {"ok":true,"result"}} / {@code {"ok":false,"error_code","description"}})
 * and the request encodings the Bot API accepts (query string, {@code application/json},
 * {@code application/x-www-form-urlencoded}, {@code multipart/form-data}) read into one JSON object.
 * Text fields holding JSON (as {@code reply_markup} in a form) are parsed; a file part becomes
 * {@code {"file_name","content_type","size","base64"}}.
 */
final class FakeBotApiBodies {
    private FakeBotApiBodies() {
    }

    static ObjectNode ok(JsonNode result) {
        ObjectNode n = Json.object().put("ok", true);
        n.set("result", result);
        return n;
    }

    static ObjectNode error(int code, String description, int retryAfter) {
        ObjectNode n = Json.object().put("ok", false).put("error_code", code).put("description", description);
        if (retryAfter > 0) {
            n.putObject("parameters").put("retry_after", retryAfter);
        }
        return n;
    }

    static void answer(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** A Message object. */
    static ObjectNode message(long chatId, String chatType, long messageId, String text) {
        ObjectNode m = Json.object().put("message_id", messageId).put("date", Instant.now().getEpochSecond());
        m.putObject("chat").put("id", chatId).put("type", chatType);
        if (text != null) {
            m.put("text", text);
        }
        return m;
    }

    static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static ObjectNode parse(String contentType, byte[] body, String query) {
        ObjectNode p = Json.object();
        if (query != null) {
            form(p, query);
        }
        String ct = contentType == null ? "" : contentType.toLowerCase();
        if (ct.startsWith("application/json") && body.length > 0) {
            ((ObjectNode) Json.parse(new String(body, StandardCharsets.UTF_8))).fields()
                    .forEachRemaining(e -> p.set(e.getKey(), e.getValue()));
        } else if (ct.startsWith("application/x-www-form-urlencoded")) {
            form(p, new String(body, StandardCharsets.UTF_8));
        } else if (ct.startsWith("multipart/form-data")) {
            multipart(p, contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()), body);
        }
        return p;
    }

    private static void form(ObjectNode p, String encoded) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                putText(p, decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
    }

    private static void multipart(ObjectNode p, String boundary, byte[] body) {
        String all = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : all.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int split = part.indexOf("\r\n\r\n");
            if (split < 0) {
                continue;
            }
            String headers = part.substring(0, split);
            String content = part.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            String name = attr(headers, "name");
            String fileName = attr(headers, "filename");
            if (name == null) {
                continue;
            }
            byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
            if (fileName != null) {
                String type = null;
                for (String h : headers.split("\r\n")) {
                    if (h.toLowerCase().startsWith("content-type:")) {
                        type = h.substring("content-type:".length()).strip();
                    }
                }
                p.putObject(name).put("file_name", fileName).put("content_type", type).put("size", bytes.length)
                        .put("base64", Base64.getEncoder().encodeToString(bytes));
            } else {
                putText(p, name, new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    private static String attr(String headers, String key) {
        int i = headers.indexOf("; " + key + "=\"");
        if (i < 0) {
            return null;
        }
        int start = i + key.length() + 4;
        return headers.substring(start, headers.indexOf('"', start));
    }

    private static void putText(ObjectNode p, String name, String value) {
        String v = value.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                JsonNode parsed = Json.parse(v);
                p.set(name, parsed);
                return;
            } catch (RuntimeException e) {
                // a text that only looks like JSON
            }
        }
        p.put(name, value);
    }
}
