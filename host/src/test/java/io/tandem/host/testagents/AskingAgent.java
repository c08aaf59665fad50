package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A test exec agent for the web chat: a message {@code ask} is answered with a question
 * ({@code ask} action, options tea and coffee); the {@code question_response} system message that a
 * click produces is answered {@code you picked <value>}; a message {@code polish} gets a 👍
 * reaction, a reply {@code draft} that is then edited to {@code polished answer}, and a reply
 * {@code here are your notes} with a file {@code notes.txt}; any other message is answered
 * {@code you said: <text>}.
 */
public final class AskingAgent {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode msg = Json.parse(line);
            if (!"batch".equals(msg.path("type").asText())) {
                continue; // hello, results
            }
            StringBuilder reply = new StringBuilder();
            for (JsonNode m : msg.path("messages")) {
                long seq = m.path("seq").asLong();
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    content = Json.parse(content.asText());
                }
                String text = m.path("text").asText("");
                if ("question_response".equals(content.path("type").asText())) {
                    reply.append(line(Json.object().put("type", "send").put("ref", "a" + seq)
                            .put("text", "you picked " + content.path("value").asText())));
                } else if (text.trim().equals("ask")) {
                    var ask = Json.object().put("type", "ask").put("ref", "q" + seq).put("title", "Break time")
                            .put("question", "Tea or coffee?");
                    ask.putArray("options").add("tea").add("coffee");
                    reply.append(line(ask));
                } else if (text.trim().equals("polish")) {
                    out.print(reply);
                    reply.setLength(0);
                    polish(out, in, seq);
                } else {
                    reply.append(line(Json.object().put("type", "send").put("ref", "r" + seq)
                            .put("text", "you said: " + text)));
                }
            }
            reply.append(line(Json.object().put("type", "done").put("batch_id", msg.path("batch_id").asText())
                    .put("status", "completed")));
            out.print(reply);
            out.flush();
        }
    }

    /** React, send a draft, wait for its result (the draft's seq), edit it, then send a file. */
    private static void polish(PrintStream out, BufferedReader in, long seq) throws java.io.IOException {
        out.print(line(Json.object().put("type", "react").put("ref", "x" + seq).put("seq", seq).put("emoji", "👍")));
        out.print(line(Json.object().put("type", "send").put("ref", "p" + seq).put("text", "draft")));
        out.flush();
        long draft = -1;
        for (String l; draft < 0 && (l = in.readLine()) != null; ) {
            JsonNode r = Json.parse(l);
            if ("result".equals(r.path("type").asText()) && ("p" + seq).equals(r.path("ref").asText())) {
                draft = r.path("seq").asLong();
            }
        }
        out.print(line(Json.object().put("type", "edit").put("ref", "e" + seq).put("seq", draft)
                .put("text", "polished answer")));
        java.nio.file.Files.writeString(java.nio.file.Path.of("notes.txt"), "tea at four\n");
        var send = Json.object().put("type", "send").put("ref", "f" + seq).put("text", "here are your notes");
        send.putArray("files").add("notes.txt");
        out.print(line(send));
        out.flush();
    }

    private static String line(JsonNode n) {
        return Json.write(n) + "\n";
    }
}
