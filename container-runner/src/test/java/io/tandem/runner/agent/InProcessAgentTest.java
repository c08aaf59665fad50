package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.json.Json;
import io.tandem.schema.session.ContainerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Built-in agents on a thread, driven through the same {@link AgentConnection} as a process. */
class InProcessAgentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<AgentLine> seen = new CopyOnWriteArrayList<>();

    private static AgentSetup setup() {
        return new AgentSetup(ContainerSpec.Agent.echo(), "s-1", Path.of("."), Path.of("."), Map.of(),
                LoggerFactory.getLogger("test.agent"));
    }

    private AgentConnection start(BuiltInAgent agent) {
        return AgentConnection.start(InProcessAgent.start("t", agent, setup()), seen::addAll);
    }

    private List<String> texts() {
        return seen.stream().filter(l -> l instanceof AgentLine.Text).map(l -> ((AgentLine.Text) l).text()).toList();
    }

    private boolean closed() {
        return seen.stream().anyMatch(l -> l instanceof AgentLine.Closed);
    }

    @Test
    void the_echo_agent_answers_a_batch_over_the_pipes_and_ends_with_code_0_at_input_eof() throws Exception {
        AgentConnection echo = start(EchoAgent::serve);
        echo.send(List.of("{\"type\":\"hello\",\"protocol\":1}",
                "{\"type\":\"batch\",\"batch_id\":\"b-1\",\"messages\":[{\"seq\":2,\"kind\":\"chat\",\"text\":\"hi\"}]}"));
        await().atMost(DEADLINE).until(() -> texts().size() == 2);
        assertThat(Json.text(Json.parse(texts().get(0)), "text")).isEqualTo("echo: hi");
        assertThat(Json.text(Json.parse(texts().get(1)), "type")).isEqualTo("done");

        echo.closeInput();
        assertThat(echo.waitFor(DEADLINE.toMillis())).isTrue();
        assertThat(echo.exitCodeOrMinusOne()).isZero();
        await().atMost(DEADLINE).until(this::closed);
    }

    @Test
    void lines_sent_while_the_pipe_is_full_or_being_written_arrive_in_order_with_the_ones_written_at_once()
            throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        AgentConnection cat = start((in, out, s) -> {
            reading.await();
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        String pad = "x".repeat(1000);
        int n = 300; // ~300 KB: several times the pipe, so most lines queue behind the first ones
        for (int i = 0; i < n / 2; i++) {
            cat.send(List.of("{\"n\":" + i + ",\"pad\":\"" + pad + "\"}"));
        }
        reading.countDown();
        for (int i = n / 2; i < n; i++) {
            cat.send(List.of("{\"n\":" + i + ",\"pad\":\"" + pad + "\"}"));
        }
        await().atMost(DEADLINE).until(() -> texts().size() == n);
        assertThat(texts().stream().map(t -> Json.parse(t).get("n").asInt()).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, n).boxed().toList());
        cat.closeInput();
        assertThat(cat.waitFor(DEADLINE.toMillis())).isTrue();
    }

    @Test
    void an_agent_that_throws_ends_like_a_process_that_exited_with_code_1() throws Exception {
        AgentConnection faulty = start((in, out, s) -> {
            in.read();
            throw new IllegalStateException("bug in the agent");
        });
        assertThat(faulty.exitCodeOrMinusOne()).isEqualTo(-1);
        faulty.send(List.of("{\"type\":\"hello\"}"));
        await().atMost(DEADLINE).until(this::closed);
        assertThat(faulty.waitFor(DEADLINE.toMillis())).isTrue();
        assertThat(faulty.exitCodeOrMinusOne()).isEqualTo(1);
        assertThat(faulty.stopping()).isFalse();
    }

    @Test
    void a_line_over_1_mib_from_an_in_process_agent_is_dropped_by_the_same_bounded_reader() throws Exception {
        AgentConnection big = start((in, out, s) -> {
            out.write(("x".repeat(BoundedLineReader.MAX_LINE_BYTES + 10) + "\n{\"type\":\"ok\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.readAllBytes();
        });
        await().atMost(DEADLINE).until(() -> texts().size() == 1);
        assertThat(seen.get(0)).isInstanceOf(AgentLine.Oversized.class);
        assertThat(texts()).containsExactly("{\"type\":\"ok\"}");
        big.stop();
        assertThat(big.exitCodeOrMinusOne()).isZero();
    }

    @Test
    void stop_forces_an_agent_that_ignores_input_eof_and_kill_ends_one_blocked_writing() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AgentConnection deaf = start((in, out, s) -> never.await());
        long t0 = System.nanoTime();
        deaf.stop();
        assertThat(deaf.waitFor(0)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        await().atMost(DEADLINE).until(this::closed);

        seen.clear();
        AgentConnection flooding = AgentConnection.start(InProcessAgent.start("t", (in, out, s) -> {
            byte[] line = "{\"type\":\"noise\"}\n".getBytes(StandardCharsets.UTF_8);
            while (true) {
                out.write(line);
            }
        }, setup()), lines -> {
            // a sink that never returns once full: the agent's stdout pipe fills and its write blocks
            seen.addAll(lines);
            if (seen.size() > 1000) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        await().atMost(DEADLINE).until(() -> seen.size() > 1000);
        flooding.kill();
        assertThat(flooding.waitFor(0)).isTrue();
        never.countDown();
    }
}
