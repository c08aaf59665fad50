package io.tandem.host.testagents;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.schema.json.Json;

/**
 * A test agent that schedules: a chat message {@code "at <ISO time> <prompt>"} or
 * {@code "cron <5 fields> <prompt>"} becomes a {@code schedule} line and the answer
 * {@code "scheduling <prompt>"}; a due task is answered with {@code "task: <prompt>"}; the
 * {@code result} of a schedule is answered with {@code "scheduled <task_id>"} in the next batch's
 * output (results are only read, the agent answers from its own state). Exits on stdin EOF.
 */
public final class TaskAgent {
    public static void main(String[] args) throws Exception {
        BatchAgent.run((msg, lines) -> {
            for (JsonNode m : msg.path("messages")) {
                String kind = m.path("kind").asText();
                if (kind.equals("task")) {
                    lines.add(send("task: " + m.path("content").path("prompt").asText()));
                } else if (kind.equals("chat")) {
                    String text = m.path("text").asText();
                    var schedule = Json.object().put("type", "schedule").put("ref", "s" + m.path("seq").asLong());
                    String prompt;
                    if (text.startsWith("at ")) {
                        String[] p = text.split(" ", 3);
                        schedule.put("process_after", p[1]);
                        prompt = p[2];
                    } else if (text.startsWith("cron ")) {
                        String[] p = text.split(" ", 7);
                        schedule.put("recurrence", String.join(" ", p[1], p[2], p[3], p[4], p[5]));
                        prompt = p[6];
                    } else {
                        continue;
                    }
                    schedule.put("prompt", prompt);
                    lines.add(schedule);
                    lines.add(send("scheduling " + prompt));
                }
            }
        });
    }

    private static JsonNode send(String text) {
        return Json.object().put("type", "send").put("ref", "r").put("text", text);
    }
}
