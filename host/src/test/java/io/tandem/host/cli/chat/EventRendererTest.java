package io.tandem.host.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Event JSON as the http channel sends it → the lines the terminal prints. */
class EventRendererTest {
    private static final String BASE = "http://127.0.0.1:7800";

    private static String ev(String type, String rest) {
        return "{\"type\":\"" + type + "\",\"cursor\":7,\"platform_message_id\":\"7\",\"agent_group_id\":\"echo\","
                + "\"message_id\":\"m1\",\"session_id\":\"s1\",\"seq\":3,\"timestamp\":\"2026-12-02T18:00:00.000Z\""
                + (rest.isEmpty() ? "" : "," + rest) + "}";
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("message", ev("message", "\"text\":\"echo: hello\""),
                        List.of("[7] echo: echo: hello")),
                Arguments.of("multi-line message is indented",
                        ev("message", "\"text\":\"one\\ntwo\\r\\nthree\""),
                        List.of("[7] echo: one", "    two", "    three")),
                Arguments.of("message with a file link",
                        ev("message", "\"text\":\"here\",\"files\":[{\"name\":\"a.txt\",\"type\":\"text/plain\","
                                + "\"size\":12,\"url\":\"/v1/chats/demo/files/m1/a.txt\"}]"),
                        List.of("[7] echo: here",
                                "    file: a.txt (text/plain, 12 bytes) " + BASE + "/v1/chats/demo/files/m1/a.txt")),
                Arguments.of("edit of an agent message",
                        ev("edit", "\"target_platform_message_id\":\"3\",\"text\":\"better\""),
                        List.of("[7] echo edited [3]: better")),
                Arguments.of("reaction to an agent message",
                        ev("reaction", "\"target_platform_message_id\":\"3\",\"emoji\":\"👍\""),
                        List.of("[7] echo reacted 👍 to [3]")),
                Arguments.of("reaction to the user's own message names it by its text",
                        ev("reaction", "\"target_platform_message_id\":\"t-own\",\"emoji\":\"🎉\""),
                        List.of("[7] echo reacted 🎉 to your message \"ship it now\"")),
                Arguments.of("card with fallback text",
                        ev("card", "\"card\":{\"title\":\"Build\"},\"text\":\"Build passed\""),
                        List.of("[7] echo (card): Build passed")),
                Arguments.of("card without text shows its JSON",
                        ev("card", "\"card\":{\"title\":\"Build\"}"),
                        List.of("[7] echo (card): {\"title\":\"Build\"}")),
                Arguments.of("question with title, text and options",
                        ev("question", "\"question_id\":\"q-1\",\"title\":\"Deploy\",\"text\":\"Ship to prod?\","
                                + "\"options\":[{\"label\":\"Yes\",\"value\":\"y\"},{\"label\":\"No\",\"value\":\"n\"}]"),
                        List.of("[7] echo asks: Deploy", "    Ship to prod?", "    1) Yes", "    2) No",
                                "    (type 1-2 or /answer N to answer)")),
                Arguments.of("question without title",
                        ev("question", "\"question_id\":\"q-1\",\"title\":\"\",\"text\":\"Sure?\","
                                + "\"options\":[{\"label\":\"OK\",\"value\":\"ok\"}]"),
                        List.of("[7] echo asks: Sure?", "    1) OK", "    (type 1 or /answer N to answer)")),
                Arguments.of("question without options cannot be answered",
                        ev("question", "\"question_id\":\"q-1\",\"title\":\"Hm\",\"options\":[]"),
                        List.of("[7] echo asks: Hm", "    (this question has no options to choose from)")),
                Arguments.of("typing prints nothing", "{\"type\":\"typing\",\"on\":true}", List.of()),
                Arguments.of("unknown type", ev("poll", ""),
                        List.of("[7] echo sent a poll event this terminal cannot show")),
                Arguments.of("not JSON", "{oops",
                        List.of("(event 7 could not be read: malformed JSON: Unexpected character ('o' (code 111)): "
                                + "was expecting double-quote to start field name)")),
                Arguments.of("JSON but not an object", "[1]", List.of("(event 7 is not a JSON object)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void renders(String name, String data, List<String> expected) {
        SentMessages sent = new SentMessages();
        sent.add("t-own", "ship   it\nnow");
        EventRenderer r = new EventRenderer(() -> BASE, sent);
        assertThat(r.render(new SseEvent("7", "message", data)).lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void aQuestionOpensItsOptionsInTheOrderShown() {
        EventRenderer r = new EventRenderer(() -> BASE, new SentMessages());
        EventRenderer.Rendered out = r.render(new SseEvent("7", "question", ev("question",
                "\"question_id\":\"q-0123456789abcdef\",\"title\":\"Pick\",\"options\":[{\"label\":\"Red\",\"value\":\"r\"},"
                        + "\"green\"]")));
        assertThat(out.question()).isEqualTo(new OpenQuestion("q-0123456789abcdef", "Pick",
                List.of(new OpenQuestion.Option("Red", "r"), new OpenQuestion.Option("green", "green"))));
        assertThat(r.render(new SseEvent("8", "message", ev("message", "\"text\":\"x\""))).question()).isNull();
    }

    @Test
    void aLongOwnMessageIsQuotedShortened() {
        SentMessages sent = new SentMessages();
        sent.add("t-1", "a".repeat(60));
        EventRenderer r = new EventRenderer(() -> BASE, sent);
        assertThat(r.render(new SseEvent("9", "reaction",
                ev("reaction", "\"target_platform_message_id\":\"t-1\",\"emoji\":\"👀\""))).lines())
                .containsExactly("[7] echo reacted 👀 to your message \"" + "a".repeat(40) + "…\"");
    }
}
