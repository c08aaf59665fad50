package io.tandem.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.admin.api.ApiResponse;
import io.tandem.schema.json.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an admin answer: {@code --json} prints the API's JSON as it came; otherwise the named
 * columns as an aligned table on a terminal and tab-separated lines without one (for scripts).
 * A refusal prints its message on stderr and is exit 1.
 */
final class Output {
    private Output() {
    }

    static int print(ApiResponse resp, AdminOptions o, String... columns) {
        JsonNode body = (JsonNode) resp.body();
        if (resp.status() >= 400) {
            System.err.println("tandem: " + body.path("error").path("message").asText("HTTP " + resp.status()));
            System.err.flush();
            return 1;
        }
        PrintStream out = System.out;
        if (o.json) {
            out.println(Json.write(body));
        } else {
            List<String[]> rows = new ArrayList<>();
            boolean tty = System.console() != null;
            if (tty) {
                rows.add(java.util.Arrays.stream(columns).map(c -> c.toUpperCase(java.util.Locale.ROOT))
                        .toArray(String[]::new));
            }
            for (JsonNode item : body.isArray() ? body : List.of(body)) {
                String[] row = new String[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    row[i] = cell(item.get(columns[i]));
                }
                rows.add(row);
            }
            table(out, rows, tty);
        }
        out.flush();
        return 0;
    }

    static String cell(JsonNode v) {
        if (v == null || v.isNull()) {
            return "-";
        }
        if (v.isContainerNode()) {
            if (v.isArray() && v.isEmpty()) {
                return "-";
            }
            return Json.write(v);
        }
        return v.asText().replace('\t', ' ').replace('\n', ' ');
    }

    static void table(PrintStream out, List<String[]> rows, boolean aligned) {
        int n = rows.isEmpty() ? 0 : rows.get(0).length;
        int[] width = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(aligned ? "  " : "\t");
                }
                b.append(aligned && i < n - 1 ? String.format("%-" + width[i] + "s", r[i]) : r[i]);
            }
            out.println(b);
        }
    }
}
