package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.central.Rows.Wiring;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.EngageMode;
import io.tandem.schema.rows.IgnoredMessagePolicy;
import io.tandem.schema.rows.SenderScope;
import io.tandem.schema.rows.SessionMode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Engagement as a decision table: (mode, pattern, text, mention, group, sticky) -> engages. */
class EngagementTest {
    private final Engagement engagement = new Engagement();

    private static Wiring wiring(EngageMode mode, String pattern) {
        return new Wiring("w", "mg", "ag", mode, pattern, SenderScope.ALL, IgnoredMessagePolicy.DROP,
                SessionMode.SHARED, 0);
    }

    private static InboundEvent event(String text, boolean mention, boolean group) {
        return new InboundEvent("http", "chat", null, null, "ann", "Ann", text, Json.object(),
                "2026-11-22T10:00:00.000Z", mention, group);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // "." means every message: empty, multi-line, line breaks only, no text at all
                Arguments.of(EngageMode.PATTERN, ".", "hi", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, ".", "", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, ".", "first line\nsecond line", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, ".", "\n", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, ".", "\r\n\r\n", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, ".", null, false, false, false, true),
                // other patterns are searched with DOTALL: '.' crosses line breaks
                Arguments.of(EngageMode.PATTERN, "^deploy.+now$", "deploy\nthe app\nnow", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, "^!", "!go", false, false, false, true),
                Arguments.of(EngageMode.PATTERN, "^!", "go!", false, false, false, false),
                Arguments.of(EngageMode.PATTERN, "^!", "", false, false, false, false),
                Arguments.of(EngageMode.PATTERN, "^!", null, false, false, false, false),
                Arguments.of(EngageMode.PATTERN, null, "hi", false, false, false, false),
                Arguments.of(EngageMode.PATTERN, "(unclosed", "(unclosed", false, false, false, false),
                // mention modes
                Arguments.of(EngageMode.MENTION, null, "hi", false, true, true, false),
                Arguments.of(EngageMode.MENTION, null, "hi", true, false, false, true),
                Arguments.of(EngageMode.MENTION_STICKY, null, "hi", true, false, false, true),
                Arguments.of(EngageMode.MENTION_STICKY, null, "hi", false, true, true, true),
                Arguments.of(EngageMode.MENTION_STICKY, null, "hi", false, true, false, false),
                Arguments.of(EngageMode.MENTION_STICKY, null, "hi", false, false, true, false));
    }

    @ParameterizedTest(name = "{0} {1} on {2} mention={3} group={4} sticky={5} -> {6}")
    @MethodSource("table")
    void decides(EngageMode mode, String pattern, String text, boolean mention, boolean group, boolean sticky,
                 boolean expected) {
        assertThat(engagement.engages(wiring(mode, pattern), event(text, mention, group), sticky))
                .isEqualTo(expected);
    }

    @Test
    void theCompiledPatternCacheStaysBounded() {
        Engagement small = new Engagement(8);
        for (int i = 0; i < 100; i++) {
            assertThat(small.engages(wiring(EngageMode.PATTERN, "^n" + i + "$"), event("n" + i, false, false),
                    false)).isTrue();
        }
        assertThat(small.cachedPatterns()).isEqualTo(8);
        assertThat(small.engages(wiring(EngageMode.PATTERN, "^n3$"), event("n3", false, false), false)).isTrue();
    }
}
