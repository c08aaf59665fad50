package io.tandem.host.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.config.SecretNames;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Streams every table of one SQLite file (a private snapshot, never a live file) as
 * {@code {"table": [{"column": value, ...}, ...], ...}}, row by row, so a big table never sits in
 * memory. Secrets never leave: a column whose name is secret ({@link SecretNames}) is masked, and
 * so is every secret-named field inside a column holding a JSON object or array (a group's
 * {@code env}, an agent config).
 */
final class TableWriter {
    private TableWriter() {
    }

    static void write(Path db, JsonGenerator g) throws IOException {
        try (Connection c = SqliteOpener.openReadOnly(db)) {
            List<String> tables = Sql.list(c, "SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite_%' ORDER BY name", rs -> rs.getString(1));
            g.writeStartObject();
            for (String t : tables) {
                g.writeArrayFieldStart(t);
                rows(c, t, g);
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (SQLException e) {
            throw new BackupException(db.getFileName() + " cannot be exported: " + e.getMessage(), e);
        }
    }

    private static void rows(Connection c, String table, JsonGenerator g) throws SQLException, IOException {
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quoted);
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            while (rs.next()) {
                g.writeStartObject();
                for (int i = 1; i <= n; i++) {
                    g.writeFieldName(md.getColumnLabel(i));
                    value(rs, i, md.getColumnLabel(i), g);
                }
                g.writeEndObject();
            }
        }
    }

    private static void value(ResultSet rs, int i, String column, JsonGenerator g) throws SQLException, IOException {
        Object v = rs.getObject(i);
        if (v == null) {
            g.writeNull();
        } else if (SecretNames.isSecret(column)) {
            g.writeString(SecretNames.MASK);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number num) {
            g.writeNumber(num.doubleValue());
        } else if (v instanceof byte[] b) {
            g.writeBinary(b);
        } else if (rs.getMetaData().getColumnType(i) == Types.BLOB) {
            g.writeBinary(rs.getBytes(i));
        } else {
            g.writeString(maskedText(v.toString()));
        }
    }

    /** Text that is a JSON object or array, with its secret-named fields masked; other text as it is. */
    static String maskedText(String text) {
        String t = text.stripLeading();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return text;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException | UncheckedIOException e) {
            return text;
        }
        JsonNode masked = SecretNames.maskFields(node);
        return masked.equals(node) ? text : Json.write(masked);
    }
}
