package io.tandem.host.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The event-stream format as a table: the lines a server sends → the events dispatched. */
class SseParserTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("one event with id, type and data",
                        List.of("id: 3", "event: message", "data: {\"a\":1}", ""),
                        List.of(new SseEvent("3", "message", "{\"a\":1}"))),
                Arguments.of("no event field → type message",
                        List.of("id: 1", "data: x", ""),
                        List.of(new SseEvent("1", "message", "x"))),
                Arguments.of("several data lines are joined with LF",
                        List.of("data: a", "data: b", "data:", ""),
                        List.of(new SseEvent(null, "message", "a\nb\n"))),
                Arguments.of("only one leading space is removed; no space after the colon is fine",
                        List.of("data:  two", "event:edit", "id:7", ""),
                        List.of(new SseEvent("7", "edit", " two"))),
                Arguments.of("comments (heartbeats) are ignored and do not dispatch",
                        List.of(": heartbeat", "", ":", "id: 2", "data: y", ""),
                        List.of(new SseEvent("2", "message", "y"))),
                Arguments.of("an event without data is not dispatched, but its id is kept",
                        List.of("id: 5", "event: ping", "", "data: z", ""),
                        List.of(new SseEvent("5", "message", "z"))),
                Arguments.of("the last id persists for events without an id line (typing)",
                        List.of("id: 4", "event: message", "data: m", "", "event: typing", "data: {}", ""),
                        List.of(new SseEvent("4", "message", "m"), new SseEvent("4", "typing", "{}"))),
                Arguments.of("the event type does not carry over to the next event",
                        List.of("event: edit", "data: 1", "", "data: 2", ""),
                        List.of(new SseEvent(null, "edit", "1"), new SseEvent(null, "message", "2"))),
                Arguments.of("a field name without colon has an empty value",
                        List.of("data", "data", ""),
                        List.of(new SseEvent(null, "message", "\n"))),
                Arguments.of("unknown fields are ignored",
                        List.of("foo: bar", "data: q", ""),
                        List.of(new SseEvent(null, "message", "q"))),
                Arguments.of("an id with NUL is ignored",
                        List.of("id: 1", "data: a", "", "id: 2\0x", "data: b", ""),
                        List.of(new SseEvent("1", "message", "a"), new SseEvent("1", "message", "b"))),
                Arguments.of("an unterminated event at the end is not dispatched",
                        List.of("id: 9", "data: cut"),
                        List.of()),
                Arguments.of("an empty id field clears the last id",
                        List.of("id: 3", "data: a", "", "id", "data: b", ""),
                        List.of(new SseEvent("3", "message", "a"), new SseEvent("", "message", "b"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void dispatches(String name, List<String> lines, List<SseEvent> expected) {
        SseParser p = new SseParser(null);
        List<SseEvent> got = new ArrayList<>();
        lines.forEach(l -> p.line(l).ifPresent(got::add));
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void aResumedParserStartsFromTheIdItWasGiven() {
        SseParser p = new SseParser("41");
        assertThat(p.lastEventId()).isEqualTo("41");
        assertThat(p.line("data: x")).isEmpty();
        assertThat(p.line("")).contains(new SseEvent("41", "message", "x"));
    }

    @Test
    void theIdOfAnEventCutOffIsNotTheResumePoint() {
        SseParser p = new SseParser(null);
        p.line("id: 3");
        p.line("data: c");
        p.line("");
        p.line("id: 4");
        assertThat(p.lastEventId()).as("an id counts once its event ends").isEqualTo("3");
        p.line("data: half an ev");
        p.reset(); // the connection dropped here
        assertThat(p.lastEventId()).isEqualTo("3");
        p.line("event: typing");
        p.line("data: {}");
        assertThat(p.line("")).contains(new SseEvent("3", "typing", "{}"));
        p.line("id: 4");
        p.line("");
        assertThat(p.lastEventId()).as("an id-only event moves the resume point").isEqualTo("4");
    }

    @Test
    void retryIsTakenOnlyWhenItIsAllDigits() {
        SseParser p = new SseParser(null);
        assertThat(p.retryMillis()).isEmpty();
        p.line("retry: 2500");
        assertThat(p.retryMillis()).contains(2500L);
        p.line("retry: soon");
        p.line("retry: -1");
        p.line("retry:");
        assertThat(p.retryMillis()).contains(2500L);
    }
}
