package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code /admin/v1/status} as the human screen: a few key lines (host, adapters, runners,
 * sweep), then aligned tables of groups, sessions and the last errors. A pure function of the
 * JSON, so what a user sees is exactly what {@code --json} carries.
 */
final class StatusScreen {
    private StatusScreen() {
    }

    static String render(JsonNode s) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        JsonNode h = s.path("host");
        if (h.path("running").asBoolean()) {
            out.println("host      running  pid " + h.path("pid").asText() + "  up " + duration(h.path("uptime_s").asLong())
                    + "  version " + h.path("version").asText() + "  since " + h.path("started_at").asText());
            out.println("          http " + h.path("http").asText() + "  admin " + h.path("admin").asText()
                    + "  data " + h.path("data").asText());
        } else {
            out.println("host      not running  data " + h.path("data").asText());
        }
        if (!s.path("adapters").isEmpty()) {
            List<String> a = new ArrayList<>();
            s.path("adapters").forEach(n -> a.add(n.path("type").asText() + (n.path("started").asBoolean()
                    ? " started" : " NOT STARTED")));
            out.println("adapters  " + String.join(", ", a));
        }
        JsonNode r = s.path("runners");
        if (!r.isMissingNode() && !r.isNull()) {
            List<String> running = new ArrayList<>();
            List<String> other = new ArrayList<>();
            r.path("slots").fields().forEachRemaining(e -> {
                if (e.getValue().asText().equals("running")) {
                    running.add(e.getKey());
                } else {
                    other.add(e.getKey() + " (" + e.getValue().asText() + ")");
                }
            });
            List<String> queued = new ArrayList<>();
            r.path("queued").forEach(q -> queued.add(q.asText()));
            out.println("runners   " + running.size() + " running of " + r.path("cap").asText() + " slots"
                    + (running.isEmpty() ? "" : ": " + String.join(", ", running))
                    + (other.isEmpty() ? "" : "; " + String.join(", ", other))
                    + "; " + queued.size() + " queued" + (queued.isEmpty() ? "" : ": " + String.join(", ", queued)));
        }
        JsonNode w = s.path("sweep");
        if (!w.isMissingNode() && !w.isNull()) {
            out.println("sweep     every " + duration(w.path("interval_seconds").asLong()) + "  last "
                    + (w.hasNonNull("last_completed") ? w.path("last_completed").asText() + "  sessions "
                    + w.path("sessions").asText() + " visited " + w.path("visited").asText() + " skipped "
                    + w.path("skipped").asText() + " in " + w.path("ms").asText() + " ms" : "none yet"));
        }
        s.path("quarantined").fields().forEachRemaining(e -> out.println("QUARANTINED " + e.getKey() + ": "
                + e.getValue().asText()));

        out.println();
        out.println("GROUPS");
        table(out, s.path("groups"), new String[] {"id", "name", "runtime", "sessions"});
        out.println();
        out.println("SESSIONS (" + s.path("sessions").size() + " of " + s.path("sessions_active").asText()
                + " active)");
        table(out, s.path("sessions"), new String[] {"id", "group", "chat", "container", "runner", "last_in",
            "last_out", "due", "scheduled", "failed", "failed_deliveries", "heartbeat_age_s"});
        out.println();
        out.println("LAST ERRORS (" + s.path("errors").size() + ")");
        if (s.path("errors").isEmpty()) {
            out.println("none");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"AT", "LEVEL", "LOGGER", "EVENT", "DETAILS"});
            for (JsonNode e : s.path("errors")) {
                StringBuilder d = new StringBuilder();
                e.path("fields").fields().forEachRemaining(f -> d.append(f.getKey()).append('=')
                        .append(f.getValue().asText()).append(' '));
                if (e.hasNonNull("error")) {
                    d.append(e.path("error").asText());
                }
                rows.add(new String[] {e.path("at").asText(), e.path("level").asText(), e.path("logger").asText(),
                    e.path("message").asText(), d.toString().strip().replace('\n', ' ')});
            }
            Output.table(out, rows, true);
        }
        out.flush();
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void table(PrintStream out, JsonNode items, String[] columns) {
        if (items.isEmpty()) {
            out.println("none");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(java.util.Arrays.stream(columns).map(c -> (c.endsWith("_s") ? c.substring(0, c.length() - 2) : c).replace('_', ' ')
                .toUpperCase(java.util.Locale.ROOT)).toArray(String[]::new));
        for (JsonNode item : items) {
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = Output.cell(item.get(columns[i]));
            }
            rows.add(row);
        }
        Output.table(out, rows, true);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
        }
        return seconds / 86400 + "d" + seconds % 86400 / 3600 + "h";
    }
}
