package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiResponse;
import io.tandem.schema.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;

/**
 * {@code tandem messages tail}: prints the last rows of {@code GET /admin/v1/messages/tail}, then
 * with {@code --follow} asks again with the answer's cursor (at once while {@code more} says rows
 * wait, else every {@link #POLL}) and prints each new row once, until Ctrl-C. Without
 * {@code --json} each row is one line (time, seq, direction, kind, status, sender and text cut to
 * {@link #TEXT_WIDTH}); with it the whole answer, or under {@code --follow} one JSON object per
 * row per line. While no host runs on the folder a follower waits for one without touching the
 * files (the direct path would take {@code host.lock} at every poll).
 */
final class TailVerb {
    static final Duration POLL = Duration.ofSeconds(1);
    static final int TEXT_WIDTH = 80;

    private final AdminOptions options;
    private final String session;
    private final String chat;
    private final PrintStream out;

    TailVerb(AdminOptions options, String session, String chat, PrintStream out) {
        this.options = options;
        this.session = session;
        this.chat = chat;
        this.out = out;
    }

    int run(boolean follow, int lines) throws Exception {
        ApiResponse first = ask(null, lines);
        if (first.status() >= 400) {
            return Output.print(first, options);
        }
        JsonNode body = (JsonNode) first.body();
        if (options.json && !follow) {
            out.println(Json.write(body));
            out.flush();
            return 0;
        }
        print(body);
        if (!follow) {
            return 0;
        }
        String cursor = body.path("cursor").asText();
        boolean told = false;
        while (!Thread.currentThread().isInterrupted()) {
            if (!Files.isRegularFile(options.dataDir().resolve("host.json"))) {
                // no host: nothing new can arrive, and the direct path would take host.lock every
                // poll, which a host starting meanwhile would find held; wait for a host instead
                if (!told) {
                    System.err.println("tandem: no host is running on " + options.dataDir() + "; waiting for one");
                    System.err.flush();
                    told = true;
                }
                Thread.sleep(POLL.toMillis());
                continue;
            }
            told = false;
            ApiResponse next = ask(cursor, null);
            if (next.status() >= 400) {
                return Output.print(next, options);
            }
            JsonNode b = (JsonNode) next.body();
            print(b);
            cursor = b.path("cursor").asText();
            if (!b.path("more").asBoolean()) {
                Thread.sleep(POLL.toMillis()); // the poll period of a follower, not a synchronisation
            }
        }
        return 0;
    }

    /** {@code lines} null: the resource's page size for rows after a cursor. */
    private ApiResponse ask(String cursor, Integer lines) throws Exception {
        return Verbs.send(options, "GET", null, Verbs.query("session", session, "chat", chat, "after", cursor,
                "lines", lines == null ? null : lines.toString()), "messages", "tail");
    }

    private void print(JsonNode body) {
        for (JsonNode row : body.path("rows")) {
            out.println(options.json ? Json.write(row) : line(row, chat != null));
        }
        out.flush();
    }

    /** One row as a line: time, [session,] seq, in/out, kind, status, sender: text [error]. */
    static String line(JsonNode r, boolean withSession) {
        String text = Output.cell(r.get("text"));
        if (text.length() > TEXT_WIDTH) {
            text = text.substring(0, TEXT_WIDTH - 1) + "…";
        }
        boolean in = r.path("direction").asText().equals("in");
        String who = in ? (r.hasNonNull("sender") ? r.path("sender").asText() + ": " : "")
                : (r.hasNonNull("to") ? "→ " + r.path("to").asText() + ": " : "→ ");
        String error = r.hasNonNull("error") ? "  [" + r.path("error").asText().replace('\n', ' ') + "]" : "";
        return String.format("%-24s %s%6d %-3s %-8s %-10s %s%s%s", r.path("at").asText(),
                withSession ? r.path("session").asText() + " " : "", r.path("seq").asLong(),
                r.path("direction").asText(), r.path("kind").asText(), r.path("status").asText(), who, text, error);
    }
}
