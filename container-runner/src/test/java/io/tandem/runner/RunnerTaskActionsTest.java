package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundKind;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.session.ContainerSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code schedule} and {@code task} through a real runner and a real exec agent (issue 9 section 1):
 * cron and time are checked before anything is written, a local time is read in the group's zone,
 * the result carries the task id, {@code task list} answers from inbound, the other ops become
 * {@code system} rows for the host.
 */
class RunnerTaskActionsTest extends ScriptedSessionTest {

    @BeforeEach
    void berlin() throws Exception {
        ContainerSpec s = session.spec();
        session.writeSpec(new ContainerSpec(s.version(), s.agentGroupId(), s.sessionId(), "Europe/Berlin",
                s.maxMessagesPerBatch(), s.storage(), s.agent(), s.runner()));
    }

    @Test
    void scheduleAndTaskOpsBecomeSystemRowsAndBadCronOrTimeIsRefused() throws Exception {
        String paused = session.insertRow("task", null, null, null, "{\"prompt\":\"water the plants\"}", false);
        session.setStatus(paused, "paused", 0);
        script(1, "{\"type\":\"schedule\",\"ref\":\"s1\",\"prompt\":\"stand-up\",\"process_after\":\"2026-12-24T18:00\","
                        + "\"recurrence\":\"0 9 * * 1-5\"}",
                "{\"type\":\"schedule\",\"ref\":\"s2\",\"prompt\":\"now\"}",
                "{\"type\":\"schedule\",\"ref\":\"bad-cron\",\"prompt\":\"x\",\"recurrence\":\"61 * * * *\"}",
                "{\"type\":\"schedule\",\"ref\":\"bad-time\",\"prompt\":\"x\",\"process_after\":\"tomorrow\"}",
                "{\"type\":\"schedule\",\"ref\":\"no-prompt\"}",
                "{\"type\":\"task\",\"ref\":\"list\",\"op\":\"list\"}",
                "{\"type\":\"task\",\"ref\":\"pause\",\"op\":\"pause\",\"task_id\":\"" + paused + "\"}",
                "{\"type\":\"task\",\"ref\":\"upd\",\"op\":\"update\",\"task_id\":\"" + paused + "\","
                        + "\"prompt\":\"water twice\",\"process_after\":\"2026-07-01T08:00:00+02:00\",\"recurrence\":null}",
                "{\"type\":\"task\",\"ref\":\"upd-bad\",\"op\":\"update\",\"task_id\":\"t-1\",\"recurrence\":\"every day\"}",
                "{\"type\":\"task\",\"ref\":\"no-id\",\"op\":\"cancel\"}",
                "{\"type\":\"task\",\"ref\":\"explode\",\"op\":\"explode\",\"task_id\":\"t-1\"}",
                done());
        String first = session.insertChat("go", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, first, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).extracting(OutboundMessage::kind).containsOnly(OutboundKind.SYSTEM).hasSize(4);

            JsonNode sched = content(rows.get(0));
            String taskId = sched.path("task_id").asText();
            assertThat(taskId).startsWith("t-");
            assertThat(result("s1").path("task_id").asText()).isEqualTo(taskId);
            assertThat(result("s1").path("seq").asLong()).isEqualTo(rows.get(0).seq());
            assertThat(sched).isEqualTo(Json.parse("{\"action\":\"schedule_task\",\"task_id\":\"" + taskId
                    + "\",\"prompt\":\"stand-up\",\"process_after\":\"2026-12-24T17:00:00.000Z\","
                    + "\"recurrence\":\"0 9 * * 1-5\"}"));
            assertThat(rows.get(0).inReplyTo()).isEqualTo(first);
            assertThat(content(rows.get(1))).isEqualTo(Json.parse("{\"action\":\"schedule_task\",\"task_id\":\""
                    + result("s2").path("task_id").asText() + "\",\"prompt\":\"now\"}"));

            assertThat(refusal("bad-cron")).contains("invalid recurrence '61 * * * *'");
            assertThat(refusal("bad-time")).contains("invalid time 'tomorrow'").contains("Europe/Berlin");
            assertThat(refusal("no-prompt")).contains("\"prompt\"");

            JsonNode list = result("list");
            assertThat(list.path("ok").asBoolean()).isTrue();
            assertThat(list.path("tasks")).singleElement().satisfies(t -> {
                assertThat(t.path("task_id").asText()).isEqualTo(paused);
                assertThat(t.path("series_id").asText()).isEqualTo(paused);
                assertThat(t.path("status").asText()).isEqualTo("paused");
                assertThat(t.path("prompt").asText()).isEqualTo("water the plants");
            });

            assertThat(content(rows.get(2))).isEqualTo(Json.parse("{\"action\":\"pause_task\",\"task_id\":\""
                    + paused + "\"}"));
            assertThat(result("pause").path("task_id").asText()).isEqualTo(paused);
            assertThat(content(rows.get(3))).isEqualTo(Json.parse("{\"action\":\"update_task\",\"task_id\":\""
                    + paused + "\",\"process_after\":\"2026-07-01T06:00:00.000Z\",\"prompt\":\"water twice\","
                    + "\"recurrence\":null}"));
            assertThat(refusal("upd-bad")).contains("invalid recurrence 'every day'");
            assertThat(refusal("no-id")).contains("task cancel needs a \"task_id\"");
            assertThat(refusal("explode")).contains("\"op\" must be list, update, cancel, pause or resume");
            assertThat(runner.isAlive()).isTrue();
        }
    }
}
