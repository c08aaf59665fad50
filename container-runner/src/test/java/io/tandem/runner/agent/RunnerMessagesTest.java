package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.store.Destination;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.rows.MessageStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerMessagesTest {

    @Test
    void hello_carries_the_session_destinations_and_state() {
        JsonNode hello = Json.parse(RunnerMessages.hello("s-1", "ag-1", "Europe/Berlin",
                List.of(new Destination("ops", "Ops room", "channel", "http", "ops", null)), Map.of("k", "v")));
        assertThat(Json.text(hello, "type")).isEqualTo("hello");
        assertThat(hello.path("protocol").asInt()).isEqualTo(1);
        assertThat(Json.text(hello, "session_id")).isEqualTo("s-1");
        assertThat(Json.text(hello, "agent_group_id")).isEqualTo("ag-1");
        assertThat(Json.text(hello, "timezone")).isEqualTo("Europe/Berlin");
        assertThat(hello.path("destinations").get(0).toString())
                .isEqualTo("{\"name\":\"ops\",\"type\":\"channel\",\"display_name\":\"Ops room\"}");
        assertThat(Json.text(hello.path("state"), "k")).isEqualTo("v");
    }

    @Test
    void a_batch_message_lifts_sender_and_text_out_of_the_content_and_keeps_explicit_nulls() {
        InboundMessage m = new InboundMessage("m-1", 4, MessageKind.CHAT, "2026-01-01T00:00:00.000Z",
                MessageStatus.PENDING, null, null, "m-1", 0, true, false, "demo", "http", null, null, null,
                "{\"text\":\"hi\",\"sender\":{\"id\":\"http:ann\",\"name\":\"Ann\"}}");
        JsonNode batch = Json.parse(RunnerMessages.batch("b-1", List.of(m), x -> null));
        assertThat(Json.text(batch, "batch_id")).isEqualTo("b-1");
        JsonNode msg = batch.path("messages").get(0);
        assertThat(msg.path("seq").asLong()).isEqualTo(4);
        assertThat(Json.text(msg, "id")).isEqualTo("m-1");
        assertThat(Json.text(msg, "kind")).isEqualTo("chat");
        assertThat(msg.path("trigger").asBoolean()).isTrue();
        assertThat(msg.has("from") && msg.get("from").isNull()).isTrue();
        assertThat(msg.has("reply_to_seq") && msg.get("reply_to_seq").isNull()).isTrue();
        assertThat(Json.text(msg.path("sender"), "name")).isEqualTo("Ann");
        assertThat(Json.text(msg, "text")).isEqualTo("hi");
        assertThat(Json.text(msg.path("content"), "text")).isEqualTo("hi");
        assertThat(msg.path("attachments").isArray()).isTrue();
        assertThat(msg.has("retry")).as("a first attempt carries no retry").isFalse();
    }

    @Test
    void a_retried_message_carries_its_attempt_and_what_was_already_sent() {
        InboundMessage m = new InboundMessage("m-1", 4, MessageKind.CHAT, "2026-01-01T00:00:00.000Z",
                MessageStatus.PENDING, null, null, "m-1", 2, true, false, "demo", "http", null, null, null,
                "{\"text\":\"hi\"}");
        RetryInfo retry = new RetryInfo(2, List.of(new io.tandem.runner.store.EarlierReply(5, "echo: hi", false),
                new io.tandem.runner.store.EarlierReply(7, "long", true)), 3);
        JsonNode msg = Json.parse(RunnerMessages.batch("b-1", List.of(m), x -> null, x -> retry))
                .path("messages").get(0);
        assertThat(msg.path("retry").toString()).isEqualTo("{\"attempt\":2,\"already_sent\":["
                + "{\"seq\":5,\"text\":\"echo: hi\"},{\"seq\":7,\"text\":\"long\",\"truncated\":true}],\"omitted\":3}");
    }

    @Test
    void results_echo_the_ref_and_an_unparsable_line_gets_a_null_ref() {
        assertThat(RunnerMessages.resultOk(Json.parse("\"r1\""), 7L))
                .isEqualTo("{\"type\":\"result\",\"ref\":\"r1\",\"ok\":true,\"seq\":7}");
        assertThat(RunnerMessages.resultError(null, "line over 1 MiB"))
                .isEqualTo("{\"type\":\"result\",\"ref\":null,\"ok\":false,\"error\":\"line over 1 MiB\"}");
    }
}
