package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bug 10: a wiring with {@code engage_pattern="."} takes every message, empty and multi-line text included. */
class RouterEveryMessageTest {
    @TempDir
    Path data;
    RouterFixture f;
    String chat;

    @BeforeEach
    void setUp() throws Exception {
        f = new RouterFixture(data, Clock.systemUTC(), Duration.ofDays(7));
        f.group("alpha");
        chat = f.publicChat("room");
        f.wire(chat, "alpha", ".");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void anEmptyTextIsRoutedAndWakes() throws Exception {
        RouteResult r = f.say("room", "", null);
        assertThat(r.dropped()).isNull();
        assertThat(r.routed()).hasSize(1);
        assertThat(f.woken).containsExactly(r.routed().get(0).sessionId());
    }

    @Test
    void aMultiLineTextIsRoutedAndWakes() throws Exception {
        RouteResult r = f.say("room", "first line\nsecond line\n", null);
        RouteResult breaksOnly = f.say("room", "\n\n", null);
        assertThat(r.dropped()).isNull();
        assertThat(breaksOnly.dropped()).isNull();
        assertThat(f.rows(breaksOnly.routed().get(0))).containsExactly(Map.of("seq", 2, "trigger", 1),
                Map.of("seq", 4, "trigger", 1));
    }
}
