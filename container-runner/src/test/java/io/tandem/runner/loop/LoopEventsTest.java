package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.runner.agent.AgentLine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The loop's inbox keeps agent output bounded: the producer waits, the consumer takes chunks. */
class LoopEventsTest {

    private static List<AgentLine> lines(int n, int chars) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> (AgentLine) new AgentLine.Text("x".repeat(chars)))
                .toList();
    }

    @Test
    void theAgentReaderWaitsWhileTheQueueIsOverBudgetAndGoesOnOnceTheLoopTakesOutput() throws Exception {
        LoopEvents events = new LoopEvents(1000);
        events.agentOutput(lines(1, 800));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> events.agentOutput(lines(1, 800)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        assertThat(events.queuedChars()).isEqualTo(800);

        assertThat(events.pollNow()).isInstanceOf(LoopEvent.FromAgent.class);
        second.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events.queuedChars()).isEqualTo(800);
        events.agentOutput(List.of(new AgentLine.Closed())); // an end marker never waits
        assertThat(events.pollNow()).isInstanceOf(LoopEvent.FromAgent.class);
        assertThat(events.queuedChars()).isZero();
    }

    @Test
    void aGroupLargerThanTheBudgetIsAdmittedWhenNothingElseIsQueued() throws Exception {
        LoopEvents events = new LoopEvents(100);
        CompletableFuture.runAsync(() -> events.agentOutput(lines(1, 500)))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events.queuedChars()).isEqualTo(500);
    }

    @Test
    void aStopReleasesAWaitingReader() throws Exception {
        LoopEvents events = new LoopEvents(1000);
        events.agentOutput(lines(1, 900));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> events.agentOutput(lines(1, 900)));
        events.stop(0, "test");
        blocked.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aChunkTakesQueuedOutputUpToItsBoundsAndReportsWakesOnTheWay() {
        LoopEvents events = new LoopEvents(1 << 20);
        events.agentOutput(lines(2, 100));
        events.wake();
        events.agentOutput(lines(2, 100));
        events.agentOutput(lines(2, 100));
        LoopEvent.FromAgent first = (LoopEvent.FromAgent) events.pollNow();

        LoopEvents.Chunk chunk = events.chunk(first, 100, 450);
        assertThat(chunk.lines()).hasSize(4);
        assertThat(chunk.wakeSeen()).isTrue();
        LoopEvents.Chunk rest = events.chunk((LoopEvent.FromAgent) events.pollNow(), 100, 450);
        assertThat(rest.lines()).hasSize(2);
        assertThat(rest.wakeSeen()).isFalse();
        assertThat(events.pollNow()).isNull();
        assertThat(events.queuedChars()).isZero();

        events.agentOutput(lines(3, 1));
        events.agentOutput(lines(3, 1));
        assertThat(events.chunk((LoopEvent.FromAgent) events.pollNow(), 3, 1000).lines()).hasSize(3);
    }
}
