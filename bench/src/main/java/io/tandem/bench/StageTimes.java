package io.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a step's round trips spent their time, read back from the session files once the step is
 * over. The host stamps each inbound row as it routes it ({@code messages_in.timestamp}) and the
 * runner each reply as it writes it ({@code messages_out.timestamp}), so send → host's row →
 * runner's reply → seen by the client splits a round trip at the two process boundaries: it tells
 * a wait in front of the runner from one behind it. The files are opened read-only ({@code mode=ro},
 * as {@code tandem-check} does), so reading is safe while the host runs; a file that cannot be read
 * is skipped, never an error. The stamps have millisecond resolution.
 */
final class StageTimes {
    /** The three stages' durations in ms, one entry per round trip found in the files. */
    record Stages(double[] toHostRow, double[] toReplyRow, double[] toClient) {
        int found() {
            return toHostRow.length;
        }

        String line() {
            if (found() == 0) {
                return "  waits: no round trip of this step found in the session files";
            }
            return String.format("  waits (%d round trips, p50 / p99 ms): send → host's row %s · host's row → runner's reply %s"
                    + " · reply → client %s", found(), pair(toHostRow), pair(toReplyRow), pair(toClient));
        }

        private static String pair(double[] v) {
            return String.format("%.0f / %.0f", Stats.pct(v, 50), Stats.pct(v, 99));
        }
    }

    private StageTimes() {
    }

    private record HostRow(String id, long at, String text) {
    }

    private record ReplyRow(String inReplyTo, long at) {
    }

    /**
     * Reads every session under {@code data/sessions} and returns the stages of the round trips in
     * {@code wallMs}: message text → {sent, reply seen} in epoch milliseconds.
     */
    static Stages read(Path data, Map<String, long[]> wallMs) {
        List<double[]> found = new ArrayList<>();
        for (Path session : sessions(data.resolve("sessions"))) {
            Map<String, HostRow> hostRows = new HashMap<>();
            for (HostRow r : rows(session.resolve("inbound.db"), "SELECT id, timestamp, content FROM messages_in",
                    rs -> new HostRow(rs.getString(1), epochMs(rs.getString(2)), textOf(rs.getString(3))))) {
                if (r.text() != null && wallMs.containsKey(r.text())) {
                    hostRows.put(r.id(), r);
                }
            }
            for (ReplyRow r : rows(session.resolve("out").resolve("outbound.db"), "SELECT in_reply_to, min(timestamp) "
                    + "FROM messages_out WHERE in_reply_to IS NOT NULL GROUP BY in_reply_to",
                    rs -> new ReplyRow(rs.getString(1), epochMs(rs.getString(2))))) {
                HostRow host = hostRows.get(r.inReplyTo());
                if (host != null) {
                    long[] wall = wallMs.get(host.text());
                    found.add(new double[] {host.at() - wall[0], r.at() - host.at(), wall[1] - r.at()});
                }
            }
        }
        return new Stages(column(found, 0), column(found, 1), column(found, 2));
    }

    /** The {@code text} of a chat message's JSON content; null when it has none. */
    static String textOf(String content) {
        try {
            JsonNode text = Json.parse(content).get("text");
            return text == null || !text.isTextual() ? null : text.asText();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long epochMs(String stamp) {
        return Timestamps.parse(stamp).toEpochMilli();
    }

    private static double[] column(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i]).sorted().toArray();
    }

    private static List<Path> sessions(Path root) {
        try (Stream<Path> groups = Files.list(root)) {
            List<Path> out = new ArrayList<>();
            for (Path g : groups.filter(Files::isDirectory).toList()) {
                try (Stream<Path> s = Files.list(g)) {
                    s.filter(p -> Files.isRegularFile(p.resolve("inbound.db"))).forEach(out::add);
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The rows {@code sql} finds in {@code file} (read-only); none when the file cannot be read now. */
    private static <T> List<T> rows(Path file, String sql, Sql.RowMapper<T> mapper) {
        try {
            return ReadOnlyReads.read(file, c -> Sql.list(c, sql, mapper)).orElse(List.of());
        } catch (SQLException | RuntimeException e) {
            System.err.println("bench: could not read " + file + ": " + e.getMessage());
            return List.of();
        }
    }
}
