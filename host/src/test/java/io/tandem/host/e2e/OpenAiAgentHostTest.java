package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.Cli;
import io.tandem.host.support.DataFolders;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a group configured with {@code tandem group add --agent openai --api-key-env …}
 * answers a chat through a fake chat-completions server on loopback, and the key travels only
 * from the host's environment to that group's runner and on to the server: it is in no other
 * runner's environment, in no session file and in no log.
 */
class OpenAiAgentHostTest {
    private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LC_ALL", "TZ", "HOME");
    private static final String KEY = "sk-e2e-7c3e9a1f5b";

    @TempDir
    Path tmp;

    @Test
    void theKeyReachesOnlyItsGroupsRunnerAndTheServer() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                byte[] body = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"hello from the model\"},\"finish_reason\":\"stop\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        server.start();
        Path data = DataFolders.init(tmp.resolve("data"));
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("OPENAI_KEY_FOR_TEST", KEY);
        try (HostProcess host = HostProcess.start(data, env)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            ok("group", "add", "ai", "--agent", "openai", "--base-url", base, "--model", "test-model",
                    "--api-key-env", "OPENAI_KEY_FOR_TEST", "--data", data.toString());
            ok("channel", "add", "http:ai", "--policy", "public", "--data", data.toString());
            ok("wire", "add", "http:ai", "ai", "--pattern", ".", "--data", data.toString());

            ChatClient chat = new ChatClient(host.httpBase());
            chat.say("ai", "ann", "hi model");
            assertThat(chat.awaitEvent("ai", 0, 60).path("text").asText()).isEqualTo("hello from the model");
            chat.say("demo", "bob", "hi echo");
            assertThat(chat.awaitEvent("demo", 0, 60).path("text").asText()).isEqualTo("echo: hi echo");
            assertThat(authorizations).containsExactly("Bearer " + KEY);

            DataInspector inspect = new DataInspector(data);
            Map<String, SessionPaths> sessions = inspect.central("SELECT id, agent_group_id FROM sessions").stream()
                    .collect(Collectors.toMap(r -> (String) r.get("agent_group_id"),
                            r -> SessionPaths.of(data, (String) r.get("agent_group_id"), (String) r.get("id"))));
            Map<String, String> aiEnv = environ(sessions.get("ai"));
            Map<String, String> echoEnv = environ(sessions.get("echo"));
            assertThat(aiEnv).containsEntry("OPENAI_KEY_FOR_TEST", KEY);
            assertThat(aiEnv.keySet()).allMatch(k -> ALLOWED.contains(k) || k.equals("OPENAI_KEY_FOR_TEST"));
            assertThat(echoEnv.keySet()).allMatch(ALLOWED::contains);
            assertThat(echoEnv.values()).noneMatch(v -> v.contains(KEY));

            assertThat(Files.readString(sessions.get("ai").containerJson()))
                    .contains("\"api_key_env\" : \"OPENAI_KEY_FOR_TEST\"").doesNotContain(KEY);
        }
        // after the host stopped (runners gone): no file under data, and no host log, holds the key
        try (Stream<Path> files = Stream.concat(Files.walk(data), Files.list(tmp).filter(p -> p.toString().endsWith(".log")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as("%s", f)
                        .doesNotContain(KEY);
            }
        } finally {
            server.stop(0);
        }
    }

    private static void ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as("%s", r).isZero();
    }

    /** The environment of the runner holding {@code s}'s lock, from /proc. */
    private static Map<String, String> environ(SessionPaths s) throws Exception {
        await("runner of " + s.root()).atMost(Duration.ofSeconds(30))
                .until(() -> ExclusiveFileLock.readPid(s.runnerLock()).isPresent());
        long pid = ExclusiveFileLock.readPid(s.runnerLock()).orElseThrow();
        return Arrays.stream(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"))
                .filter(e -> e.contains("=")).collect(Collectors.toMap(e -> e.substring(0, e.indexOf('=')),
                        e -> e.substring(e.indexOf('=') + 1), (a, b) -> b));
    }
}
