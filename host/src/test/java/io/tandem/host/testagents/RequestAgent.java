package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A test agent that asks for approvals: a chat message {@code "request <action> <payload JSON>"}
 * becomes a {@code request} line (reason {@code "the test asks"}) and the answer
 * {@code "requesting <action>"}; a {@code request_result} is answered with
 * {@code "result <status> <action> <request_id>: <detail>"}, a {@code delivery_failed} note with
 * {@code "note: <error>"}, any other chat message with {@code "ok <text>"}. Exits on stdin EOF.
 */
public final class RequestAgent {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            String type = msg.path("type").asText();
            if (!type.equals("batch")) {
                continue;
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                JsonNode c = m.path("content");
                if (m.path("kind").asText().equals("system")) {
                    if (c.path("type").asText().equals("request_result")) {
                        reply.append(send("result " + c.path("status").asText() + " " + c.path("action").asText()
                                + " " + c.path("request_id").asText() + ": " + c.path("detail").asText()));
                    } else {
                        reply.append(send("note: " + c.path("error").asText()));
                    }
                    reply.append('\n');
                } else if (m.path("kind").asText().equals("chat")) {
                    String text = m.path("text").asText();
                    if (text.startsWith("request ")) {
                        String[] p = text.split(" ", 3);
                        var request = Json.object().put("type", "request").put("ref", "q" + m.path("seq").asLong())
                                .put("action", p[1]).put("reason", "the test asks");
                        request.set("payload", Json.parse(p[2]));
                        reply.append(send("requesting " + p[1])).append('\n');
                        reply.append(Json.write(request)).append('\n');
                    } else {
                        reply.append(send("ok " + text)).append('\n');
                    }
                }
            }
            reply.append(Json.write(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed"))).append('\n');
            out.print(reply);
            out.flush();
        }
    }

    private static String send(String text) {
        return Json.write(Json.object().put("type", "send").put("ref", "r").put("text", text));
    }
}
