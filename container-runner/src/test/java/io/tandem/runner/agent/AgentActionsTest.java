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
    void a_request_is_parsed_with_its_action_payload_and_reason() {
        assertThat(AgentActions.parse("{\"type\":\"request\",\"ref\":\"r\",\"action\":\"add_destination\","
                + "\"payload\":{\"name\":\"ops\"},\"reason\":\"to report\"}"))
                .isInstanceOfSatisfying(AgentAction.Request.class, r -> {
                    assertThat(r.ref().asText()).isEqualTo("r");
                    assertThat(r.action()).isEqualTo("add_destination");
                    assertThat(r.payload().get("name").asText()).isEqualTo("ops");
                    assertThat(r.reason()).isEqualTo("to report");
                });
        assertThat(AgentActions.parse("{\"type\":\"request\",\"action\":\"create_agent\",\"payload\":{}}"))
                .isInstanceOfSatisfying(AgentAction.Request.class, r -> assertThat(r.reason()).isEmpty());
    }

    @Test
    void a_malformed_request_is_refused_naming_the_field() {
        assertThat(reason("{\"type\":\"request\",\"payload\":{}}")).contains("\"action\"");
        assertThat(reason("{\"type\":\"request\",\"action\":\" \",\"payload\":{}}")).contains("\"action\"");
        assertThat(reason("{\"type\":\"request\",\"action\":3,\"payload\":{}}")).contains("\"action\"");
        assertThat(reason("{\"type\":\"request\",\"action\":\"x\",\"payload\":[1]}")).contains("\"payload\"");
        assertThat(reason("{\"type\":\"request\",\"action\":\"x\",\"payload\":{},\"reason\":7}"))
                .contains("\"reason\"");
    }

    @Test
    void malformed_unknown_and_incomplete_lines_are_refused_with_a_reason_naming_the_problem() {
        assertThat(reason("not json")).startsWith("malformed line");
        assertThat(reason("[1,2]")).contains("not a JSON object");
        assertThat(reason("{\"ref\":\"r\"}")).contains("no \"type\"");
        assertThat(reason("{\"type\":\"dance\"}")).isEqualTo("unknown type 'dance'");
        assertThat(reason("{\"type\":\"schedule\",\"prompt\":\"x\",\"recurrence\":\"0 9 * *\"}"))
                .contains("invalid recurrence '0 9 * *'");
        assertThat(reason("{\"type\":\"task\",\"op\":\"pause\"}")).contains("task pause needs a \"task_id\"");
        assertThat(reason("{\"type\":\"request\",\"action\":\"x\"}")).contains("\"payload\"");
        assertThat(reason("{\"type\":\"send\"}")).contains("\"text\"");
        assertThat(reason("{\"type\":\"send\",\"text\":\"x\",\"files\":\"a.png\"}")).contains("files");
        assertThat(reason("{\"type\":\"send\",\"text\":\"x\",\"files\":[3]}")).contains("files");
        assertThat(reason("{\"type\":\"send\",\"text\":\"x\",\"reply_to\":\"2\"}")).contains("reply_to");
        assertThat(reason("{\"type\":\"edit\",\"seq\":0,\"text\":\"x\"}")).contains("positive integer");
        assertThat(reason("{\"type\":\"edit\",\"seq\":3}")).contains("\"text\"");
        assertThat(reason("{\"type\":\"react\",\"seq\":3.5,\"emoji\":\"x\"}")).contains("positive integer");
        assertThat(reason("{\"type\":\"react\",\"seq\":3,\"emoji\":\"\"}")).contains("emoji");
        assertThat(reason("{\"type\":\"ask\",\"title\":\"t\",\"question\":\"q\",\"options\":[]}"))
                .contains("options");
        assertThat(reason("{\"type\":\"ask\",\"title\":\"t\",\"question\":\"q\",\"options\":[\"a\",\"a\"]}"))
                .contains("twice");
        assertThat(reason("{\"type\":\"ask\",\"title\":\"t\",\"question\":\"q\",\"options\":[1]}"))
                .contains("strings or");
        assertThat(reason("{\"type\":\"card\",\"card\":\"x\",\"fallback_text\":\"f\"}")).contains("JSON object");
        assertThat(reason("{\"type\":\"card\",\"card\":{}}")).contains("fallback_text");
        assertThat(reason("{\"type\":\"done\",\"batch_id\":\"b\",\"status\":\"maybe\"}")).contains("completed or failed");
        assertThat(reason("{\"type\":\"state\",\"op\":\"set\",\"key\":\"k\"}")).contains("value");
    }

    @Test
    void message_actions_are_parsed_and_ask_options_are_normalised_to_label_and_value() {
        assertThat(AgentActions.parse("{\"type\":\"send\",\"text\":\"hi\",\"files\":[\"a/b.png\"],\"reply_to\":4}"))
                .isInstanceOfSatisfying(AgentAction.Send.class, s -> {
                    assertThat(s.files()).containsExactly("a/b.png");
                    assertThat(s.replyTo()).isEqualTo(4L);
                    assertThat(s.to()).isNull();
                });
        assertThat(AgentActions.parse("{\"type\":\"edit\",\"ref\":\"e\",\"seq\":3,\"text\":\"new\"}"))
                .isEqualTo(new AgentAction.Edit(com.fasterxml.jackson.databind.node.TextNode.valueOf("e"), 3, "new"));
        assertThat(AgentActions.parse("{\"type\":\"react\",\"seq\":4,\"emoji\":\"👍\"}"))
                .isInstanceOfSatisfying(AgentAction.React.class, r -> assertThat(r.emoji()).isEqualTo("👍"));
        assertThat(AgentActions.parse("{\"type\":\"ask\",\"title\":\"T\",\"question\":\"Q?\","
                + "\"options\":[\"yes\",{\"label\":\"No way\",\"value\":\"no\"},{\"label\":\"Later\"}]}"))
                .isInstanceOfSatisfying(AgentAction.Ask.class, a -> assertThat(a.options().toString()).isEqualTo(
                        "[{\"label\":\"yes\",\"value\":\"yes\"},{\"label\":\"No way\",\"value\":\"no\"},"
                                + "{\"label\":\"Later\",\"value\":\"Later\"}]"));
        assertThat(AgentActions.parse("{\"type\":\"card\",\"card\":{\"title\":\"c\"},\"fallback_text\":\"f\"}"))
                .isInstanceOfSatisfying(AgentAction.Card.class, c -> {
                    assertThat(c.card().path("title").asText()).isEqualTo("c");
                    assertThat(c.fallbackText()).isEqualTo("f");
                });
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
