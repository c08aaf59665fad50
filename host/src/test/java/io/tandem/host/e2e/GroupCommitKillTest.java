package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 202-after-commit rule under group commit: many POSTs for one chat are in flight (so the
 * session lane coalesces them into shared transactions) when the host is SIGKILLed. Every message
 * that got a 202 is in {@code inbound.db} after the restart, with the even seq its 202 named, and
 * seq stays unique and even.
 */
class GroupCommitKillTest {
    private static final int CLIENTS = 8;

    @TempDir
    Path tmp;

    @Test
    void everyMessageThatGot202SurvivesAKillWithPostsInFlight() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_LOG_LEVEL", "DEBUG"); // to see that the burst was really coalesced
        HostProcess host = HostProcess.start(data, env);
        HostProcess killed = host;
        Map<String, Long> confirmed = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failedPosts = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            // the session exists (and its runner is warm) before the burst
            assertThat(new ChatClient(host.httpBase()).say("demo", "ann", "first").status()).isEqualTo(202);
            String base = host.httpBase();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                int client = t;
                running.add(clients.submit(() -> {
                    ChatClient chat = new ChatClient(base);
                    for (int i = 0; !stop.get(); i++) {
                        String text = "c" + client + "-m" + i;
                        try {
                            ChatClient.Reply r = chat.say("demo", "ann", text);
                            if (r.status() == 202) {
                                confirmed.put(text, r.body().path("routed").get(0).path("seq").asLong());
                            }
                        } catch (Exception e) {
                            failedPosts.incrementAndGet(); // in flight when the host died: never confirmed
                            return null;
                        }
                    }
                    return null;
                }));
            }
            await("confirmations before the kill").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(2)).until(() -> confirmed.size() >= 60);
            host.kill9();
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            Map<String, Long> acknowledged = Map.copyOf(confirmed);
            assertThat(killed.logText()).as("inserts were coalesced into shared commits")
                    .contains("inbound.group_commit");
            host = HostProcess.start(data);

            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            List<Map<String, Object>> rows = db.inbound(s,
                    "SELECT seq, json_extract(content, '$.text') AS text FROM messages_in WHERE kind = 'chat'");
            Map<String, Long> stored = new java.util.HashMap<>();
            for (Map<String, Object> r : rows) {
                stored.put((String) r.get("text"), ((Number) r.get("seq")).longValue());
            }
            assertThat(acknowledged).as("messages confirmed while the burst ran").hasSizeGreaterThanOrEqualTo(60);
            assertThat(failedPosts.get()).as("posts in flight when the host died").isPositive();
            for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
                assertThat(stored).as("message %s got a 202", e.getKey()).containsEntry(e.getKey(), e.getValue());
            }
            assertThat(stored.values()).allMatch(seq -> seq % 2 == 0).doesNotHaveDuplicates();
        } finally {
            stop.set(true);
            clients.shutdownNow();
            host.close();
        }
    }
}
