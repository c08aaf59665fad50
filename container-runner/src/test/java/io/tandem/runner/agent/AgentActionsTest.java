package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentActionsTest {

    @Test
    void a_send_is_parsed_with_its_ref_destination_and_text() {
        AgentAction a = AgentActions.parse("{\"type\":\"send\",\"ref\":\"r1\",\"to\":\"ops\",\"text\":\"hi\"}");
        assertThat(a).isInstanceOf(AgentAction.Send.class);
        AgentAction.Send s = (AgentAction.Send) a;
        assertThat(s.ref().asText()).isEqualTo("r1");
        assertThat(s.to()).isEqualTo("ops");
        assertThat(s.text()).isEqualTo("hi");
    }

    @Test
    void done_and_state_lines_are_parsed() {
        assertThat(AgentActions.parse("{\"type\":\"done\",\"batch_id\":\"b-1\",\"status\":\"failed\",\"error\":\"x\"}"))
                .isEqualTo(new AgentAction.Done(com.fasterxml.jackson.databind.node.NullNode.instance, "b-1", true, "x"));
        assertThat(AgentActions.parse("{\"type\":\"state\",\"ref\":1,\"op\":\"set\",\"key\":\"k\",\"value\":{\"a\":1}}"))
                .isInstanceOfSatisfying(AgentAction.StateSet.class, s -> {
                    assertThat(s.key()).isEqualTo("k");
                    assertThat(s.value()).isEqualTo("{\"a\":1}");
                });
        assertThat(AgentActions.parse("{\"type\":\"state\",\"op\":\"delete\",\"key\":\"k\"}"))
                .isInstanceOf(AgentAction.StateDelete.class);
    }

    @Test
    void malformed_unknown_and_incomplete_lines_are_refused_with_a_reason_naming_the_problem() {
        assertThat(reason("not json")).startsWith("malformed line");
        assertThat(reason("[1,2]")).contains("not a JSON object");
        assertThat(reason("{\"ref\":\"r\"}")).contains("no \"type\"");
        assertThat(reason("{\"type\":\"dance\"}")).isEqualTo("unknown type 'dance'");
        assertThat(reason("{\"type\":\"edit\",\"seq\":3,\"text\":\"x\"}")).contains("'edit' is not supported");
        assertThat(reason("{\"type\":\"send\"}")).contains("\"text\"");
        assertThat(reason("{\"type\":\"send\",\"text\":\"x\",\"files\":[\"a.png\"]}")).contains("files");
        assertThat(reason("{\"type\":\"done\",\"batch_id\":\"b\",\"status\":\"maybe\"}")).contains("completed or failed");
        assertThat(reason("{\"type\":\"state\",\"op\":\"set\",\"key\":\"k\"}")).contains("value");
    }

    @Test
    void a_refused_line_keeps_the_agents_ref() {
        AgentAction a = AgentActions.parse("{\"type\":\"dance\",\"ref\":\"r9\"}");
        assertThat(a.ref().asText()).isEqualTo("r9");
    }

    private static String reason(String line) {
        AgentAction a = AgentActions.parse(line);
        assertThat(a).isInstanceOf(AgentAction.Invalid.class);
        return ((AgentAction.Invalid) a).reason();
    }
}
