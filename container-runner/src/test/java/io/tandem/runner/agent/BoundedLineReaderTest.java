package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static List<AgentLine> readAll(byte[] bytes, int max) throws Exception {
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(bytes), max);
        List<AgentLine> out = new ArrayList<>();
        AgentLine l;
        while ((l = r.next()) != null) {
            out.add(l);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splits_lines_strips_carriage_returns_and_keeps_a_last_line_without_newline() throws Exception {
        assertThat(readAll(utf8("one\r\ntwo\n\nthrée"), 64)).containsExactly(new AgentLine.Text("one"),
                new AgentLine.Text("two"), new AgentLine.Text(""), new AgentLine.Text("thrée"));
    }

    @Test
    void a_line_over_the_limit_is_dropped_and_the_next_line_is_still_read() throws Exception {
        String longLine = "x".repeat(40);
        assertThat(readAll(utf8("ok\n" + longLine + "\nafter\n"), 16)).containsExactly(new AgentLine.Text("ok"),
                new AgentLine.Oversized(40), new AgentLine.Text("after"));
    }

    @Test
    void a_line_of_exactly_the_limit_is_kept() throws Exception {
        assertThat(readAll(utf8("x".repeat(16) + "\n"), 16)).containsExactly(new AgentLine.Text("x".repeat(16)));
    }

    @Test
    void the_protocol_limit_is_one_mebibyte_and_longer_lines_never_reach_the_caller() throws Exception {
        int max = BoundedLineReader.MAX_LINE_BYTES;
        assertThat(max).isEqualTo(1024 * 1024);
        byte[] big = utf8("y".repeat(max + 10) + "\n{\"type\":\"done\"}\n");
        List<AgentLine> lines = readAll(big, max);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(new AgentLine.Oversized(max + 10));
        assertThat(lines.get(1)).isEqualTo(new AgentLine.Text("{\"type\":\"done\"}"));
    }

    @Test
    void knows_when_another_complete_line_is_already_buffered() throws Exception {
        BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(utf8("a\nb\n")), 64);
        assertThat(r.next()).isEqualTo(new AgentLine.Text("a"));
        assertThat(r.hasMoreNow()).isTrue();
        assertThat(r.next()).isEqualTo(new AgentLine.Text("b"));
        assertThat(r.hasMoreNow()).isFalse();
        assertThat(r.next()).isNull();
    }
}
