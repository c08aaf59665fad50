package io.tandem.runner.loop;

import io.tandem.runner.agent.AgentConnection;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.OutboundStore;
import io.tandem.runner.store.Route;
import io.tandem.schema.ids.Ids;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.time.Timestamps;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /clear} (DESIGN §5.4): the runner itself clears {@code session_state}, replies "Session
 * cleared." and tells the agent {@code {"type":"clear"}}. The host has already checked that the
 * sender may do this before writing the row. The state deletion, the reply and the completed ack
 * are one commit. A batch never spans a {@code /clear}: rows before it form their own batch, so
 * they are answered with the state they were written against.
 */
final class ClearCommand {
    private static final Logger log = LoggerFactory.getLogger(ClearCommand.class);
    static final String REPLY = "Session cleared.";

    private ClearCommand() {
    }

    static boolean isClear(InboundMessage m) {
        if (m.kind() != MessageKind.CHAT) {
            return false;
        }
        try {
            String text = Json.text(Json.parse(m.content()), "text");
            return text != null && text.strip().equals("/clear");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Index of the first {@code /clear} row, or -1. */
    static int indexIn(List<InboundMessage> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (isClear(rows.get(i))) {
                return i;
            }
        }
        return -1;
    }

    static void run(InboundMessage row, InboundReader inbound, OutboundStore outbound, AgentConnection agent,
            String sessionId) throws SQLException {
        long otherMax = inbound.read(InboundReader::maxSeq).orElse(0L); // before the write transaction
        String now = Timestamps.format(Instant.now());
        String id = Ids.mint(Ids.MESSAGE_OUT);
        long seq = outbound.tx(c -> {
            OutboundRows.stateClear(c);
            long s = OutboundRows.insertChat(c, id, otherMax, row.id(),
                    new Route(row.channelType(), row.platformId(), row.threadId()),
                    Json.write(Json.object().put("text", REPLY)), now);
            OutboundRows.ackFinal(c, List.of(row), false, null, now);
            OutboundRows.containerState(c, null, null, "idle", now);
            return s;
        });
        agent.send(List.of("{\"type\":\"clear\"}"));
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("seq", row.seq()).addKeyValue("reply_seq", seq)
                .log("session.cleared");
    }
}
