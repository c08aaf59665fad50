package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.JavaProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TANDEM_LOG_LEVEL=DEBUG} takes effect with the production {@code logback.xml} (the one in
 * tandem.jar; the test classpath's logback-test.xml is bypassed on purpose): the http edge logs
 * its requests at debug, and by default nothing is logged at debug.
 */
class LogLevelTest {
    private static final Pattern READY = Pattern.compile("tandem ready http=(\\S+) admin=\\S+ data=.+");

    @TempDir
    Path tmp;

    @Test
    void debugLinesAppearOnlyWhenAskedFor() throws Exception {
        String debug = runAndPost("debug", Map.of("TANDEM_LOG_LEVEL", "DEBUG"));
        assertThat(debug).contains("DEBUG ConfigLoader config.loaded").contains("DEBUG HttpChannel http.request")
                .contains("DEBUG MessagesEndpoint http.message_posted");
        String quiet = runAndPost("quiet", Map.of());
        assertThat(quiet).contains("INFO").doesNotContain(" DEBUG ");
    }

    /** Runs a host with the production logging config, posts one message, stops it; returns its stderr. */
    private String runAndPost(String name, Map<String, String> env) throws Exception {
        Path data = tmp.resolve(name);
        Path err = tmp.resolve(name + ".log");
        ProcessBuilder pb = JavaProcesses.builder("io.tandem.host.cli.TandemCli", "up", "--data", data.toString(),
                "--http", "127.0.0.1:0", "--admin", "127.0.0.1:0");
        pb.command().add(1, "-Dlogback.configurationFile=" + productionLogback());
        pb.environment().putAll(HostProcess.testEnv());
        pb.environment().remove("TANDEM_LOG_LEVEL");
        pb.environment().putAll(env);
        pb.redirectError(err.toFile());
        Process p = pb.start();
        AtomicReference<String> http = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.matches()) {
                        http.set(m.group(1));
                    }
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await("ready").atMost(Duration.ofSeconds(60)).until(() -> http.get() != null || !p.isAlive());
            assertThat(http.get()).as(Files.readString(err)).isNotNull();
            assertThat(new ChatClient("http://" + http.get()).say("demo", "ann", "hi").status()).isEqualTo(202);
        } finally {
            p.destroy();
            if (!p.waitFor(40, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return Files.readString(err);
    }

    private static Path productionLogback() throws URISyntaxException {
        // target/classes/logback.xml: the file shaded into tandem.jar
        Path classes = Path.of(io.tandem.host.cli.TandemCli.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        Path file = classes.resolve("logback.xml");
        assertThat(file).exists();
        return file;
    }
}
