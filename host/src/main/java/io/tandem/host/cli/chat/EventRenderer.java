package io.tandem.host.cli.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns one event of a chat's stream (DESIGN 6 event JSON) into the lines the terminal prints,
 * and the question it opens, if any. Every shown message carries its number in brackets (the
 * event's {@code platform_message_id}, the cursor on the http channel), so an edit or a reaction
 * can name the message it changes: {@code [5] echo edited [3]: ...}. A message the user sent
 * from this terminal is named by its text instead ({@link SentMessages}). Pure apart from reading
 * {@link SentMessages}; {@code typing} prints nothing (it is ephemeral, DESIGN 6).
 */
public final class EventRenderer {
    static final String INDENT = "    ";
    private static final int MAX_CARD_JSON = 200;
    private static final int MAX_QUOTE = 40;

    private final Supplier<String> baseUrl;
    private final SentMessages sent;

    /**
     * {@code baseUrl} prefixes the relative file links of events ({@code http://host:port}); asked
     * at each link, since a restarted host may listen elsewhere.
     */
    public EventRenderer(Supplier<String> baseUrl, SentMessages sent) {
        this.baseUrl = baseUrl;
        this.sent = sent;
    }

    /** What to print for an event, and the question it asks (null when it asks none). */
    public record Rendered(List<String> lines, OpenQuestion question) {
        public Rendered {
            lines = List.copyOf(lines);
        }
    }

    public Rendered render(SseEvent e) {
        JsonNode ev;
        try {
            ev = Json.parse(e.data());
        } catch (IllegalArgumentException bad) {
            return new Rendered(List.of("(event " + label(e.id()) + " could not be read: " + bad.getMessage() + ")"),
                    null);
        }
        if (!ev.isObject()) {
            return new Rendered(List.of("(event " + label(e.id()) + " is not a JSON object)"), null);
        }
        String type = ev.hasNonNull("type") ? ev.path("type").asText() : e.type();
        String number = "[" + ev.path("platform_message_id").asText(ev.path("cursor").asText(e.id())) + "]";
        String who = ev.path("agent_group_id").asText("agent");
        List<String> lines = new ArrayList<>();
        OpenQuestion question = null;
        switch (type) {
            case "typing" -> {
                // ephemeral: nothing to keep on screen
            }
            case "message" -> text(lines, number + " " + who + ": ", ev.path("text").asText(""));
            case "edit" -> text(lines, number + " " + who + " edited " + target(ev) + ": ", ev.path("text").asText(""));
            case "reaction" -> lines.add(number + " " + who + " reacted " + ev.path("emoji").asText("?")
                    + " to " + target(ev));
            case "card" -> text(lines, number + " " + who + " (card): ", cardText(ev));
            case "question" -> {
                question = OpenQuestion.of(ev);
                question(lines, number + " " + who + " asks: ", ev, question);
            }
            default -> lines.add(number + " " + who + " sent a " + type + " event this terminal cannot show");
        }
        files(lines, ev.path("files"));
        return new Rendered(lines, question);
    }

    private static void text(List<String> lines, String head, String text) {
        String[] parts = text.split("\r\n|\r|\n", -1);
        lines.add(head + parts[0]);
        for (int i = 1; i < parts.length; i++) {
            lines.add(INDENT + parts[i]);
        }
    }

    private static String cardText(JsonNode ev) {
        if (ev.hasNonNull("text") && !ev.path("text").asText().isEmpty()) {
            return ev.path("text").asText();
        }
        String json = Json.write(ev.path("card"));
        return json.length() > MAX_CARD_JSON ? json.substring(0, MAX_CARD_JSON) + "…" : json;
    }

    private static void question(List<String> lines, String head, JsonNode ev, OpenQuestion q) {
        String title = ev.path("title").asText("");
        String text = ev.path("text").asText("");
        if (title.isEmpty()) {
            text(lines, head, text);
        } else {
            lines.add(head + title);
            if (!text.isEmpty()) {
                text(lines, INDENT, text);
            }
        }
        if (q == null) {
            lines.add(INDENT + "(this question has no options to choose from)");
            return;
        }
        for (int i = 0; i < q.options().size(); i++) {
            lines.add(INDENT + (i + 1) + ") " + q.options().get(i).label());
        }
        int n = q.options().size();
        lines.add(INDENT + "(type " + (n == 1 ? "1" : "1-" + n) + " or /answer N to answer)");
    }

    private void files(List<String> lines, JsonNode files) {
        for (JsonNode f : files) {
            String url = f.path("url").asText("");
            lines.add(INDENT + "file: " + f.path("name").asText("?") + " (" + f.path("type").asText("?") + ", "
                    + f.path("size").asLong() + " bytes)" + (url.isEmpty() ? "" : " " + (url.startsWith("/")
                    ? baseUrl.get() + url : url)));
        }
    }

    private String target(JsonNode ev) {
        String id = ev.path("target_platform_message_id").asText("");
        Optional<String> own = sent.text(id);
        if (own.isPresent()) {
            String t = own.get().replaceAll("\\s+", " ");
            return "your message \"" + (t.length() > MAX_QUOTE ? t.substring(0, MAX_QUOTE) + "…" : t) + "\"";
        }
        return "[" + (id.isEmpty() ? "?" : id) + "]";
    }

    private static String label(String id) {
        return id == null || id.isEmpty() ? "without id" : id;
    }
}
