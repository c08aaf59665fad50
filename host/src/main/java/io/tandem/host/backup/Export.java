package io.tandem.host.backup;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tandem export}: a data folder's tables as one JSON document, for inspection and offline
 * analysis, taken while the host runs or not. Each database is first copied by
 * {@link DbSnapshot} into a private folder beside the output (so the live files are locked only
 * for that short copy, never for the export's whole stream), then streamed table by table by
 * {@link TableWriter}, then deleted. The output is written to a temporary file and renamed, so
 * a failed export leaves no half document.
 *
 * <pre>
 * {"tandem_version", "exported_at", "data",
 *  "central": {"table": [row, ...], ...},            (absent with --session)
 *  "sessions": [{"id", "agent_group_id", "inbound": {tables}, "outbound": {tables} | null}]}
 * </pre>
 * A session file that cannot be copied (corrupt, or a hot journal its owner has not rolled back)
 * is written as {@code {"error": "…"}} in place of its tables and listed in {@link Result#missing}.
 */
public final class Export {
    private Export() {
    }

    /** How many sessions were written, and the session files that could not be (with why). */
    public record Result(int sessions, List<String> missing) {
        public Result {
            missing = List.copyOf(missing);
        }
    }

    /** Exports everything, or only session {@code sessionId} when it is not null. */
    public static Result run(Path dataDir, String sessionId, Path out, String version, Clock clock) {
        Path data = Backup.realDataFolder(dataDir);
        Path outAbs = out.toAbsolutePath().normalize();
        if (Files.isDirectory(outAbs)) {
            throw new BackupException("--out " + out + " is a folder; name a file");
        }
        Path work = outAbs.resolveSibling("." + outAbs.getFileName() + ".export-" + java.util.UUID.randomUUID());
        Path tmpOut = work.resolve("export.json");
        try {
            Folders.createPrivate(work);
            Path central = work.resolve("central.db");
            DbSnapshot.take(data.resolve("central.db"), central);
            List<String[]> sessions = sessions(central, sessionId);
            List<String> missing = new ArrayList<>();
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(tmpOut.toFile(), JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("tandem_version", version);
                g.writeStringField("exported_at", Timestamps.now(clock));
                g.writeStringField("data", data.toString());
                if (sessionId == null) {
                    g.writeFieldName("central");
                    TableWriter.write(central, g);
                }
                g.writeArrayFieldStart("sessions");
                for (String[] s : sessions) {
                    session(data, work, s[0], s[1], g, missing);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            Files.move(tmpOut, outAbs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(sessions.size(), missing);
        } catch (IOException e) {
            throw new BackupException("export to " + out + " failed: " + e, e);
        } finally {
            Folders.deleteTree(work);
        }
    }

    private static List<String[]> sessions(Path central, String only) {
        try (Connection c = SqliteOpener.openReadOnly(central)) {
            List<String[]> all = Sql.list(c, "SELECT agent_group_id, id FROM sessions"
                    + (only == null ? "" : " WHERE id = ?") + " ORDER BY agent_group_id, id",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, only == null ? new Object[0]
                            : new Object[] {only});
            if (only != null && all.isEmpty()) {
                throw new BackupException("--session " + only + ": no such session");
            }
            return all;
        } catch (SQLException e) {
            throw new BackupException("central.db: the sessions cannot be listed: " + e.getMessage(), e);
        }
    }

    private static void session(Path data, Path work, String group, String id, JsonGenerator g,
            List<String> missing) throws IOException {
        SessionPaths p = SessionPaths.of(data, group, id);
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("agent_group_id", group);
        for (String side : List.of("inbound", "outbound")) {
            Path live = side.equals("inbound") ? p.inboundDb() : p.outboundDb();
            g.writeFieldName(side);
            if (!Files.isRegularFile(live, LinkOption.NOFOLLOW_LINKS)) {
                g.writeNull();
                continue;
            }
            Path copy = work.resolve(id + "-" + side + ".db");
            try {
                DbSnapshot.take(live, copy);
            } catch (BackupException e) {
                String why = e.getMessage().replaceFirst("^TANDEM-E\\d+: ", "");
                missing.add(Folders.relative(data, live) + ": " + why);
                g.writeStartObject();
                g.writeStringField("error", why);
                g.writeEndObject();
                continue;
            }
            try {
                TableWriter.write(copy, g);
            } finally {
                Files.deleteIfExists(copy);
            }
        }
        g.writeEndObject();
    }
}
