package io.tandem.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryPipeTest {
    @Test
    void bytes_written_in_pieces_larger_than_the_buffer_arrive_in_order_then_eof_after_the_writer_closes()
            throws Exception {
        InMemoryPipe pipe = new InMemoryPipe(16);
        byte[] data = new byte[10_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                pipe.out().write(data, 0, 3);
                pipe.out().write(data, 3, data.length - 3);
                pipe.out().close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        pipe.in().transferTo(got);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(got.toByteArray()).isEqualTo(data);
        assertThat(pipe.in().read()).isEqualTo(-1);
    }

    @Test
    void available_counts_buffered_bytes_and_a_write_after_the_reader_closed_is_a_broken_pipe() throws Exception {
        InMemoryPipe pipe = new InMemoryPipe();
        pipe.out().write("ab\n".getBytes(StandardCharsets.UTF_8));
        assertThat(pipe.in().available()).isEqualTo(3);
        assertThat(pipe.in().read()).isEqualTo('a');
        assertThat(pipe.in().available()).isEqualTo(2);
        pipe.in().close();
        assertThat(pipe.in().read()).isEqualTo(-1);
        assertThatThrownBy(() -> pipe.out().write('x')).isInstanceOf(IOException.class)
                .hasMessageContaining("broken pipe");
    }

    @Test
    void a_writer_blocked_on_a_full_pipe_is_released_with_an_error_when_the_reader_closes() throws Exception {
        InMemoryPipe pipe = new InMemoryPipe(4);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                pipe.out().write(new byte[100]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pipe.in().available() == 4);
        assertThat(writer).isNotDone();
        pipe.closeRead();
        assertThatThrownBy(() -> writer.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void offer_writes_all_or_nothing_and_never_waits() throws Exception {
        InMemoryPipe pipe = new InMemoryPipe(8);
        assertThat(pipe.offer("abcde".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
        assertThat(pipe.offer("fghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).as("no room for all")
                .isFalse();
        byte[] three = new byte[3];
        assertThat(pipe.in().read(three)).isEqualTo(3);
        assertThat(pipe.offer("fghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).as("wraps around").isTrue();
        byte[] rest = new byte[7];
        assertThat(pipe.in().read(rest)).isEqualTo(7);
        assertThat(new String(three, java.nio.charset.StandardCharsets.US_ASCII)
                + new String(rest, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abcdefghij");
        pipe.closeRead();
        assertThat(pipe.offer(new byte[1])).as("reader gone: the blocking write reports it").isFalse();
    }
}
