package io.tandem.host.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.host.support.ChatClient;
import io.tandem.host.support.HostProcess;
import io.tandem.host.support.Immutable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} follows intake: when the data folder stops being writable it turns 503 naming
 * {@code data_writable}, and ready again once it is writable. Tests run as root, so "not
 * writable" is the immutable attribute (see {@link Immutable}), or where that is not allowed the
 * probe's path taken by a non-empty directory.
 */
class ReadyzTest {
    @TempDir
    Path tmp;

    @Test
    void readyzTurns503WhenTheDataFolderStopsBeingWritable() throws Exception {
        try (HostProcess host = HostProcess.start(tmp.resolve("data"))) {
            ChatClient admin = new ChatClient("http://" + host.admin());
            Awaitility.await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> admin.get("/readyz").status() == 200);
            assertThat(admin.get("/readyz").body().path("quarantined").isObject()).isTrue();

            Path data = host.dataDir();
            Immutable immutable = Immutable.tryMake(data);
            Path blocker = data.resolve(".readyz-probe");
            if (immutable == null) {
                Files.createDirectories(blocker.resolve("x"));
            }
            try {
                Awaitility.await("not ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> admin.get("/readyz").status() == 503);
                ChatClient.Reply r = admin.get("/readyz");
                assertThat(r.body().path("status").asText()).isEqualTo("not_ready");
                assertThat(r.body().path("failing").path("data_writable").asText()).contains(".readyz-probe");
            } finally {
                if (immutable != null) {
                    immutable.close();
                } else {
                    Files.delete(blocker.resolve("x"));
                    Files.delete(blocker);
                }
            }
            Awaitility.await("ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> admin.get("/readyz").status() == 200);
        }
    }
}
