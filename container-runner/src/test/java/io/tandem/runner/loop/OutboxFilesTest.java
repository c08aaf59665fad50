package io.tandem.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.schema.db.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutboxFiles} on real files: what is copied, and what is refused leaving nothing behind. */
class OutboxFilesTest {
    @TempDir
    Path tmp;

    @Test
    void a_refusal_of_any_file_copies_none_and_duplicate_names_are_refused() throws Exception {
        Path group = Files.createDirectories(tmp.resolve("group"));
        Files.createDirectories(group.resolve("a"));
        Files.writeString(group.resolve("a/x.txt"), "one");
        Files.writeString(group.resolve("x.txt"), "two");
        Files.writeString(group.resolve("ok.md"), "fine");
        Path target = tmp.resolve("outbox/o-1");
        assertThatThrownBy(() -> OutboxFiles.copy(List.of("ok.md", "a/x.txt", "x.txt"), group, target, 100,
                Durability.POWER)).isInstanceOf(OutboxFiles.Refused.class).hasMessageContaining("two files named 'x.txt'");
        assertThatThrownBy(() -> OutboxFiles.copy(List.of("ok.md", "a/../x.txt"), group, target, 100,
                Durability.POWER)).hasMessageContaining("leaves the group folder");
        assertThat(target).doesNotExist();

        List<OutboxFiles.Attached> copied = OutboxFiles.copy(List.of("./a/x.txt", "ok.md"), group, target, 4,
                Durability.POWER);
        assertThat(copied).containsExactly(new OutboxFiles.Attached("x.txt", "text/plain", 3),
                new OutboxFiles.Attached("ok.md", "text/markdown", 4));
        try (var listed = Files.list(target)) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("x.txt", "ok.md");
        }
    }

    @Test
    void types_come_from_the_extension_with_octet_stream_for_the_rest() {
        assertThat(OutboxFiles.typeOf("photo.JPG")).isEqualTo("image/jpeg");
        assertThat(OutboxFiles.typeOf("report.pdf")).isEqualTo("application/pdf");
        assertThat(OutboxFiles.typeOf("Makefile")).isEqualTo("application/octet-stream");
        assertThat(OutboxFiles.typeOf("archive.tar.xz")).isEqualTo("application/octet-stream");
        assertThat(OutboxFiles.typeOf("dot.")).isEqualTo("application/octet-stream");
    }
}
