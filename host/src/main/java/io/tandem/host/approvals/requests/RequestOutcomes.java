package io.tandem.host.approvals.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.host.channels.ChannelRegistry;
import io.tandem.host.channels.ChatTarget;
import io.tandem.host.channels.OutboundEdit;
import io.tandem.host.routing.SessionWaker;
import io.tandem.host.session.InboundDb;
import io.tandem.host.session.InboundWriter;
import io.tandem.host.session.InsertBatcher;
import io.tandem.host.session.NewInbound;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.json.Json;
import io.tandem.schema.rows.MessageKind;
import io.tandem.schema.session.SessionPaths;
import io.tandem.schema.time.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the asking agent what became of its request and updates the approver's card. The agent
 * gets a {@code system} row (trigger 1) {@code {"type":"request_result","request_id","action",
 * "status","detail"}} in its session's {@code inbound.db}, written on that session's lane; its id
 * is derived from the approval id, so an approval's outcome exists at most once in the session
 * however often this runs. The card edit is best effort: a channel that cannot edit is logged.
 */
final class RequestOutcomes {
    private static final Logger log = LoggerFactory.getLogger(RequestOutcomes.class);

    /** What the agent is told; {@code failed} is an approval whose handler refused the change. */
    enum Status {
        APPROVED, REJECTED, EXPIRED, FAILED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path dataDir;
    private final InsertBatcher inserts;
    private final SessionWaker waker;
    private final ChannelRegistry channels;
    private final Clock clock;

    RequestOutcomes(Path dataDir, SessionLanes lanes, InboundDb inbound, SessionWaker waker, ChannelRegistry channels,
                    Clock clock) {
        this.dataDir = dataDir;
        this.inserts = new InsertBatcher(lanes, inbound, new InboundWriter());
        this.waker = waker;
        this.channels = channels;
        this.clock = clock;
    }

    /** Writes the outcome into the asking session and wakes it; completes when written. */
    CompletableFuture<Void> tell(PendingApproval a, Status status, String detail) {
        ObjectNode content = Json.object().put("type", "request_result").put("request_id", a.requestId())
                .put("action", a.action()).put("status", status.wire()).put("detail", detail);
        NewInbound row = new NewInbound(resultId(a.approvalId()), MessageKind.SYSTEM, Timestamps.now(clock), null,
                true, null, null, null, null, null, Json.write(content));
        SessionPaths paths = SessionPaths.of(dataDir, a.agentGroupId(), a.sessionId());
        return inserts.insert(a.sessionId(), paths, () -> row).handle((out, err) -> {
            if (err != null) {
                log.atError().addKeyValue("session", a.sessionId()).addKeyValue("approval", a.approvalId())
                        .addKeyValue("status", status.wire()).setCause(err).log("request.result_write_failed");
                return null;
            }
            log.atInfo().addKeyValue("session", a.sessionId()).addKeyValue("approval", a.approvalId())
                    .addKeyValue("request", a.requestId()).addKeyValue("status", status.wire())
                    .addKeyValue("seq", out.seq()).addKeyValue("id", out.id())
                    .addKeyValue("duplicate", out.duplicate()).log("request.result_written");
            if (!out.duplicate()) {
                waker.wake(a.sessionId());
            }
            return null;
        });
    }

    /** Replaces the card's text with {@code text} (its buttons go), when the card was sent. */
    void editCard(PendingApproval a, Status status, String text) {
        if (a.platformMessageId() == null || a.channelType() == null) {
            return;
        }
        OutboundEdit edit = new OutboundEdit(a.sessionId(), a.agentGroupId(), a.approvalId() + "-" + status.wire(), 0,
                new ChatTarget(a.channelType(), a.platformId(), null), a.platformMessageId(), 0, text,
                Timestamps.now(clock));
        channels.get(a.channelType()).ifPresent(ch -> ch.edit(edit).whenComplete((r, err) -> {
            if (err != null) {
                log.atWarn().addKeyValue("approval", a.approvalId()).addKeyValue("error", err.toString())
                        .log("request.card_edit_failed");
            }
        }));
    }

    /** The inbound id of an approval's outcome: one per approval. */
    static String resultId(String approvalId) {
        return "m-" + approvalId;
    }
}
