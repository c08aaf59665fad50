package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.rows.ProcessingAck;
import io.tandem.schema.session.ContainerSpec;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat-first fallback poll in a real runner process with the watch off (as on a mount where
 * inotify does not fire): every change to inbound.db and every scheduled row that comes due is
 * still picked up by the poll, even when the poll skips its query in between.
 */
class RunnerFallbackPollTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final FileTime LONG_AGO = FileTime.fromMillis(0);

    @TempDir
    Path tmp;

    private SessionFixture session;

    @BeforeEach
    void setUp() throws Exception {
        session = SessionFixture.create(tmp);
        ContainerSpec spec = SessionFixture.spec(EchoMode.IN_PROCESS.agent(), 600_000);
        session.writeSpec(new ContainerSpec(spec.version(), spec.agentGroupId(), spec.sessionId(), spec.timezone(),
                spec.maxMessagesPerBatch(), spec.storage(), spec.agent(),
                new ContainerSpec.Runner(100, 200, 60_000, 600_000, false)));
    }

    private boolean completed(String id, int attempt) throws Exception {
        return session.ack(id).map(a -> a.status() == AckStatus.COMPLETED && a.attempt() == attempt).orElse(false);
    }

    /** Waits for two heartbeats (200 ms each, so at least two polls of 100 ms): time for polls to skip. */
    private void letPollsPass() throws Exception {
        for (int i = 0; i < 2; i++) {
            Files.setLastModifiedTime(session.paths.heartbeat(), LONG_AGO);
            await("heartbeat").atMost(DEADLINE)
                    .until(() -> Files.getLastModifiedTime(session.paths.heartbeat()).compareTo(LONG_AGO) > 0);
        }
    }

    @Test
    void a_scheduled_row_is_answered_when_due_though_the_file_did_not_change_since() throws Exception {
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("runner ready").atMost(DEADLINE).until(() -> runner.log().contains("agent.started"));
            Instant at = Instant.now().plus(Duration.ofMillis(1500));
            String id = session.insertMessage("scheduled", true, 0, "pending", Timestamps.format(at));
            letPollsPass();
            FileTime written = Files.getLastModifiedTime(session.paths.inboundDb());

            await("answered when due").atMost(DEADLINE).until(() -> completed(id, 0));
            assertThat(session.ack(id).orElseThrow().statusChanged()).isGreaterThanOrEqualTo(Timestamps.format(at));
            assertThat(Files.getLastModifiedTime(session.paths.inboundDb())).as("nothing wrote inbound.db since")
                    .isEqualTo(written);
            assertThat(session.replies()).singleElement().extracting(OutboundMessage::inReplyTo).isEqualTo(id);
        }
    }

    @Test
    void an_update_in_place_between_skipped_polls_is_picked_up() throws Exception {
        try (RunnerProcess runner = session.startRunner("runner")) {
            String id = session.insertChat("first", true);
            await("first answered").atMost(DEADLINE).until(() -> completed(id, 0));
            session.setStatus(id, "completed", 0); // the host syncs the ack
            letPollsPass();

            long size = Files.size(session.paths.inboundDb());
            session.setStatus(id, "pending", 1); // the host retries it: same row, same size
            assertThat(Files.size(session.paths.inboundDb())).isEqualTo(size);
            await("the retry answered").atMost(DEADLINE).until(() -> completed(id, 1));

            letPollsPass();
            String next = session.insertChat("second", true);
            await("a new row answered").atMost(DEADLINE).until(() -> completed(next, 0));
        }
    }
}
