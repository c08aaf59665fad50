package io.tandem.host.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.InboxFile;
import io.tandem.host.support.DataInspector;
import io.tandem.host.support.SettableClock;
import io.tandem.schema.json.Json;
import io.tandem.schema.session.SessionPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments through the router on real session files: written into each target session's
 * {@code inbox/<message id>/} before the commit that references them, never rewritten by a
 * re-delivery, and refused whole (no file, no row) when the inbox is not a real directory.
 */
class RouterAttachmentsTest {
    static final Duration TTL = Duration.ofMinutes(10);
    @TempDir
    Path data;
    @TempDir
    Path outside;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T10:00:00Z"));
    RouterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RouterFixture(data, clock, TTL);
        f.group("alpha");
        f.wire(f.publicChat("team"), "alpha", ".");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private RouteResult post(String platformMessageId, InboxFile... files) throws Exception {
        var content = Json.object().put("text", "see attached");
        content.putObject("sender").put("id", "ann");
        InboundEvent ev = new InboundEvent("http", "team", null, platformMessageId, "ann", "Ann", "see attached",
                content, "2026-11-22T10:00:00.000Z", false, false, List.of(files));
        return f.router.route(ev, true).get(30, TimeUnit.SECONDS);
    }

    private static InboxFile file(String name, String text) {
        return new InboxFile(name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    private SessionPaths session(RouteResult.Routed r) {
        return SessionPaths.of(data, r.agentGroupId(), r.sessionId());
    }

    private static List<Path> inboxEntries(SessionPaths s) throws Exception {
        if (!Files.isDirectory(s.inbox())) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(s.inbox())) {
            return all.filter(p -> !p.equals(s.inbox())).sorted().toList();
        }
    }

    @Test
    void filesAreWrittenIntoTheInboxAndReferencedFromTheContentWithWorkspaceRelativePaths() throws Exception {
        RouteResult r = post(null, file("notes.txt", "hello"), file("b.csv", "1,2"));
        SessionPaths s = session(r.routed().get(0));
        String id = r.id();
        assertThat(Files.readString(s.inbox().resolve(id).resolve("notes.txt"))).isEqualTo("hello");
        assertThat(Files.readString(s.inbox().resolve(id).resolve("b.csv"))).isEqualTo("1,2");
        JsonNode content = Json.parse((String) new DataInspector(data).inbound(s,
                "SELECT content FROM messages_in WHERE id = ?", id).get(0).get("content"));
        assertThat(content.path("attachments")).hasSize(2);
        assertThat(content.path("attachments").get(0).path("name").asText()).isEqualTo("notes.txt");
        assertThat(content.path("attachments").get(0).path("type").asText()).isEqualTo("text/plain");
        assertThat(content.path("attachments").get(0).path("path").asText()).isEqualTo("inbox/" + id + "/notes.txt");
        assertThat(s.root().resolve(content.path("attachments").get(1).path("path").asText())).hasContent("1,2");
    }

    @Test
    void aMessageRoutedToTwoSessionsGetsItsFilesInEachInbox() throws Exception {
        f.group("beta");
        String mg = f.central.call(c -> f.stores.channels().messagingGroup(c, "http", "team")).orElseThrow().id();
        f.wire(mg, "beta", ".");
        RouteResult r = post(null, file("a.txt", "x"));
        assertThat(r.routed()).hasSize(2);
        for (RouteResult.Routed routed : r.routed()) {
            assertThat(session(routed).inbox().resolve(r.id()).resolve("a.txt")).hasContent("x");
        }
    }

    @Test
    void aReDeliveryAfterTheDedupeWindowDoesNotRewriteOrAddFiles() throws Exception {
        RouteResult first = post("p-1", file("a.txt", "original"));
        SessionPaths s = session(first.routed().get(0));
        List<Path> before = inboxEntries(s);
        clock.advance(TTL.plusMinutes(1));
        RouteResult again = post("p-1", file("a.txt", "replaced"), file("extra.txt", "more"));
        assertThat(again.duplicate()).isTrue();
        assertThat(inboxEntries(s)).isEqualTo(before);
        String firstId = (String) new DataInspector(data).inbound(s, "SELECT id FROM messages_in").get(0).get("id");
        assertThat(s.inbox().resolve(firstId).resolve("a.txt")).hasContent("original");
        assertThat(new DataInspector(data).inbound(s, "SELECT count(*) AS n FROM messages_in").get(0).get("n"))
                .isEqualTo(1);
    }

    @Test
    void anInboxThatIsASymbolicLinkIsRefusedAndNothingIsWrittenOrCommitted() throws Exception {
        RouteResult first = post(null);
        SessionPaths s = session(first.routed().get(0));
        Files.delete(s.inbox());
        Files.createSymbolicLink(s.inbox(), outside);
        assertThatThrownBy(() -> post(null, file("a.txt", "x"))).hasRootCauseMessage(s.inbox()
                + " is not a real directory (a link or a file); refusing to write attachments");
        try (Stream<Path> planted = Files.list(outside)) {
            assertThat(planted).isEmpty();
        }
        assertThat(new DataInspector(data).inbound(s, "SELECT count(*) AS n FROM messages_in").get(0).get("n"))
                .isEqualTo(1);
    }
}
