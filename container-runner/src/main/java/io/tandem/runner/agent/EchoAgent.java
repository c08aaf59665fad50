package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The built-in {@code echo} agent: answers every chat message of a batch with
 * {@code "echo: <text>"}, then reports the batch done. It speaks the same JSON-lines protocol as
 * any real agent, in its own process, so the protocol is always exercised. All lines of one batch
 * go out in a single write and flush, so the runner commits the replies and the final acks
 * together. Exits 0 when stdin reaches EOF.
 */
public final class EchoAgent {
    private EchoAgent() {
    }

    public static void main(String[] args) throws IOException {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String reply = answer(line);
            if (reply != null) {
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /** The lines (newline-terminated) answering one input line, or null when it needs no answer. */
    static String answer(String line) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (msg == null || !"batch".equals(Json.text(msg, "type"))) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        JsonNode messages = msg.path("messages");
        for (JsonNode m : messages) {
            if (!"chat".equals(Json.text(m, "kind"))) {
                continue;
            }
            String text = Json.text(m, "text");
            ObjectNode send = Json.object();
            send.put("type", "send");
            send.put("ref", "r-" + m.path("seq").asLong());
            send.put("text", "echo: " + (text == null ? "" : text));
            b.append(Json.write(send)).append('\n');
        }
        ObjectNode done = Json.object();
        done.put("type", "done");
        done.put("batch_id", Json.text(msg, "batch_id"));
        done.put("status", "completed");
        b.append(Json.write(done)).append('\n');
        return b.toString();
    }
}
