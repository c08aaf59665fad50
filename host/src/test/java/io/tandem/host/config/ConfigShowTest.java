package io.tandem.host.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.Cli;
import io.tandem.host.support.JavaProcesses;
import io.tandem.schema.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem config show} prints the effective configuration with every secret masked: a token
 * from the file, one from the environment (a real child process, so the environment is real), and
 * a {@code token_file} shown as its path, its content never read into the output.
 */
class ConfigShowTest {
    @TempDir
    Path tmp;

    @Test
    void aTokenInTheFileIsMaskedAndOtherValuesShowWithTheirOrigin() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("tandem.conf"), "adapters.http.token = \"file-secret-123\"\n"
                + "containers.max_running = 3\n");
        Cli.Result r = Cli.run("config", "show", "--data", data.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("file-secret-123").contains(SecretNames.MASK)
                .contains("containers.max_running = 3  # " + data.resolve("tandem.conf") + ": 2\n")
                .contains("adapters.http.token = \"" + SecretNames.MASK + "\"  # ")
                .contains("\nsweep.max_tries = 5\n").contains("data_dir = \"" + data + "\"  # flag\n");

        Cli.Result j = Cli.run("config", "show", "--data", data.toString(), "--json");
        assertThat(j.code()).as(j.toString()).isZero();
        JsonNode doc = j.json();
        assertThat(doc.path("adapters").path("http").path("token").asText()).isEqualTo(SecretNames.MASK);
        assertThat(doc.path("adapters").path("telegram").path("token").asText()).as("empty stays empty").isEmpty();
        assertThat(doc.path("containers").path("max_running").asInt()).isEqualTo(3);
        assertThat(doc.path("data_dir").asText()).isEqualTo(data.toString());
    }

    @Test
    void aTokenFromTheEnvironmentIsMaskedAndATokenFileShowsOnlyItsPath() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path tokenFile = tmp.resolve("bot.token");
        Files.writeString(tokenFile, "file-content-789\n");
        Files.writeString(data.resolve("tandem.conf"), "adapters.telegram.token_file = \"" + tokenFile + "\"\n");
        ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "config", "show", "--json",
                "--data", data.toString());
        pb.environment().put("TANDEM_ADAPTERS__HTTP__TOKEN", "env-secret-456");
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("env-secret-456").doesNotContain("file-content-789");
        JsonNode doc = Json.parse(out);
        assertThat(doc.path("adapters").path("http").path("token").asText()).isEqualTo(SecretNames.MASK);
        assertThat(doc.path("adapters").path("telegram").path("token_file").asText()).isEqualTo(tokenFile.toString());
    }

    @Test
    void aBadKeyIsRefusedNamingIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("tandem.conf"), "containers.max_runing = 3\n");
        Cli.Result r = Cli.run("config", "show", "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("containers.max_runing");
    }
}
