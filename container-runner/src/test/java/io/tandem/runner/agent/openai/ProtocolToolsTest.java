package io.tandem.runner.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolToolsTest {
    private final ToolRegistry tools = ProtocolTools.standard();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "send_message|{\"text\":\"hi\"}|{\"type\":\"send\",\"ref\":\"r\",\"text\":\"hi\"}",
        "send_message|{\"text\":\"hi\",\"to\":\"team\"}|{\"type\":\"send\",\"ref\":\"r\",\"text\":\"hi\",\"to\":\"team\"}",
        "send_message|{\"text\":\"hi\",\"reply_to\":4}|{\"type\":\"send\",\"ref\":\"r\",\"text\":\"hi\",\"reply_to\":4}",
        "edit_message|{\"seq\":3,\"text\":\"fixed\"}|{\"type\":\"edit\",\"ref\":\"r\",\"seq\":3,\"text\":\"fixed\"}",
        "edit_message|{\"seq\":\"5\",\"text\":\"q\"}|{\"type\":\"edit\",\"ref\":\"r\",\"seq\":5,\"text\":\"q\"}",
        "add_reaction|{\"seq\":2,\"emoji\":\"👍\"}|{\"type\":\"react\",\"ref\":\"r\",\"seq\":2,\"emoji\":\"👍\"}",
        "ask_question|{\"title\":\"T\",\"question\":\"Q?\",\"options\":[\"yes\",\"no\"]}|"
                + "{\"type\":\"ask\",\"ref\":\"r\",\"title\":\"T\",\"question\":\"Q?\",\"options\":[\"yes\",\"no\"]}",
        "schedule_task|{\"prompt\":\"stretch\"}|{\"type\":\"schedule\",\"ref\":\"r\",\"prompt\":\"stretch\"}",
        "schedule_task|{\"prompt\":\"p\",\"process_after\":\"2026-12-24T09:00\",\"recurrence\":\"0 9 * * 1-5\"}|"
                + "{\"type\":\"schedule\",\"ref\":\"r\",\"prompt\":\"p\",\"process_after\":\"2026-12-24T09:00\","
                + "\"recurrence\":\"0 9 * * 1-5\"}",
        "list_tasks|{}|{\"type\":\"task\",\"ref\":\"r\",\"op\":\"list\"}",
        "update_task|{\"task_id\":\"t-1\",\"recurrence\":\"0 8 * * *\"}|"
                + "{\"type\":\"task\",\"ref\":\"r\",\"op\":\"update\",\"task_id\":\"t-1\",\"recurrence\":\"0 8 * * *\"}",
        "cancel_task|{\"task_id\":\"t-1\"}|{\"type\":\"task\",\"ref\":\"r\",\"op\":\"cancel\",\"task_id\":\"t-1\"}",
        "pause_task|{\"task_id\":\"t-1\"}|{\"type\":\"task\",\"ref\":\"r\",\"op\":\"pause\",\"task_id\":\"t-1\"}",
        "resume_task|{\"task_id\":\"t-1\"}|{\"type\":\"task\",\"ref\":\"r\",\"op\":\"resume\",\"task_id\":\"t-1\"}",
    })
    void eachToolBecomesItsProtocolLine(String tool, String args, String line) throws Exception {
        assertThat(Json.write(tools.line(tool, args, "r"))).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "request_approval|{}|there is no tool 'request_approval'; the tools are send_message, edit_message",
        "schedule_task|{}|\"prompt\" must be a non-empty string",
        "cancel_task|{}|\"task_id\" must be a non-empty string",
        "update_task|{\"task_id\":\"t-1\",\"recurrence\":5}|\"recurrence\" must be a string",
        "send_message|not json|are not JSON",
        "send_message|[1]|must be a JSON object",
        "send_message|{}|\"text\" must be a non-empty string",
        "send_message|{\"text\":\"x\",\"to\":5}|\"to\" must be a string",
        "send_message|{\"text\":\"x\",\"reply_to\":\"x\"}|\"reply_to\" must be the integer seq",
        "edit_message|{\"seq\":\"three\",\"text\":\"x\"}|\"seq\" must be the integer seq",
        "add_reaction|{\"seq\":1}|\"emoji\" must be a non-empty string",
        "ask_question|{\"title\":\"T\",\"question\":\"Q\",\"options\":[]}|non-empty list of strings",
        "ask_question|{\"title\":\"T\",\"question\":\"Q\",\"options\":[1]}|must be non-empty strings",
    })
    void argumentsThatDoNotFitAreRefusedWithAReason(String tool, String args, String reason) {
        assertThatThrownBy(() -> tools.line(tool, args, "r")).isInstanceOf(Tool.BadArguments.class)
                .hasMessageContaining(reason);
    }

    @Test
    void theDefinitionsAreFunctionToolsWithJsonSchemas() {
        var defs = tools.definitions();
        assertThat(defs).hasSize(10);
        assertThat(defs.get(1).path("type").asText()).isEqualTo("function");
        assertThat(defs.get(1).path("function").path("name").asText()).isEqualTo("edit_message");
        assertThat(defs.get(1).path("function").path("parameters").path("required").toString())
                .isEqualTo("[\"seq\",\"text\"]");
        assertThat(defs.get(3).path("function").path("parameters").path("properties").path("options")
                .path("items").path("type").asText()).isEqualTo("string");
    }
}
