package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.support.ChatClient;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.HostProcess;
import io.tandem.schema.session.ExclusiveFileLock;
import io.tandem.schema.session.SessionPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 10 under fire: runners and the host are SIGKILLed at seeded random points while
 * messages flow. Every message the host confirmed (202) is answered exactly once, and the data
 * folder still holds to the contract.
 */
class KillAtRandomPointsTest {
    private static final int MESSAGES = 24;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 42})
    void everyConfirmedMessageIsAnsweredExactlyOnceAcrossKills(long seed) throws Exception {
        Random random = new Random(seed);
        Path data = tmp.resolve("data");
        List<String> confirmed = new ArrayList<>();
        int runnerKills = 0;
        int hostKills = 0;
        // A message hit by several kills must not run out of tries: this test is about loss and
        // duplication, not about the give-up rule (RecoveryPolicyTest covers that).
        Map<String, String> env = new java.util.LinkedHashMap<>(HostProcess.testEnv());
        env.put("TANDEM_SWEEP__MAX_TRIES", "20");
        // Nor about the crash-loop breaker, which would hold runners after the third host kill
        // (CrashLoopBreakerTest covers it).
        env.put("TANDEM_CRASH_LOOP__UNCLEAN_STARTS", "0");
        HostProcess host = HostProcess.start(data, env);
        try {
            for (int i = 0; i < MESSAGES; i++) {
                String text = "msg-" + i;
                ChatClient.Reply r = new ChatClient(host.httpBase()).say("demo", "ann", text);
                if (r.status() == 202) {
                    confirmed.add(text);
                }
                int dice = random.nextInt(8);
                if (dice <= 1) {
                    runnerKills += killRunnerOnceUp(data) ? 1 : 0;
                } else if (dice == 2) {
                    host.kill9();
                    hostKills++;
                    host = HostProcess.start(data, env);
                }
            }
            assertThat(confirmed).hasSize(MESSAGES);
            assertThat(runnerKills).as("runners killed mid-flight").isPositive();
            assertThat(hostKills).as("hosts killed").isPositive();
            ChatClient chat = new ChatClient(host.httpBase());
            Map<String, Integer> answers = new HashMap<>();
            long[] cursor = {0};
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(10)).until(() -> {
                ChatClient.Reply r = chat.poll("demo", cursor[0], 5);
                for (JsonNode e : r.body().path("events")) {
                    answers.merge(e.path("text").asText(), 1, Integer::sum);
                    cursor[0] = e.path("cursor").asLong();
                }
                return answers.size() >= MESSAGES;
            });
            for (String text : confirmed) {
                assertThat(answers.get("echo: " + text)).as("answers to %s", text).isEqualTo(1);
            }
            DataInspector db = new DataInspector(data);
            SessionPaths s = db.onlySession();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    db.inbound(s, "SELECT count(*) AS n FROM messages_in WHERE kind = 'chat' AND status = 'completed'"))
                    .containsExactly(Map.of("n", MESSAGES)));
            assertThat(db.inbound(s, "SELECT count(*) AS n FROM delivered WHERE status = 'delivered'"))
                    .containsExactly(Map.of("n", MESSAGES));
            assertThat(db.runTandemCheck()).contains("0 problems");
        } finally {
            host.close();
        }
    }

    /**
     * Waits until the session's runner is up (it holds {@code runner.lock}), then SIGKILLs it:
     * whatever it is doing at that instant (waking, acking, waiting on the agent, committing).
     */
    private static boolean killRunnerOnceUp(Path data) throws Exception {
        DataInspector db = new DataInspector(data);
        var sessions = db.central("SELECT id, agent_group_id FROM sessions");
        assertThat(sessions).hasSize(1);
        SessionPaths s = SessionPaths.of(data, (String) sessions.get(0).get("agent_group_id"),
                (String) sessions.get(0).get("id"));
        java.util.concurrent.atomic.AtomicReference<ProcessHandle> runner = new java.util.concurrent.atomic.AtomicReference<>();
        await("runner up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
            if (ExclusiveFileLock.isFree(s.runnerLock())) {
                return false;
            }
            ExclusiveFileLock.readPid(s.runnerLock()).flatMap(ProcessHandle::of).ifPresent(runner::set);
            return runner.get() != null;
        });
        boolean killed = runner.get().destroyForcibly();
        runner.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        return killed;
    }
}
