package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http listener holds under abuse, tried against a real host: a body trickled one byte every
 * 2 s is cut off at {@code adapters.http.body_timeout}, and connections over
 * {@code adapters.http.max_connections} get 503 while a normal POST succeeds again once the count
 * is back under the cap; a connection that stays silent is closed at {@code idle_timeout}.
 */
class HttpEdgeTest {
    private static final int CAP = 12;

    @TempDir
    static Path tmp;
    static HostProcess host;
    static int port;

    @BeforeAll
    static void startHost() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_ADAPTERS__HTTP__MAX_CONNECTIONS", Integer.toString(CAP));
        env.put("TANDEM_ADAPTERS__HTTP__BODY_TIMEOUT", "3s");
        env.put("TANDEM_ADAPTERS__HTTP__IDLE_TIMEOUT", "31s");
        host = HostProcess.start(tmp.resolve("data"), env);
        port = Integer.parseInt(host.http().substring(host.http().lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aBodyTrickledOneByteEveryTwoSecondsIsCutOffByTheDeadline() throws Exception {
        String body = "{\"sender\":{\"id\":\"slow\"},\"text\":\"" + "x".repeat(100) + "\"}";
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chats/demo/messages HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                    + "content-length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            trickle.scheduleAtFixedRate(() -> {
                int i = sent.get();
                if (i < body.length()) {
                    try {
                        out.write(body.charAt(i));
                        out.flush();
                        sent.incrementAndGet();
                    } catch (IOException closed) {
                        trickle.shutdown();
                    }
                }
            }, 0, 2, TimeUnit.SECONDS);
            String answer = readUntilClosed(s.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("\"code\":\"request_timeout\"").contains("body_timeout");
            assertThat(took).as("cut off near the 3 s deadline, long before the body could finish")
                    .isLessThan(Duration.ofSeconds(25));
            assertThat(sent.get()).isLessThan(body.length());
        } finally {
            trickle.shutdownNow();
        }
        assertThat(new ChatClient(host.httpBase()).say("demo", "ann", "after the slow one").status()).isEqualTo(202);
    }

    @Test
    void connectionsOverTheCapGet503AndANormalPostSucceedsOnceUnder() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                held.add(new Socket("127.0.0.1", port));
            }
            ChatClient.Reply refused = new ChatClient(host.httpBase()).say("demo", "ann", "over the cap");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().path("error").path("code").asText()).isEqualTo("unavailable");
            assertThat(refused.body().path("error").path("message").asText()).contains("max_connections");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Awaitility.await("a POST is taken again once under the cap").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> new ChatClient(host.httpBase()).say("demo", "ann", "under the cap").status() == 202);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(90_000);
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed by the host, nothing sent").isEqualTo(-1);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(25)).isLessThan(Duration.ofSeconds(75));
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open; read so far: " + b, e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
