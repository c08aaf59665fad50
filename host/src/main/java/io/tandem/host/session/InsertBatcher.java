package io.tandem.host.session;

import io.tandem.host.work.GroupCommit;
import io.tandem.host.work.SessionLanes;
import io.tandem.schema.db.Sql;
import io.tandem.schema.session.SessionPaths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of inbound messages per session: inserts queued for one session while its lane is
 * busy are written by the next lane turn in ONE {@code inbound.db} transaction, so several
 * messages in flight for a chat share one commit (one set of fsyncs) instead of one each.
 *
 * <p>Invariants kept: seq minting is unchanged (the other file's max is read once before the
 * transaction; each INSERT mints the next even seq above the own-table max, which includes the
 * rows inserted earlier in the same transaction); a duplicate platform message id answers with the
 * existing row, also within one batch; each insert runs in its own savepoint, so a bad row fails
 * only its own caller; and a caller's future completes only after the shared COMMIT (the 202 is
 * sent after the commit, never before) — if the commit fails, every caller of the batch fails.
 * No timers: only what is already queued when the lane turn starts is coalesced. The session's
 * {@link DeferredWrite}s (a delivery pass's record) ride in the same transaction, each in its own
 * savepoint ahead of the inserts, so a conversation's reply record and next message share a commit.
 */
public final class InsertBatcher {
    private static final Logger log = LoggerFactory.getLogger(InsertBatcher.class);
    /** Bounds one transaction; the rest waits for the next turn (each insert schedules one). */
    private static final int MAX_BATCH = 64;

    /**
     * Lane-side preparation before the transaction (e.g. creating the session folder, serialising
     * the content), so that work stays off the caller's thread; returns the row to insert.
     */
    @FunctionalInterface
    public interface Prepare {
        NewInbound row() throws Exception;
    }

    private record Pending(SessionPaths paths, Prepare prepare, CompletableFuture<InsertOutcome> result) {
    }

    private record Ready(NewInbound row, CompletableFuture<InsertOutcome> result) {
    }

    private final SessionLanes lanes;
    private final InboundDb inbound;
    private final InboundWriter writer;
    private final ConcurrentHashMap<String, ArrayDeque<Pending>> queued = new ConcurrentHashMap<>();

    public InsertBatcher(SessionLanes lanes, InboundDb inbound, InboundWriter writer) {
        this.lanes = lanes;
        this.inbound = inbound;
        this.writer = writer;
    }

    /**
     * Queues an insert for session {@code sessionId}; {@code prepare} runs on the lane before the
     * transaction and yields the row. The future completes with the row's outcome after the commit.
     */
    public CompletableFuture<InsertOutcome> insert(String sessionId, SessionPaths paths, Prepare prepare) {
        Pending p = new Pending(paths, prepare, new CompletableFuture<>());
        queued.compute(sessionId, (k, q) -> {
            ArrayDeque<Pending> queue = q == null ? new ArrayDeque<>() : q;
            queue.add(p);
            return queue;
        });
        lanes.submit(sessionId, () -> {
            runTurn(sessionId);
            return null;
        }).whenComplete((ignored, err) -> {
            if (err != null) {
                // the turn itself failed outside any batch (cannot normally happen): never leave a caller hanging
                p.result().completeExceptionally(err);
            }
        });
        return p.result();
    }

    /** Number of sessions with inserts waiting for their lane (for tests and metrics). */
    public int waitingSessions() {
        return queued.size();
    }

    private List<Pending> drain(String sessionId) {
        List<Pending> batch = new ArrayList<>();
        queued.computeIfPresent(sessionId, (k, q) -> {
            while (!q.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(q.poll());
            }
            return q.isEmpty() ? null : q;
        });
        return batch;
    }

    private void runTurn(String sessionId) {
        List<Pending> drained = drain(sessionId);
        if (drained.isEmpty()) {
            return; // an earlier turn took this caller's insert
        }
        List<Ready> ready = new ArrayList<>(drained.size());
        for (Pending p : drained) {
            try {
                ready.add(new Ready(p.prepare().row(), p.result()));
            } catch (Exception | Error e) {
                log.atWarn().addKeyValue("session", sessionId).setCause(e).log("inbound.prepare_failed");
                p.result().completeExceptionally(e);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        SessionPaths paths = drained.get(0).paths();
        List<GroupCommit.Outcome<InsertOutcome>> outcomes;
        try {
            outcomes = inbound.withDeferredTaken(paths, (c, deferred) -> {
                long otherMax = writer.otherMax(inbound.outbound(), paths);
                List<Sql.TxWork<?>> members = new ArrayList<>(DeferredWrites.members(deferred));
                ready.forEach(p -> members.add(tx -> writer.insert(tx, p.row(), otherMax)));
                List<GroupCommit.Outcome<Object>> all = GroupCommit.run(c, members);
                DeferredWrites.report(paths, deferred, all);
                List<GroupCommit.Outcome<InsertOutcome>> own = new ArrayList<>(ready.size());
                for (GroupCommit.Outcome<Object> o : all.subList(deferred.size(), all.size())) {
                    own.add(new GroupCommit.Outcome<>((InsertOutcome) o.value(), o.failure()));
                }
                return own;
            });
        } catch (Exception | Error e) {
            log.atWarn().addKeyValue("session", sessionId).addKeyValue("batch", ready.size()).setCause(e)
                    .log("inbound.batch_failed");
            for (Ready p : ready) {
                p.result().completeExceptionally(e);
            }
            return;
        }
        if (ready.size() > 1) {
            log.atDebug().addKeyValue("session", sessionId).addKeyValue("batch", ready.size())
                    .log("inbound.group_commit");
        }
        for (int i = 0; i < ready.size(); i++) {
            GroupCommit.Outcome<InsertOutcome> o = outcomes.get(i);
            if (o.failed()) {
                log.atWarn().addKeyValue("session", sessionId).addKeyValue("id", ready.get(i).row().id())
                        .setCause(o.failure()).log("inbound.insert_failed");
                ready.get(i).result().completeExceptionally(o.failure());
            } else {
                ready.get(i).result().complete(o.value());
            }
        }
    }
}
