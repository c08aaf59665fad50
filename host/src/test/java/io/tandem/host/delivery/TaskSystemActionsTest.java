package io.tandem.host.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.tasks.Recurrences;
import io.tandem.host.tasks.TaskActions;
import io.tandem.host.tasks.TaskRows;
import io.tandem.host.tasks.TaskService;
import io.tandem.host.tasks.TaskZones;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.seq.SeqMinter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The task actions of the system action registry and recurrence on ack sync, on real session files:
 * the runner's rows and acks are written into a real outbound.db, a real delivery pass runs them.
 */
class TaskSystemActionsTest {
    @TempDir
    Path tmp;
    DeliveryHarness h;
    final List<String> woken = new CopyOnWriteArrayList<>();
    final List<String> wakes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        h = new DeliveryHarness(tmp);
        h.delivery = service(ZoneOffset.UTC);
    }

    private DeliveryService service(ZoneId hostZone) {
        TaskZones zones = new TaskZones(hostZone);
        TaskService tasks = new TaskService(h.files.inbound(), h.lanes, woken::add, zones, h.clock);
        return new DeliveryService(h.lanes, h.files.inbound(), h.channels, wakes::add, h.clock, 3,
                PendingQuestions.unavailable(), Duration.ofHours(24), TaskActions.of(tasks), new Recurrences(zones));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String system(Object... kv) throws Exception {
        var o = Json.object();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                o.putNull((String) kv[i]);
            } else {
                o.put((String) kv[i], (String) kv[i + 1]);
            }
        }
        return h.rows.out("system", Json.write(o), null, null, null);
    }

    private List<Map<String, Object>> tasks() throws Exception {
        return h.inbound("SELECT id, series_id, status, process_after, recurrence, trigger, content, kind "
                + "FROM messages_in WHERE kind = 'task' ORDER BY seq");
    }

    private List<String> failureNotes() throws Exception {
        return h.notes().stream().peek(n -> assertThat(n.get("trigger")).isEqualTo(0))
                .map(n -> (String) n.get("content")).toList();
    }

    /** Inserts a task occurrence as the host would, for the recurrence cases. */
    private void task(String id, String series, String status, String recurrence) throws Exception {
        long otherMax = SeqMinter.inbound().otherMax(h.files.paths().outboundDb());
        h.files.inbound().with(h.files.paths(), c -> Sql.tx(c, tx -> {
            TaskRows.insert(tx, otherMax, id, series, h.clock.instant(), recurrence, "{\"prompt\":\"ping\"}",
                    h.clock.instant());
            Sql.update(tx, "UPDATE messages_in SET status = ? WHERE id = ?", status, id);
            return null;
        }));
    }

    @Test
    void scheduleTaskInsertsATaskRowOnceAndWakesTheSession() throws Exception {
        String row = system("action", "schedule_task", "task_id", "t-abc", "prompt", "water the plants",
                "process_after", "2026-11-22T10:05:00Z", "recurrence", "0 9 * * *");
        h.pass();
        h.pass();
        assertThat(h.delivered(row)).containsEntry("status", "delivered");
        assertThat(tasks()).singleElement().satisfies(t -> {
            assertThat(t).containsEntry("id", "t-abc").containsEntry("series_id", "t-abc")
                    .containsEntry("status", "pending").containsEntry("process_after", "2026-11-22T10:05:00.000Z")
                    .containsEntry("recurrence", "0 9 * * *").containsEntry("trigger", 1);
            assertThat(Json.parse((String) t.get("content")).get("prompt").asText()).isEqualTo("water the plants");
        });
        assertThat(woken).contains(h.ref.sessionId());

        // the same request again (a crash before the pass recorded it) after the task ran: nothing new
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c,
                "UPDATE messages_in SET status = 'completed', recurrence = NULL WHERE id = 't-abc'"));
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c, "DELETE FROM delivered"));
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c, "DELETE FROM delivery_progress"));
        h.pass();
        assertThat(h.delivered(row)).containsEntry("status", "delivered");
        assertThat(tasks()).singleElement().satisfies(t -> assertThat(t).containsEntry("status", "completed"));
    }

    @Test
    void aLocalTimeIsReadInTheSessionZoneAndARecurrenceAloneStartsAtItsFirstSlot() throws Exception {
        h.delivery = service(ZoneId.of("Europe/Berlin"));
        system("action", "schedule_task", "task_id", "t-local", "prompt", "p", "process_after", "2026-11-22T12:00");
        system("action", "schedule_task", "task_id", "t-cron", "prompt", "p", "recurrence", "30 11 * * *");
        h.pass();
        assertThat(tasks()).extracting(t -> t.get("process_after"))
                .containsExactly("2026-11-22T11:00:00.000Z", "2026-11-22T10:30:00.000Z");
    }

    @Test
    void anInvalidCronOrTimeOrAMissingFieldIsReportedToTheAgent() throws Exception {
        system("action", "schedule_task", "task_id", "t-1", "prompt", "p", "recurrence", "61 * * * *");
        system("action", "schedule_task", "task_id", "t-2", "prompt", "p", "process_after", "next tuesday");
        system("action", "schedule_task", "task_id", "t-3");
        h.pass();
        assertThat(tasks()).isEmpty();
        assertThat(failureNotes()).satisfiesExactly(
                n -> assertThat(n).contains("delivery_failed").contains("invalid recurrence '61 * * * *'"),
                n -> assertThat(n).contains("invalid time 'next tuesday'"),
                n -> assertThat(n).contains("'prompt' is missing"));
    }

    @ParameterizedTest(name = "by {0}")
    @ValueSource(strings = {"task id", "series id"})
    void everyOperationReachesTheLiveOccurrence(String by) throws Exception {
        // the series' first occurrence finished; the live one is a follow-up with its own id. By task
        // id: the live occurrence's id, or a finished occurrence's id (it reaches the live one)
        task("t-first", "s-x", "completed", null);
        task("t-next", "s-x", "pending", "0 * * * *");
        String ref = by.equals("task id") ? "t-first" : "s-x";
        String direct = by.equals("task id") ? "t-next" : "s-x";

        system("action", "pause_task", "task_id", direct);
        h.pass();
        assertThat(status("t-next")).isEqualTo("paused");

        system("action", "resume_task", "task_id", ref);
        h.pass();
        assertThat(status("t-next")).isEqualTo("pending");

        system("action", "update_task", "task_id", direct, "prompt", "pong", "recurrence", "*/10 * * * *");
        h.pass();
        var live = tasks().get(1);
        assertThat(live).containsEntry("recurrence", "*/10 * * * *").containsEntry("process_after",
                "2026-11-22T10:10:00.000Z");
        assertThat(Json.parse((String) live.get("content")).get("prompt").asText()).isEqualTo("pong");

        system("action", "cancel_task", "task_id", ref);
        h.pass();
        assertThat(tasks().get(1)).containsEntry("status", "cancelled").containsEntry("recurrence", null);
        assertThat(failureNotes()).isEmpty();
    }

    @Test
    void aMissAndAnUnknownActionAreReportedBackNeverSwallowed() throws Exception {
        String miss = system("action", "cancel_task", "task_id", "t-nope");
        system("action", "pause_task", "task_id", "t-nope");
        String unknown = system("action", "snooze_task", "task_id", "t-nope");
        h.pass();
        assertThat(h.delivered(miss)).containsEntry("status", "failed");
        assertThat(h.delivered(unknown)).containsEntry("status", "failed");
        assertThat(failureNotes()).satisfiesExactly(
                n -> assertThat(n).contains("cancel_task: no live task with task or series id 't-nope'"),
                n -> assertThat(n).contains("pause_task: no live task"),
                n -> assertThat(n).contains("unknown system action 'snooze_task'").contains("schedule_task"));
    }

    private String status(String id) throws Exception {
        return (String) h.inbound("SELECT status FROM messages_in WHERE id = ?", id).get(0).get("status");
    }

    // ---- recurrence on ack sync ----

    private void pendingTask(String id, String series, String recurrence) throws Exception {
        task(id, series, "pending", recurrence);
    }

    @Test
    void aCompletedOccurrenceGetsOneFollowUpWithTheSameSeriesAndItsRecurrenceIsCleared() throws Exception {
        pendingTask("t-1", "t-1", "*/5 * * * *");
        h.files.ack("t-1", 0, "completed");
        h.pass();
        h.pass();
        var all = tasks();
        assertThat(all).hasSize(2);
        assertThat(all.get(0)).containsEntry("status", "completed").containsEntry("recurrence", null);
        assertThat(all.get(1)).containsEntry("series_id", "t-1").containsEntry("status", "pending")
                .containsEntry("recurrence", "*/5 * * * *").containsEntry("process_after", "2026-11-22T10:05:00.000Z")
                .containsEntry("trigger", 1).containsEntry("content", "{\"prompt\":\"ping\"}");
        assertThat(wakes).as("the session is woken so its timer is armed for the next run").hasSize(1);
    }

    @Test
    void twoRowsOfASeriesCompletingTogetherDoNotFork() throws Exception {
        pendingTask("t-1", "s-1", "0 * * * *");
        pendingTask("t-2", "s-1", "0 * * * *");
        h.files.ack("t-1", 0, "completed");
        h.files.ack("t-2", 0, "completed");
        h.pass();
        var all = tasks();
        assertThat(all).hasSize(3);
        assertThat(all.stream().filter(t -> "pending".equals(t.get("status")))).hasSize(1);
        assertThat(all.stream().filter(t -> t.get("recurrence") != null)).hasSize(1);
    }

    @Test
    void aFailedLastTryDoesNotEndTheSeries() throws Exception {
        pendingTask("t-1", "t-1", "0 * * * *");
        h.files.inbound().with(h.files.paths(), c -> Sql.update(c, "UPDATE messages_in SET tries = 4 WHERE id = 't-1'"));
        h.files.ack("t-1", 4, "failed");
        h.pass();
        assertThat(tasks()).extracting(t -> t.get("status")).containsExactly("failed", "pending");
        assertThat(tasks().get(1)).containsEntry("process_after", "2026-11-22T11:00:00.000Z");
    }

    @Test
    void aFailedEarlierTryIsRetriedAndDoesNotContinueTheSeriesYet() throws Exception {
        // issue 8: a failed attempt below sweep.max_tries is retried (tries 1, 5 s later), so the
        // row is not finished and its series gets no next occurrence yet
        pendingTask("t-1", "t-1", "0 * * * *");
        h.files.ack("t-1", 0, "failed");
        h.pass();
        assertThat(h.inbound("SELECT status, tries, process_after, recurrence FROM messages_in WHERE kind = 'task'"))
                .containsExactly(Map.of("status", "pending", "tries", 1, "process_after", "2026-11-22T10:00:05.000Z",
                        "recurrence", "0 * * * *"));
        assertThat(wakes).as("the controller arms the retry's timer if no runner takes it").hasSize(1);
    }

    @Test
    void afterThreeHoursDownOneFollowUpAtTheNextSlotAfterNow() throws Exception {
        pendingTask("t-1", "t-1", "*/5 * * * *");
        h.files.ack("t-1", 0, "completed");
        h.clock.advance(Duration.ofHours(3).plusSeconds(7));
        h.pass();
        assertThat(tasks()).hasSize(2);
        assertThat(tasks().get(1)).containsEntry("process_after", "2026-11-22T13:05:00.000Z");
    }

    @Test
    void invalidCronFoundInDataIsClearedWithANote() throws Exception {
        pendingTask("t-1", "t-1", "every hour");
        h.files.ack("t-1", 0, "completed");
        h.pass();
        assertThat(tasks()).singleElement().satisfies(t -> assertThat(t).containsEntry("recurrence", null)
                .containsEntry("status", "completed"));
        assertThat(h.notes()).singleElement().satisfies(n -> {
            assertThat(n).containsEntry("trigger", 0);
            var note = Json.parse((String) n.get("content"));
            assertThat(note.get("type").asText()).isEqualTo("task_recurrence_invalid");
            assertThat(note.get("task_id").asText()).isEqualTo("t-1");
            assertThat(note.get("error").asText()).contains("invalid recurrence 'every hour'");
        });
    }

    @Test
    void aPausedSeriesIsLiveSoACompletedRunNowCopyDoesNotForkIt() throws Exception {
        pendingTask("t-1", "s-1", "0 * * * *");
        task("t-2", "s-1", "paused", "0 * * * *");
        h.files.ack("t-1", 0, "completed");
        h.pass();
        assertThat(tasks()).extracting(t -> t.get("status")).containsExactly("completed", "paused");
    }
}
