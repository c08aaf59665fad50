package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.schema.json.Json;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@code echo} agent: answers every chat message of a batch with
 * {@code "echo: <text>"} as a reply to that message ({@code reply_to} its seq), and every due task
 * with {@code "echo: <prompt>"}, then reports the batch done. It speaks the same JSON-lines protocol as
 * any real agent, so the protocol is always exercised: {@code kind: echo} runs it on a thread of
 * the runner's JVM over in-memory pipes ({@link #serve}); {@link #main} runs it as a process. All lines of one batch
 * go out in a single write and flush, so the runner commits the replies and the final acks
 * together. A retried message whose echo is already among the batch's {@code retry.already_sent}
 * replies is not echoed again, so a runner that died after committing the echo but
 * before the final ack does not make the user see it twice. Ends (exit 0) when its input reaches EOF.
 * Stateless between lines, so any number of instances may run in one JVM.
 */
public final class EchoAgent {
    private EchoAgent() {
    }

    public static void main(String[] args) throws IOException {
        serve(System.in, new FileOutputStream(FileDescriptor.out));
    }

    /** The built-in kind's entry: the same loop on the runner's in-memory pipes. */
    static void serve(InputStream input, OutputStream out, AgentSetup setup) throws IOException {
        serve(input, out);
    }

    /** Answers every line of {@code input} on {@code out}, one write and flush per answer, until EOF. */
    static void serve(InputStream input, OutputStream out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
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
        // each earlier reply of the batch's messages excuses one echo (looked up across the batch,
        // so replies an older runner filed under the batch's last message count too)
        List<JsonNode> sent = new ArrayList<>();
        for (JsonNode m : messages) {
            m.path("retry").path("already_sent").forEach(sent::add);
        }
        for (JsonNode m : messages) {
            String kind = Json.text(m, "kind");
            if (!"chat".equals(kind) && !"task".equals(kind)) {
                continue;
            }
            // a due task is answered with its prompt, so a scheduled task is visible end to end
            String text = "task".equals(kind) ? Json.text(m.path("content"), "prompt") : Json.text(m, "text");
            String echo = "echo: " + (text == null ? "" : text);
            if (takeSent(sent, echo)) {
                continue;
            }
            ObjectNode send = Json.object();
            send.put("type", "send");
            send.put("ref", "r-" + m.path("seq").asLong());
            send.put("text", echo);
            send.put("reply_to", m.path("seq").asLong());
            b.append(Json.write(send)).append('\n');
        }
        ObjectNode done = Json.object();
        done.put("type", "done");
        done.put("batch_id", Json.text(msg, "batch_id"));
        done.put("status", "completed");
        b.append(Json.write(done)).append('\n');
        return b.toString();
    }

    /** Removes and reports the first entry that is {@code reply} (a cut entry matches as a prefix). */
    static boolean takeSent(List<JsonNode> sent, String reply) {
        for (int i = 0; i < sent.size(); i++) {
            JsonNode e = sent.get(i);
            String text = Json.text(e, "text");
            if (text != null && (text.equals(reply) || (e.path("truncated").asBoolean() && reply.startsWith(text)))) {
                sent.remove(i);
                return true;
            }
        }
        return false;
    }
}
