package io.tandem.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.json.Json;
import io.tandem.schema.rows.AckStatus;
import io.tandem.schema.rows.OutboundMessage;
import io.tandem.schema.session.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code send} through a real runner and a real {@code exec} agent: routing to the own chat, to
 * named destinations (and the refusals of unknown and ambiguous names), {@code reply_to}, and
 * files copied into the outbox (and the refusals of traversal, symlinks and oversize files).
 */
class RunnerSendTest extends ScriptedSessionTest {

    @Test
    void a_send_to_a_named_channel_goes_to_the_thread_of_its_latest_inbound_message_and_ambiguous_names_are_refused()
            throws Exception {
        session.addDestination("ops", "channel", "http", "ops-room", null);
        session.addDestination("sales-eu", "channel", "http", "sales-eu-room", null);
        session.addDestination("sales-us", "channel", "http", "sales-us-room", null);
        session.addDestination("peer", "agent", null, null, "ag-peer");
        renameDisplay("sales-eu", "Sales");
        renameDisplay("sales-us", "Sales");
        // a quiet message from the ops room (not for this batch) sets the thread ops replies go to
        session.insertRow("chat", "http", "ops-room", "th-ops-7", "{\"text\":\"ops chatter\"}", false);
        script(1, "{\"type\":\"send\",\"ref\":\"ops\",\"to\":\"ops\",\"text\":\"to ops\"}",
                "{\"type\":\"send\",\"ref\":\"OPS\",\"to\":\"OPS\",\"text\":\"case-insensitive\"}",
                "{\"type\":\"send\",\"ref\":\"sales\",\"to\":\"Sales\",\"text\":\"which one?\"}",
                "{\"type\":\"send\",\"ref\":\"nowhere\",\"to\":\"nowhere\",\"text\":\"lost\"}",
                "{\"type\":\"send\",\"ref\":\"sales-us\",\"to\":\"sales-us\",\"text\":\"no thread yet\"}",
                "{\"type\":\"send\",\"ref\":\"peer\",\"to\":\"peer\",\"text\":\"hi peer\"}",
                "{\"type\":\"send\",\"ref\":\"own\",\"text\":\"own chat\"}",
                done());
        String id = session.insertChat("go", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, id, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).extracting(r -> Json.text(content(r), "text"), OutboundMessage::channelType,
                    OutboundMessage::platformId, OutboundMessage::threadId).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("to ops", "http", "ops-room", "th-ops-7"),
                            org.assertj.core.groups.Tuple.tuple("case-insensitive", "http", "ops-room", "th-ops-7"),
                            org.assertj.core.groups.Tuple.tuple("no thread yet", "http", "sales-us-room", null),
                            org.assertj.core.groups.Tuple.tuple("hi peer", "agent", "ag-peer", null),
                            org.assertj.core.groups.Tuple.tuple("own chat", SessionFixture.CHANNEL,
                                    SessionFixture.CHAT, "th-1"));
            assertThat(refusal("sales")).contains("ambiguous").contains("sales-eu (Sales)").contains("sales-us (Sales)");
            assertThat(refusal("nowhere")).contains("unknown destination 'nowhere'").contains("ops")
                    .contains("peer");
        }
    }

    @Test
    void reply_to_sets_in_reply_to_and_the_chat_and_bad_reply_to_seqs_are_refused() throws Exception {
        String other = session.insertRow("chat", "http", "side-chat", "th-side", "{\"text\":\"side\"}", false);
        long otherSeq = session.seqOf(other);
        script(1, "{\"type\":\"send\",\"ref\":\"a\",\"text\":\"to side\",\"reply_to\":" + otherSeq + "}",
                "{\"type\":\"send\",\"ref\":\"b\",\"text\":\"default\"}",
                "{\"type\":\"send\",\"ref\":\"odd\",\"text\":\"x\",\"reply_to\":3}",
                "{\"type\":\"send\",\"ref\":\"unknown\",\"text\":\"x\",\"reply_to\":4000}",
                done());
        String id = session.insertChat("go", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, id, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).extracting(OutboundMessage::inReplyTo, OutboundMessage::platformId,
                    OutboundMessage::threadId).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(other, "side-chat", "th-side"),
                            org.assertj.core.groups.Tuple.tuple(id, SessionFixture.CHAT, "th-1"));
            assertThat(refusal("odd")).contains("outbound seq (odd)");
            assertThat(refusal("unknown")).contains("reply_to 4000 is not a message of this session");
        }
    }

    @Test
    void files_are_copied_into_the_outbox_and_traversal_symlinks_and_oversize_files_are_refused() throws Exception {
        ContainerSpec base = session.spec();
        ContainerSpec.Runner r = base.runner();
        session.writeSpec(new ContainerSpec(base.version(), base.agentGroupId(), base.sessionId(), base.timezone(),
                base.maxMessagesPerBatch(), base.storage(), base.agent(), new ContainerSpec.Runner(r.pollIntervalMs(),
                        r.heartbeatIntervalMs(), r.idleExitMs(), r.batchTimeoutMs(), r.watch(), null, 1000L)));
        Path group = session.group;
        Files.createDirectories(group.resolve("reports"));
        Files.writeString(group.resolve("reports/q3.pdf"), "%PDF pretend");
        Files.write(group.resolve("chart.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(group.resolve("big.bin"), new byte[1001]);
        Files.writeString(tmp.resolve("secret.txt"), "outside the group");
        Files.createSymbolicLink(group.resolve("link.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(group.resolve("linkdir"), group.resolve("reports"));
        script(1, "{\"type\":\"send\",\"ref\":\"files\",\"text\":\"here\",\"files\":[\"reports/q3.pdf\",\"chart.png\"]}",
                "{\"type\":\"send\",\"ref\":\"up\",\"text\":\"x\",\"files\":[\"../../secret.txt\"]}",
                "{\"type\":\"send\",\"ref\":\"abs\",\"text\":\"x\",\"files\":[\"" + tmp.resolve("secret.txt") + "\"]}",
                "{\"type\":\"send\",\"ref\":\"link\",\"text\":\"x\",\"files\":[\"link.txt\"]}",
                "{\"type\":\"send\",\"ref\":\"linkdir\",\"text\":\"x\",\"files\":[\"linkdir/q3.pdf\"]}",
                "{\"type\":\"send\",\"ref\":\"big\",\"text\":\"x\",\"files\":[\"chart.png\",\"big.bin\"]}",
                "{\"type\":\"send\",\"ref\":\"dir\",\"text\":\"x\",\"files\":[\"reports\"]}",
                "{\"type\":\"send\",\"ref\":\"missing\",\"text\":\"x\",\"files\":[\"nope.txt\"]}",
                done());
        String id = session.insertChat("send files", true);
        try (RunnerProcess runner = session.startRunner("runner")) {
            awaitAck(runner, id, AckStatus.COMPLETED);
            List<OutboundMessage> rows = session.replies();
            assertThat(rows).as("only the good send wrote a row").hasSize(1);
            OutboundMessage row = rows.get(0);
            assertThat(content(row)).isEqualTo(Json.parse("{\"text\":\"here\",\"files\":["
                    + "{\"name\":\"q3.pdf\",\"type\":\"application/pdf\",\"size\":12},"
                    + "{\"name\":\"chart.png\",\"type\":\"image/png\",\"size\":4}]}"));
            Path box = session.paths.outbox().resolve(row.id());
            assertThat(Files.readString(box.resolve("q3.pdf"))).isEqualTo("%PDF pretend");
            assertThat(Files.readAllBytes(box.resolve("chart.png"))).hasSize(4);
            try (var listed = Files.list(box)) {
                assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("q3.pdf",
                        "chart.png");
            }
            try (var listed = Files.list(session.paths.outbox())) {
                assertThat(listed.map(p -> p.getFileName().toString())).as("refused sends leave nothing")
                        .containsExactly(row.id());
            }
            assertThat(refusal("up")).contains("leaves the group folder");
            assertThat(refusal("abs")).contains("relative to the group folder");
            assertThat(refusal("link")).contains("symlink");
            assertThat(refusal("linkdir")).contains("symlink");
            assertThat(refusal("big")).contains("1001 bytes").contains("1000");
            assertThat(refusal("dir")).contains("not a regular file");
            assertThat(refusal("missing")).contains("does not exist");
        }
    }

    private void renameDisplay(String name, String display) throws Exception {
        try (var c = io.tandem.schema.db.SqliteOpener.openSession(session.paths.inboundDb(),
                io.tandem.schema.db.Durability.PROCESS)) {
            io.tandem.schema.db.Sql.tx(c, tx -> io.tandem.schema.db.Sql.update(tx,
                    "UPDATE destinations SET display_name = ? WHERE name = ?", display, name));
        }
    }

}
