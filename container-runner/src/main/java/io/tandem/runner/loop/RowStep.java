package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.agent.RunnerMessages;
import io.tandem.runner.store.OutboundRows;
import io.tandem.runner.store.Route;
import io.tandem.schema.rows.OutboundKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code messages_out} row (a chat message, an edit or reaction, a card, a question), its
 * odd seq minted in the INSERT. The {@code result} carries that seq plus the action's own fields
 * ({@code question_id}). {@code what} names the action in the log ({@code send}, {@code edit} …).
 */
final class RowStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(RowStep.class);

    private final JsonNode ref;
    private final String what;
    private final String id;
    private final OutboundKind kind;
    private final Route route;
    private final String inReplyTo;
    private final String contentJson;
    private final Map<String, String> resultFields;
    private long seq;

    RowStep(JsonNode ref, String what, String id, OutboundKind kind, Route route, String inReplyTo, String contentJson,
            Map<String, String> resultFields) {
        this.ref = ref;
        this.what = what;
        this.id = id;
        this.kind = kind;
        this.route = route;
        this.inReplyTo = inReplyTo;
        this.contentJson = contentJson;
        this.resultFields = Map.copyOf(resultFields);
    }

    @Override
    public JsonNode ref() {
        return ref;
    }

    @Override
    public boolean mintsSeq() {
        return true;
    }

    @Override
    public void write(Connection c, TxContext tx) throws SQLException {
        seq = OutboundRows.insert(c, id, tx.otherMax(), inReplyTo, kind, route, contentJson, tx.now());
    }

    @Override
    public String result() {
        return RunnerMessages.resultOk(ref, seq, resultFields);
    }

    @Override
    public void log(String sessionId) {
        log.atInfo().addKeyValue("session", sessionId).addKeyValue("seq", seq).addKeyValue("id", id)
                .addKeyValue("action", what).addKeyValue("kind", kind.wire()).addKeyValue("in_reply_to", inReplyTo)
                .log("reply.written");
    }
}
