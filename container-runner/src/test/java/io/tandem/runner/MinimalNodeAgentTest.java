package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.schema.db.ReadOnlyReads;
import io.tandem.schema.db.Sql;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docs/examples/minimal_agent.js} as an exec agent of a real runner: the documented example works. */
class MinimalNodeAgentTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "minimal_agent.js").toAbsolutePath()
            .normalize();

    @TempDir
    Path tmp;

    @Test
    void itQuotesEachTriggeringMessageInReplyToItAndCountsBatchesInState() throws Exception {
        Path node = Path.of("/usr/bin/node");
        Assumptions.assumeTrue(Files.isExecutable(node), "node is not installed");
        assertThat(EXAMPLE).exists();
        SessionFixture session = SessionFixture.create(tmp);
        session.writeSpec(SessionFixture.spec(new ContainerSpec.Agent("exec", List.of(node.toString(),
                EXAMPLE.toString()), Map.of(), "."), 600_000));
        String context = session.insertChat("just context", false);
        String hi = session.insertChat("hi there", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            await("done").atMost(Duration.ofSeconds(30))
                    .until(() -> session.ack(hi).map(a -> a.status() == AckStatus.COMPLETED).orElse(false));
            List<OutboundMessage> replies = session.replies();
            assertThat(replies).extracting(r -> Json.text(Json.parse(r.content()), "text"))
                    .containsExactly("Ann said: hi there");
            assertThat(replies.get(0).inReplyTo()).isEqualTo(hi);
            assertThat(session.ack(context)).get().extracting(a -> a.status()).isEqualTo(AckStatus.COMPLETED);
            assertThat(ReadOnlyReads.read(session.paths.outboundDb(),
                    c -> Sql.list(c, "SELECT value FROM session_state WHERE key = 'served'", rs -> rs.getString(1)))
                    .orElse(List.of())).containsExactly("1");
            assertThat(runner.isAlive()).isTrue();
        }
    }
}
