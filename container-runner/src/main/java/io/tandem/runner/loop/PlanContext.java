package io.tandem.runner.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.runner.store.Destination;
import io.tandem.runner.store.InboundReader;
import io.tandem.runner.store.OutboundStore;
import io.tandem.runner.store.Route;
import io.tandem.schema.rows.InboundMessage;
import io.tandem.schema.rows.OutboundMessage;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What planning one group of agent lines may look at: the batch in flight (or null), the message
 * replies answer by default, and reads of the session files, all done BEFORE the group's write
 * transaction (invariant 2). Destinations are read at most once per group. An empty
 * {@code Optional} from an inbound read means inbound.db cannot be read right now; planners
 * refuse the line with "try again" then.
 */
final class PlanContext {
    private final ActionEnv env;
    private final InboundReader inbound;
    private final OutboundStore outbound;
    private final Batch batch;
    private final InboundMessage replyTo;
    private Optional<Map<String, Destination>> destinations;
    private boolean doneSeen;

    PlanContext(ActionEnv env, InboundReader inbound, OutboundStore outbound, Batch batch, InboundMessage replyTo) {
        this.env = env;
        this.inbound = inbound;
        this.outbound = outbound;
        this.batch = batch;
        this.replyTo = replyTo;
    }

    static final String UNREADABLE = "inbound.db cannot be read right now; try again";

    ActionEnv env() {
        return env;
    }

    /** The batch in flight, or null for output between batches. */
    Batch batch() {
        return batch;
    }

    /** The message replies answer by default: the batch's last triggering message, else the last batch's. */
    InboundMessage replyTo() {
        return replyTo;
    }

    /** The chat a reply to {@code answered} goes to: its own chat, else the session's default. */
    static Route chatOf(InboundMessage answered) {
        return answered == null ? Route.DEFAULT
                : new Route(answered.channelType(), answered.platformId(), answered.threadId());
    }

    Optional<Map<String, Destination>> destinations() {
        if (destinations == null) {
            destinations = inbound.read(InboundReader::destinationsByName);
        }
        return destinations;
    }

    /** The inbound row with {@code seq}: empty = unreadable, an empty inner = no such row. */
    Optional<Optional<InboundMessage>> inboundAt(long seq) {
        return inbound.read(c -> InboundReader.bySeq(c, seq));
    }

    /** The message of the batch in flight with {@code seq}, read with the batch (no file read). */
    Optional<InboundMessage> batchMessage(long seq) {
        return batch == null ? Optional.empty()
                : batch.messages().stream().filter(m -> m.seq() == seq).findFirst();
    }

    Optional<OutboundMessage> outboundAt(long seq) throws SQLException {
        return outbound.messageAt(seq);
    }

    /** The thread of the latest inbound message of a chat: empty = unreadable, an empty inner = none. */
    Optional<Optional<String>> latestThread(String channelType, String platformId) {
        return inbound.read(c -> InboundReader.latestThread(c, channelType, platformId));
    }

    /** A task occurrence as the agent sees it in {@code task list}. */
    record TaskView(String id, String seriesId, String nextRun, String recurrence, String status, String prompt) {
    }

    /** The session's live tasks (pending or paused), newest first; null when inbound.db cannot be read. */
    List<TaskView> tasks() {
        return inbound.read(c -> io.tandem.schema.db.Sql.list(c, "SELECT id, series_id, process_after, recurrence, "
                + "status, content FROM messages_in WHERE kind = 'task' AND status IN ('pending','paused') "
                + "ORDER BY seq DESC", rs -> new TaskView(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), prompt(rs.getString(6))))).orElse(null);
    }

    private static String prompt(String content) {
        try {
            return io.tandem.schema.json.Json.text(io.tandem.schema.json.Json.parse(content), "prompt");
        } catch (RuntimeException e) {
            return null;
        }
    }

    boolean doneSeen() {
        return doneSeen;
    }

    void markDone() {
        doneSeen = true;
    }

    /**
     * Counts {@code bytes} of output of one {@code what} line against the batch's
     * {@code max_output_per_batch}. True when the line may be written. Otherwise the line is
     * refused into {@code out}: because the batch already failed, or as the line that crosses the
     * limit (then a {@link FailBatchStep} fails the batch in the same transaction).
     */
    boolean admit(JsonNode ref, String what, long bytes, List<Step> out) {
        if (batch == null) {
            return true;
        }
        if (batch.failure() != null) {
            out.add(new RefusedStep(ref, "batch " + batch.id() + " has failed (" + batch.failure() + "); this "
                    + what + " was discarded"));
            return false;
        }
        long limit = env.maxOutputPerBatch();
        if (batch.outputBytes() + bytes > limit) {
            String reason = "agent output of batch " + batch.id() + " exceeded agent.max_output_per_batch ("
                    + limit + " bytes, " + batch.outputBytes() + " written before this " + what + " of "
                    + bytes + " bytes)";
            batch.fail(reason);
            out.add(new FailBatchStep(ref, batch, reason, limit));
            out.add(new RefusedStep(ref, reason + "; the batch is failed and its further output is discarded"));
            return false;
        }
        batch.addOutput(bytes);
        return true;
    }

    /** Gives back what {@link #admit} counted for a line that was refused after all (its files). */
    void refund(long bytes) {
        if (batch != null && batch.failure() == null) {
            batch.addOutput(-bytes);
        }
    }
}
