package io.tandem.host.questions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.delivery.PendingQuestion;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertBatcher;
import io.tandem.host.session.InsertOutcome;
import io.tandem.host.session.NewInbound;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the one {@code question_response} a question ever gets into the asking session's
 * {@code inbound.db} (kind {@code system}, {@code trigger=1}, on the session's lane through the
 * {@link InsertBatcher}) and wakes the session. Shared by a click's answer and by expiry: the row
 * id is derived from the question id alone, so an answer and an expiry of the same question can
 * never both exist — the second write is a duplicate and changes nothing.
 */
final class QuestionResponses {
    private final Path dataDir;
    private final InsertBatcher inserts;
    private final SessionWaker waker;

    QuestionResponses(Path dataDir, SessionLanes lanes, InboundDb inbound, SessionWaker waker) {
        this.dataDir = dataDir;
        this.inserts = new InsertBatcher(lanes, inbound, new InboundWriter());
        this.waker = waker;
    }

    /** A click's answer: {@code {"type":"question_response","question_id","value","user_id"}}. */
    static ObjectNode answered(String questionId, String value, String userId) {
        return Json.object().put("type", "question_response").put("question_id", questionId).put("value", value)
                .put("user_id", userId);
    }

    /** An expiry: as an answer with {@code value} and {@code user_id} null, and {@code "expired":true}. */
    static ObjectNode expired(String questionId) {
        return answered(questionId, null, null).put("expired", true);
    }

    /** Writes {@code content} as {@code q}'s response; wakes the session unless the row was already there. */
    CompletableFuture<InsertOutcome> write(PendingQuestion q, String agentGroupId, ObjectNode content, Instant now) {
        SessionPaths paths = SessionPaths.of(dataDir, agentGroupId, q.sessionId());
        NewInbound row = new NewInbound(responseId(q.questionId()), MessageKind.SYSTEM, Timestamps.format(now), null,
                true, q.chat().platformId(), q.chat().channelType(), q.chat().threadId(), null, null,
                Json.write(content));
        return inserts.insert(q.sessionId(), paths, () -> row).thenApply(out -> {
            if (!out.duplicate()) {
                waker.wake(q.sessionId());
            }
            return out;
        });
    }

    /** The inbound id of a question's answer: one per question, so it can never be written twice. */
    static String responseId(String questionId) {
        return "m-" + questionId;
    }
}
