package io.tandem.host.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.host.session.SessionRef;
import java.util.concurrent.CompletableFuture;

/**
 * One host-side action an agent asks for with a {@code system} row {@code {"action": NAME, ...}}
 * (DESIGN 5.5), registered by name with the delivery service. It runs off the session's lane; an
 * action that writes the session's inbound.db submits that work to the lane itself and must be
 * idempotent per {@code messageOutId}: a crash before the pass records the row repeats it. A
 * refusal is answered as {@link Outcome.Failed} naming what was wrong: the pass turns it into a
 * {@code delivery_failed} note (trigger 0) the agent sees with its next batch, never swallowed.
 */
@FunctionalInterface
public interface SystemAction {

    /** The row asking: its session, id, seq and content. */
    record Request(SessionRef session, String messageOutId, long seq, JsonNode content) {
    }

    CompletableFuture<Outcome> run(Request request);
}
