package io.tandem.host.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.config.SecretNames;
import io.tandem.schema.db.Sql;
import io.tandem.schema.db.SqliteOpener;
import io.tandem.schema.json.Json;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which names are secrets, and an exported table with secrets in columns and inside JSON text. */
class SecretMaskingTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "token, true", "TOKEN, true", "bot_token, true", "api_key, true",
        "OPENAI_API_KEY, true", "apiKey, true", "apikey, true", "privateKey, true", "client_secret, true",
        "password, true", "DB_PASSWORD, true", "credentials, true",
        "token_file, false", "api_key_env, false", "key, false", "max_tokens, false", "keys, false",
        "model, false", "text, false", "secret_path, false", "monkey, false"})
    void secretNames(String name, boolean secret) {
        assertThat(SecretNames.isSecret(name)).isEqualTo(secret);
    }

    @Test
    void anExportedTableMasksSecretColumnsAndSecretFieldsInsideJsonText() throws Exception {
        Path db = tmp.resolve("t.db");
        try (Connection c = SqliteOpener.openSession(db, io.tandem.schema.db.Durability.PROCESS)) {
            Sql.exec(c, "CREATE TABLE container_configs(agent_group_id TEXT, env TEXT, agent TEXT, note TEXT)");
            Sql.exec(c, "CREATE TABLE chat_sdk_locks(thread_id TEXT, token TEXT, expires_at TEXT)");
            Sql.exec(c, "CREATE TABLE chat_sdk_kv(key TEXT, value TEXT, n INTEGER, r REAL, b BLOB)");
            Sql.update(c, "INSERT INTO container_configs VALUES (?, ?, ?, ?)", "echo",
                    "{\"OPENAI_API_KEY\":\"sk-live-123\",\"LANG\":\"C\"}",
                    "{\"kind\":\"openai\",\"api_key_env\":\"OPENAI_API_KEY\",\"nested\":[{\"password\":\"pw-9\"}]}",
                    "{not json");
            Sql.update(c, "INSERT INTO chat_sdk_locks VALUES ('t1', 'lock-token-7', NULL)");
            Sql.update(c, "INSERT INTO chat_sdk_kv VALUES ('offset', '42', 7, 1.5, x'0102')");
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            TableWriter.write(db, g);
        }
        String text = w.toString();
        assertThat(text).doesNotContain("sk-live-123").doesNotContain("pw-9").doesNotContain("lock-token-7");
        JsonNode doc = Json.parse(text);
        JsonNode cfg = doc.path("container_configs").get(0);
        assertThat(Json.parse(cfg.path("env").asText()).path("OPENAI_API_KEY").asText()).isEqualTo(SecretNames.MASK);
        assertThat(Json.parse(cfg.path("env").asText()).path("LANG").asText()).isEqualTo("C");
        assertThat(Json.parse(cfg.path("agent").asText()).path("api_key_env").asText()).isEqualTo("OPENAI_API_KEY");
        assertThat(cfg.path("note").asText()).isEqualTo("{not json");
        assertThat(doc.path("chat_sdk_locks").get(0).path("token").asText()).isEqualTo(SecretNames.MASK);
        assertThat(doc.path("chat_sdk_locks").get(0).path("expires_at").isNull()).isTrue();
        JsonNode kv = doc.path("chat_sdk_kv").get(0);
        assertThat(kv.path("key").asText()).isEqualTo("offset");
        assertThat(kv.path("n").asLong()).isEqualTo(7);
        assertThat(kv.path("r").asDouble()).isEqualTo(1.5);
        assertThat(kv.path("b").asText()).isEqualTo("AQI=");
    }
}
