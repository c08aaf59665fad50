package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.containers.RunnerLauncher;
import io.tandem.host.containers.RunnerScheduler;
import io.tandem.host.containers.RunnerSupervisor;
import io.tandem.host.containers.SlotPolicy;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SessionFiles;
import io.tandem.host.support.SettableClock;
import io.tandem.host.sweep.Timers;
import io.tandem.host.work.SessionLanes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller shell on real session files (issue 5 bug 4): recovery is decided on the lane from
 * what the scheduler knows, so a {@code processing} ack is never treated as abandoned while a
 * runner of ours is starting or running, and is recovered once its exit was observed.
 */
class SessionControllerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path tmp;
    private final SettableClock clock = new SettableClock(T0);
    private SessionLanes lanes;
    private Timers timers;
    private CentralDb central;

    @BeforeEach
    void open() throws Exception {
        lanes = new SessionLanes(2);
        timers = new Timers(clock);
        central = CentralDb.open(tmp.resolve("central.db"), clock);
    }

    @AfterEach
    void close() {
        timers.close();
        lanes.close();
        central.close();
    }

    @Test
    void noRecoveryWhileARunnerIsStartingOrRunningAndRecoveryOnceItsExitIsObserved() throws Exception {
        Path data = tmp.resolve("data");
        SessionFiles files = new SessionFiles(data, "ag-1", "s-1", "http", "demo");
        String id = files.chatIn("http", "demo", "hello");
        files.ack(id, 0, "processing");
        RunnerScheduler scheduler = new RunnerScheduler(new SlotPolicy(2, Duration.ZERO), clock, Set::of);
        RunnerSupervisor supervisor = new RunnerSupervisor(List.of(), clock);
        SessionController controller = new SessionController(data, central, CentralStores.sqlite(clock), lanes,
                files.inbound(), scheduler, supervisor, new RunnerLauncher(data, null, null, null, supervisor), timers,
                clock, 5);
        SessionRef ref = new SessionRef("s-1", "ag-1", files.paths());

        assertThat(scheduler.request("s-1", T0)).isEqualTo(new SlotPolicy.Granted());
        controller.request(ref, "sweep").get(10, TimeUnit.SECONDS);
        assertThat(rows(files)).as("starting: untouched").containsExactly(Map.of("status", "pending", "tries", 0));

        scheduler.started("s-1");
        controller.request(ref, "sweep").get(10, TimeUnit.SECONDS);
        assertThat(rows(files)).as("running: untouched").containsExactly(Map.of("status", "pending", "tries", 0));

        scheduler.exited("s-1", 137, T0.minusSeconds(60));
        controller.request(ref, "exit").get(10, TimeUnit.SECONDS);
        assertThat(DataInspector.rows(files.paths().inboundDb(), "SELECT status, tries, process_after FROM messages_in"))
                .containsExactly(Map.of("status", "pending", "tries", 1, "process_after", "2026-11-22T10:00:05.000Z"));
    }

    @Test
    void theControllersAckSyncAndRecoveryContinueRecurringSeriesInTheSameTransaction() throws Exception {
        Path data = tmp.resolve("data");
        SessionFiles files = new SessionFiles(data, "ag-1", "s-1", "http", "demo");
        long otherMax = io.tandem.schema.seq.SeqMinter.inbound().otherMax(files.paths().outboundDb());
        files.inbound().with(files.paths(), c -> io.tandem.schema.db.Sql.tx(c, tx -> {
            io.tandem.host.tasks.TaskRows.insert(tx, otherMax, "t-died", "t-died", T0, "0 * * * *", "{\"prompt\":\"a\"}",
                    T0);
            io.tandem.schema.db.Sql.update(tx, "UPDATE messages_in SET tries = 4 WHERE id = 't-died'");
            io.tandem.host.tasks.TaskRows.insert(tx, otherMax, "t-gave-up", "t-gave-up", T0, "0 * * * *",
                    "{\"prompt\":\"c\"}", T0);
            io.tandem.schema.db.Sql.update(tx, "UPDATE messages_in SET tries = 4 WHERE id = 't-gave-up'");
            io.tandem.host.tasks.TaskRows.insert(tx, otherMax, "t-again", "t-again", T0, "0 * * * *",
                    "{\"prompt\":\"d\"}", T0);
            io.tandem.host.tasks.TaskRows.insert(tx, otherMax, "t-done", "t-done", T0, "*/10 * * * *",
                    "{\"prompt\":\"b\"}", T0);
            return null;
        }));
        files.ack("t-died", 4, "processing");
        files.ack("t-done", 0, "completed");
        files.ack("t-gave-up", 4, "failed");
        files.ack("t-again", 0, "failed");
        RunnerScheduler scheduler = new RunnerScheduler(new SlotPolicy(2, Duration.ZERO), clock, Set::of);
        RunnerSupervisor supervisor = new RunnerSupervisor(List.of(), clock);
        SessionController controller = new SessionController(data, central, CentralStores.sqlite(clock), lanes,
                files.inbound(), scheduler, supervisor, new RunnerLauncher(data, null, null, null, supervisor), timers,
                clock, 5, new io.tandem.host.tasks.Recurrences(new io.tandem.host.tasks.TaskZones(
                        java.time.ZoneOffset.UTC)));
        controller.request(new SessionRef("s-1", "ag-1", files.paths()), "exit").get(10, TimeUnit.SECONDS);

        assertThat(DataInspector.rows(files.paths().inboundDb(), "SELECT series_id, status, recurrence, process_after "
                + "FROM messages_in ORDER BY seq")).containsExactly(
                row("t-died", "failed", null, "2026-11-22T10:00:00.000Z"),
                // the last try failed by the agent finishes the row; a first failed try is retried
                // (tries 1, 5 s later): not finished, so its series is not continued yet
                row("t-gave-up", "failed", null, "2026-11-22T10:00:00.000Z"),
                row("t-again", "pending", "0 * * * *", "2026-11-22T10:00:05.000Z"),
                row("t-done", "completed", null, "2026-11-22T10:00:00.000Z"),
                row("t-died", "pending", "0 * * * *", "2026-11-22T11:00:00.000Z"),
                row("t-gave-up", "pending", "0 * * * *", "2026-11-22T11:00:00.000Z"),
                row("t-done", "pending", "*/10 * * * *", "2026-11-22T10:10:00.000Z"));
    }

    private static Map<String, Object> row(String series, String status, String recurrence, String processAfter) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("series_id", series);
        m.put("status", status);
        m.put("recurrence", recurrence);
        m.put("process_after", processAfter);
        return m;
    }

    private static List<Map<String, Object>> rows(SessionFiles files) throws Exception {
        return DataInspector.rows(files.paths().inboundDb(), "SELECT status, tries FROM messages_in");
    }
}
