package io.tandem.host.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.CentralDb;
import io.tandem.host.central.CentralStores;
import io.tandem.host.containers.ProcessRuntime;
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
        RunnerSupervisor supervisor = new RunnerSupervisor(new ProcessRuntime(null, tmp.resolve("none.jar")),
                List.of(), clock);
        SessionController controller = new SessionController(data, central, CentralStores.sqlite(clock), lanes,
                files.inbound(), scheduler, supervisor, new RunnerLauncher(data, null, null, supervisor), timers,
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

    private static List<Map<String, Object>> rows(SessionFiles files) throws Exception {
        return DataInspector.rows(files.paths().inboundDb(), "SELECT status, tries FROM messages_in");
    }
}
