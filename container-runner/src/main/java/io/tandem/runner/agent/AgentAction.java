package io.tandem.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One agent → runner line, parsed and checked (DESIGN §7.3). {@code ref} is the agent's own
 * correlation value, echoed unchanged in the {@code result}; it is a JSON null when absent or the
 * line could not be parsed. Not sealed: a new action type is a new record here plus its parser in
 * {@link AgentActions} and its planner in the loop, nothing else.
 */
public interface AgentAction {
    JsonNode ref();

    /**
     * {@code {"type":"send","ref","to"?,"text","files"?,"reply_to"?}}: one outbound chat row.
     * {@code to} null = the chat of the message answered; {@code replyTo} null = the batch's last
     * triggering message; {@code files} are paths relative to the group folder (never null).
     */
    record Send(JsonNode ref, String to, String text, List<String> files, Long replyTo) implements AgentAction {
        public Send {
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** A plain text send to the own chat. */
        public Send(JsonNode ref, String to, String text) {
            this(ref, to, text, List.of(), null);
        }
    }

    /** {@code {"type":"edit","ref","seq","text"}}: replace the text of message {@code seq}. */
    record Edit(JsonNode ref, long seq, String text) implements AgentAction {
    }

    /** {@code {"type":"react","ref","seq","emoji"}}: add a reaction to message {@code seq}. */
    record React(JsonNode ref, long seq, String emoji) implements AgentAction {
    }

    /**
     * {@code {"type":"ask","ref","title","question","options"}}: a question with buttons;
     * {@code options} is already normalised to {@code [{"label","value"}]}.
     */
    record Ask(JsonNode ref, String title, String question, ArrayNode options) implements AgentAction {
    }

    /** {@code {"type":"card","ref","card","fallback_text"}}: a rich card with a plain-text fallback. */
    record Card(JsonNode ref, ObjectNode card, String fallbackText) implements AgentAction {
    }

    /** {@code {"type":"done","batch_id","status","error"?}}: the batch is finished; final acks follow. */
    record Done(JsonNode ref, String batchId, boolean failed, String error) implements AgentAction {
    }

    /** {@code {"type":"state","ref","op":"set","key","value"}}: upsert one session_state entry. */
    record StateSet(JsonNode ref, String key, String value) implements AgentAction {
    }

    /** {@code {"type":"state","ref","op":"delete","key"}}: remove one session_state entry. */
    record StateDelete(JsonNode ref, String key) implements AgentAction {
    }

    /**
     * {@code {"type":"schedule","ref","prompt","process_after"?,"recurrence"?}}: a task. The
     * recurrence is already a valid cron expression; {@code processAfter} is the agent's text,
     * read in the group's zone when planned.
     */
    record Schedule(JsonNode ref, String prompt, String processAfter, String recurrence) implements AgentAction {
    }

    /**
     * {@code {"type":"task","ref","op","task_id"?,"prompt"?,"process_after"?,"recurrence"?}}:
     * {@code list} answers from inbound; the other ops go to the host as {@code system} rows.
     * {@code clearRecurrence}: the agent sent {@code "recurrence": null} on an update.
     */
    record TaskOp(JsonNode ref, String op, String taskId, String prompt, String processAfter, String recurrence,
                  boolean clearRecurrence) implements AgentAction {
    }

    /**
     * {@code {"type":"request","ref","action","payload","reason"}}: an action that needs a human
     * (e.g. {@code add_destination}); the host files it for approval and reports the outcome.
     */
    record Request(JsonNode ref, String action, ObjectNode payload, String reason) implements AgentAction {
    }

    /** A line this runner refuses; {@code reason} names the problem and goes back as {@code ok:false}. */
    record Invalid(JsonNode ref, String reason) implements AgentAction {
    }
}
